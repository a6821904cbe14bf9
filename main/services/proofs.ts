// Proofs of possession kept in the data folder, so the CLI and the app see the same ones:
//
//   proofs/received/<key list sha256>/<sha256 of the proof>.json   imported by the coordinator
//   proofs/made/<sha256 of the proof>.json                          made on this laptop (rstuf-signer prove)
//
// A proof is checked (main/core/ceremony/proof.ts) before it is stored; the review reads the ones
// stored for the pending root's key list and checks them again, so a file changed on disk counts
// for nothing. Files are content-addressed: importing the same proof twice stores it once.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SignerError } from '../../shared/errors.js';
import type { KeyProofStatus } from '../../shared/review/types.js';
import { canonicalize } from '../../shared/tuf/canonical.js';
import { parseProof, verifyProof, type KeyProof, type ProofCeremony } from '../core/ceremony/proof.js';
import { writeFileAtomic } from '../core/platform/atomic-file.js';
import type { DocumentReviewOptions } from '../core/review/review-document.js';
import { parseJsonText, readTextFile } from '../core/tuf/load-document.js';

/** A proof file is a few hundred bytes; anything much larger is not one. */
export const MAX_PROOF_BYTES = 64 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;

export interface ImportedProof {
  status: KeyProofStatus;
  /** False when the same proof was already stored. */
  added: boolean;
}

export class ProofStore {
  constructor(readonly dir: string) {}

  private receivedDir(keyListSha256: string): string {
    // The sha256 comes from a checked proof or from our own hash; never a path from a file.
    if (!HEX64.test(keyListSha256)) throw new SignerError('INTERNAL', 'a key list sha256 must be 64 hex digits');
    return join(this.dir, 'received', keyListSha256);
  }

  /** Checks `proof` against `ceremony` (throws a specific SignerError when it does not hold), then stores it. */
  import(proof: KeyProof, ceremony: ProofCeremony, source: string): ImportedProof {
    const status = verifyProof(proof, ceremony, source);
    const dir = this.receivedDir(proof.signed.key_list_sha256);
    return { status, added: this.write(dir, proof) };
  }

  /** Records a proof this laptop made, for the holder's own later checks. */
  recordMade(proof: KeyProof): void {
    this.write(join(this.dir, 'made'), proof);
  }

  /** Every stored proof for one key list (unreadable files are skipped: the review re-checks them anyway). */
  forKeyList(keyListSha256: string): KeyProof[] {
    return this.readAll(this.receivedDir(keyListSha256));
  }

  /** The proofs made on this laptop. */
  made(): KeyProof[] {
    return this.readAll(join(this.dir, 'made'));
  }

  private write(dir: string, proof: KeyProof): boolean {
    const text = `${JSON.stringify(proof, null, 2)}\n`;
    const target = join(dir, `${createHash('sha256').update(canonicalize(proof)).digest('hex')}.json`);
    if (existsSync(target)) return false;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(target, text);
    return true;
  }

  private readAll(dir: string): KeyProof[] {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const proofs: KeyProof[] = [];
    for (const name of names) {
      try {
        proofs.push(readProofFile(join(dir, name)));
      } catch (error) {
        if (!(error instanceof SignerError)) throw error;
      }
    }
    return proofs;
  }
}

/**
 * What the review needs from the store: the proofs imported for a pending root's key list, and the
 * ones this laptop made, checked against `repository` (the bundle's API, else the file's name, as
 * the audit log names it). The same for inspect, sign, record and the app.
 */
export function proofReviewOptions(store: ProofStore, repository: string): Required<Pick<DocumentReviewOptions, 'proofs' | 'madeProofs'>> {
  return { proofs: (sha) => store.forKeyList(sha), madeProofs: { repository, proofs: store.made() } };
}

/** Reads and parses one proof file (size-limited, strict JSON); the errors name the file. */
export function readProofFile(path: string): KeyProof {
  const text = readTextFile(path, MAX_PROOF_BYTES);
  const name = path.split(/[\\/]/).pop() ?? path;
  return parseProof(parseJsonText(text, name), name);
}
