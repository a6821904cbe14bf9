// Proof of possession at enrolment: before a new key goes into a root, its holder signs a challenge
// that binds this ceremony (repository name, sha256 of the canonical JSON of the unsigned root's
// key list, the key id, a date) with that key, on their own laptop. The coordinator's review then
// says per new key "proved by signing on DATE" or "not proved".
//
// The proof's signed part has its own `_type`, which no TUF role uses, so a proof signature can
// never be replayed as a signature over metadata (and the reverse). Signing goes through the one
// signing path (signAndVerify), so a key file and a token prove in the same way.

import { createHash } from 'node:crypto';
import { SignerError } from '../../../shared/errors.js';
import type { JsonValue } from '../../../shared/json/strict-json.js';
import type { KeyProofStatus } from '../../../shared/review/types.js';
import { canonicalBytes, canonicalize } from '../../../shared/tuf/canonical.js';
import type { RstufDocument } from '../../../shared/tuf/documents.js';
import { type RootMetadata, type TufKey, type TufRootSigned, type TufSignature } from '../../../shared/tuf/types.js';
import { signAndVerify, type AsyncSigner } from '../signers/signer.js';
import { keyDisplayName, sameKey } from '../tuf/tuf-keys.js';
import { verifySignature } from '../tuf/verify.js';

export const CHALLENGE_TYPE = 'rstuf-signer-key-proof-challenge';
export const PROOF_TYPE = 'rstuf-signer-key-proof';

/** What the coordinator hands each new key holder (one file per key). */
export interface ProofChallenge {
  _type: typeof CHALLENGE_TYPE;
  version: 1;
  repository: string;
  /** The version of the root the key is enrolled in (1 for a bootstrap). */
  root_version: number;
  /** sha256 (hex) of the canonical JSON of the unsigned root's `keys`: the ceremony it belongs to. */
  key_list_sha256: string;
  keyid: string;
  /** The public key as the root lists it (keytype, scheme, keyval). */
  key: TufKey;
  key_name: string;
  /** The day the challenge was made (YYYY-MM-DD). */
  date: string;
}

/** The signed part of a proof: the challenge, when it was signed and with what. */
export interface ProofSigned extends Omit<ProofChallenge, '_type'> {
  _type: typeof PROOF_TYPE;
  /** ISO 8601 time the holder's laptop signed it. */
  signed_at: string;
  /** "key file alice.pem", "YubiKey PIV #18158855 slot 9c": for the ceremony record. */
  signed_with: string;
}

export interface KeyProof {
  signed: ProofSigned;
  signatures: [TufSignature];
}

/** The ceremony a proof must belong to: the pending root's key list and, when known, the repository. */
export interface ProofCeremony {
  keys: Record<string, TufKey>;
  keyListSha256: string;
  repository?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** sha256 of the canonical JSON of a root's key list: what binds a proof to one ceremony. */
export function keyListSha256(keys: Record<string, TufKey>): string {
  return createHash('sha256').update(canonicalize(keys)).digest('hex');
}

/** The pending root of a bootstrap or root update, or undefined when the document has none. */
export function pendingRootOf(doc: RstufDocument): RootMetadata | undefined {
  const root = doc.pending.find((p) => p.metadata.signed._type === 'root');
  return root?.metadata as RootMetadata | undefined;
}

export function ceremonyOf(root: TufRootSigned, repository?: string): ProofCeremony {
  return { keys: root.keys ?? {}, keyListSha256: keyListSha256(root.keys ?? {}), ...(repository !== undefined ? { repository } : {}) };
}

/**
 * The root keys of `pending` that `trusted` does not already trust as root keys (every root key
 * for a bootstrap): the keys whose holders are asked for a proof. The online key signs on a server
 * and is not among them.
 */
export function newRootKeyIds(pending: TufRootSigned, trusted?: TufRootSigned): string[] {
  const old = (trusted?.roles?.root?.keyids ?? []).flatMap((id) => (trusted?.keys?.[id] ? [trusted.keys[id] as TufKey] : []));
  return [...new Set(pending.roles?.root?.keyids ?? [])].filter((id) => {
    const key = pending.keys?.[id];
    return key !== undefined && !old.some((k) => sameKey(k, key));
  });
}

/** Only what identifies the key: a name or URI field must not change what is proved. */
function bareKey(key: TufKey): TufKey {
  return { keytype: key.keytype, scheme: key.scheme, keyval: { public: key.keyval.public } };
}

/** One challenge per new root key of `doc`'s pending root. */
export function makeChallenges(doc: RstufDocument, options: { repository: string; now: Date; trustedRoot?: RootMetadata }): ProofChallenge[] {
  const root = pendingRootOf(doc);
  if (!root) throw new SignerError('INPUT_UNKNOWN_KIND', 'this file holds no root to enrol keys for; proofs of possession are made for a bootstrap or root update payload');
  if (options.repository.trim() === '') throw new SignerError('USAGE', 'the repository name of a challenge must not be empty');
  const trusted = options.trustedRoot ?? doc.trustedRoot;
  const ids = newRootKeyIds(root.signed, root.signed.version > 1 ? trusted?.signed : undefined);
  if (ids.length === 0) throw new SignerError('CEREMONY_INVALID', 'this root adds no new root key, so there is nothing to prove');
  const sha = keyListSha256(root.signed.keys ?? {});
  const date = options.now.toISOString().slice(0, 10);
  return ids.map((keyid) => {
    const key = root.signed.keys[keyid] as TufKey;
    return { _type: CHALLENGE_TYPE, version: 1, repository: options.repository, root_version: root.signed.version, key_list_sha256: sha, keyid, key: bareKey(key), key_name: keyDisplayName(keyid, key), date };
  });
}

/** The holder signs the challenge with the key it names (key file or token), on their laptop. */
export async function proveChallenge(challenge: ProofChallenge, signer: AsyncSigner, now: Date): Promise<KeyProof> {
  const signed: ProofSigned = { ...challenge, _type: PROOF_TYPE, signed_at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), signed_with: signer.source };
  const signature = await signAndVerify(signer, canonicalBytes(signed), challenge.keyid, challenge.key);
  return { signed, signatures: [signature] };
}

