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
import { basename, join } from 'node:path';
import { SignerError } from '../../shared/errors.js';
import type { KeyProofStatus } from '../../shared/review/types.js';
import { canonicalize } from '../../shared/tuf/canonical.js';
import type { ProofImportResult, RecordSaveResult, ReviewModel } from '../../shared/ipc/schemas.js';
import { describeKeyProof } from '../../shared/review/warnings.js';
import { ceremonyOf, parseProof, pendingRootOf, verifyProof, type KeyProof, type ProofCeremony } from '../core/ceremony/proof.js';
import { ceremonyRecord } from '../core/ceremony/record.js';
import { printRecordToPdf } from '../core/ceremony/record-pdf.js';
import { orCancel } from './cancelled.js';
import { friendlyWriteError } from './write-errors.js';
import type { AppContext } from './context.js';
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

// ------------------------------------------------------------------ the app's channels

export interface ProofServiceDeps {
  ctx: AppContext;
  store: ProofStore;
  /** The item's review after a proof is kept (the same handler the Review screen calls). */
  reviewGet: (request: { itemId: string }) => Promise<ReviewModel>;
}

const PROOF_FILTERS = [{ name: 'Proof of possession (JSON)', extensions: ['json'] }];

export function createProofService(deps: ProofServiceDeps): { proofImport(req: { itemId: string }): Promise<ProofImportResult>; recordSave(req: { itemId: string; pdf: boolean }): Promise<RecordSaveResult> } {
  const { ctx, store } = deps;
  const writing = <T>(target: string, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw friendlyWriteError(error, target);
    }
  };
  return {
    async proofImport(req) {
      const entry = ctx.workspace.get(req.itemId);
      const root = pendingRootOf(entry.doc);
      // Said before a dialog opens: only a pending root enrols keys.
      if (!root) throw new SignerError('INPUT_UNKNOWN_KIND', `${entry.displayName} holds no pending root; proofs of possession are for a bootstrap or root update`);
      const path = orCancel(await ctx.dialogs.openFile({ title: 'Choose a key holder\'s proof of possession', filters: PROOF_FILTERS }), 'Importing a proof of possession');
      const fileName = basename(path);
      const { status, added } = store.import(readProofFile(path), ceremonyOf(root.signed), fileName);
      return { fileName, keyid: status.keyid, keyName: status.name, words: describeKeyProof(status), added, review: await deps.reviewGet({ itemId: entry.id }) };
    },

    async recordSave(req) {
      const entry = ctx.workspace.get(req.itemId);
      const anchor = ctx.trust.anchor(entry.doc);
      const record = ceremonyRecord(entry.doc, { anchor, source: entry.displayName, ...proofReviewOptions(store, entry.repository), audit: ctx.audit.entries(), generatedAt: ctx.now(), repository: entry.repository });
      const day = ctx.now().toISOString().slice(0, 10);
      const html = orCancel(await ctx.dialogs.saveFile({ title: 'Save the ceremony record', defaultName: `ceremony-record-${day}.html`, filters: [{ name: 'HTML', extensions: ['html'] }] }), 'Saving the ceremony record');
      writing(html, () => writeFileAtomic(html, record.html));
      let pdfFileName: string | null = null;
      if (req.pdf) {
        const pdf = orCancel(await ctx.dialogs.saveFile({ title: 'Save the ceremony record as PDF', defaultName: `ceremony-record-${day}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] }), 'Saving the ceremony record as PDF');
        writing(pdf, () => printRecordToPdf(record.html, pdf));
        pdfFileName = basename(pdf);
      }
      return { htmlFileName: basename(html), pdfFileName, sha256: record.sha256 };
    },
  };
}