// ------------------------------------------------------------------ reading the files

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldsOf(json: JsonValue, type: string, what: string, source: string): Record<string, unknown> {
  if (!isObject(json)) throw new SignerError('INPUT_MALFORMED', `${source} is not a ${what} (expected a JSON object)`);
  if (json._type !== type) throw new SignerError('INPUT_MALFORMED', `${source} is not a ${what} ("_type" must be "${type}", found ${JSON.stringify(json._type ?? null)})`);
  if (json.version !== 1) throw new SignerError('INPUT_MALFORMED', `${source}: ${what} version ${JSON.stringify(json.version ?? null)} is not supported (this signer reads version 1)`);
  const str = (name: string, pattern?: RegExp): void => {
    const v = json[name];
    if (typeof v !== 'string' || v === '' || (pattern && !pattern.test(v))) throw new SignerError('INPUT_MALFORMED', `${source}: "${name}" is missing or malformed in this ${what}`);
  };
  str('repository');
  str('key_list_sha256', HEX64);
  str('keyid');
  str('key_name');
  str('date', DATE);
  if (!Number.isSafeInteger(json.root_version) || (json.root_version as number) < 1) throw new SignerError('INPUT_MALFORMED', `${source}: "root_version" is missing or malformed in this ${what}`);
  const key = json.key;
  if (!isObject(key) || typeof key.keytype !== 'string' || typeof key.scheme !== 'string' || !isObject(key.keyval) || typeof key.keyval.public !== 'string') {
    throw new SignerError('INPUT_MALFORMED', `${source}: "key" must be a TUF public key {keytype, scheme, keyval: {public}}`);
  }
  return json;
}

export function parseChallenge(json: JsonValue, source: string): ProofChallenge {
  return fieldsOf(json, CHALLENGE_TYPE, 'proof-of-possession challenge', source) as unknown as ProofChallenge;
}

export function parseProof(json: JsonValue, source: string): KeyProof {
  if (!isObject(json) || !isObject(json.signed) || !Array.isArray(json.signatures)) {
    throw new SignerError('INPUT_MALFORMED', `${source} is not a proof of possession (expected {"signed": ..., "signatures": [...]}); a challenge is turned into one with rstuf-signer prove`);
  }
  const signed = fieldsOf(json.signed as JsonValue, PROOF_TYPE, 'proof of possession', source);
  if (typeof signed.signed_at !== 'string' || Number.isNaN(Date.parse(signed.signed_at)) || typeof signed.signed_with !== 'string') {
    throw new SignerError('INPUT_MALFORMED', `${source}: "signed_at" and "signed_with" are missing or malformed in this proof of possession`);
  }
  const sigs = json.signatures;
  const sig = sigs[0];
  if (sigs.length !== 1 || !isObject(sig) || typeof sig.keyid !== 'string' || typeof sig.sig !== 'string') {
    throw new SignerError('INPUT_MALFORMED', `${source}: a proof of possession carries exactly one signature {keyid, sig}`);
  }
  return json as unknown as KeyProof;
}

/**
 * Checks a proof: its signature over its own signed part by the key it names, and that it belongs
 * to `ceremony` (same key list, the key listed under that id, the repository when known). Throws
 * SIGNATURE_INVALID for a changed or forged proof, CEREMONY_INVALID for a proof of another ceremony.
 */
export function verifyProof(proof: KeyProof, ceremony: ProofCeremony, source: string): KeyProofStatus {
  const s = proof.signed;
  const sig = proof.signatures[0];
  const named = `${source} (${s.key_name}, key id ${s.keyid.slice(0, 8)})`;
  if (sig.keyid !== s.keyid || !verifySignature(s.key, sig.sig, canonicalBytes(s))) {
    throw new SignerError('SIGNATURE_INVALID', `the proof ${named} does not verify: it was changed after it was signed, or it was not signed by the key it names. Ask the holder for a new proof`);
  }
  if (s.key_list_sha256 !== ceremony.keyListSha256) {
    throw new SignerError(
      'CEREMONY_INVALID',
      `the proof ${named} is for another ceremony: it was made for a key list with sha256 ${s.key_list_sha256.slice(0, 16)}..., this root's key list has sha256 ${ceremony.keyListSha256.slice(0, 16)}...; make new challenges for this payload`,
    );
  }
  const listed = ceremony.keys[s.keyid];
  if (!listed || !sameKey(listed, s.key)) {
    throw new SignerError('CEREMONY_INVALID', `the proof ${named} is for a key this root does not list under key id ${s.keyid.slice(0, 8)}`);
  }
  if (ceremony.repository !== undefined && ceremony.repository !== s.repository) {
    throw new SignerError('CEREMONY_INVALID', `the proof ${named} is for repository "${s.repository}", not "${ceremony.repository}"`);
  }
  return { keyid: s.keyid, name: keyDisplayName(s.keyid, listed), signedOn: s.signed_at.slice(0, 10), signedAt: s.signed_at, signedWith: s.signed_with, repository: s.repository };
}

/**
 * Proof status of every new root key of a pending root, from the proofs available for its key
 * list: what the review says per key. Proofs that do not verify are left out (they prove nothing).
 */
export function keyProofStatuses(root: TufRootSigned, trusted: TufRootSigned | undefined, proofs: readonly KeyProof[]): KeyProofStatus[] {
  const ceremony = ceremonyOf(root);
  const proved = new Map<string, KeyProofStatus>();
  for (const proof of proofs) {
    try {
      const status = verifyProof(proof, ceremony, 'stored proof');
      if (!proved.has(status.keyid)) proved.set(status.keyid, status);
    } catch (error) {
      if (!(error instanceof SignerError)) throw error;
    }
  }
  return newRootKeyIds(root, trusted).map((keyid) => proved.get(keyid) ?? { keyid, name: keyDisplayName(keyid, root.keys[keyid]) });
}

/** The file name a proof is stored and written under: unique per ceremony and key. */
export function proofFileName(proof: KeyProof | ProofChallenge): string {
  const s = 'signed' in proof ? proof.signed : proof;
  return `${s.key_list_sha256.slice(0, 16)}-${s.keyid.slice(0, 16)}.json`;
}

/** A short file-name-safe name for a key's challenge: "alice-1a2b3c4d". */
export function challengeFileName(challenge: ProofChallenge): string {
  const name = challenge.key_name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'key';
  return `challenge-${name}-${challenge.keyid.slice(0, 8)}.json`;
}

/**
 * The holder's own check when signing a root: keys this laptop proved for `repository` and this
 * root version that the root does not list (under the proved key id, with the proved key). The key
 * list changed after the holder proved their key: a swapped or dropped key.
 */
export function provedKeysMissing(root: TufRootSigned, made: readonly KeyProof[], repository: string): KeyProofStatus[] {
  return made
    .filter((p) => p.signed.repository === repository && p.signed.root_version === root.version)
    .filter((p) => {
      const listed = root.keys?.[p.signed.keyid];
      return !listed || !sameKey(listed, p.signed.key) || !(root.roles?.root?.keyids ?? []).includes(p.signed.keyid);
    })
    .map((p) => ({ keyid: p.signed.keyid, name: p.signed.key_name, signedOn: p.signed.signed_at.slice(0, 10), signedAt: p.signed.signed_at, signedWith: p.signed.signed_with, repository: p.signed.repository }));
}
