// Signing one pending role of an RSTUF document with one signer: pick the role the key may sign,
// refuse keys that are not authorized (or only authorized by a trusted root we do not have),
// refuse a second signature by the same key, sign then verify, and return both the RSTUF sign
// payload and a copy of the document with the signature added.

import { SignerError } from '../../../shared/errors.js';
import type { JsonObject } from '../../../shared/json/strict-json.js';
import { pendingPath, type PendingRole, type RstufDocument } from '../../../shared/tuf/documents.js';
import type { RootMetadata, RstufSignPayload, TufKey, TufMetadata, TufRootSigned, TufSignature, TufTargetsSigned } from '../../../shared/tuf/types.js';
import { duplicateKeyPairs } from '../../../shared/review/warnings.js';
import { computeKeyId, keyDisplayName, publicKeyIdentity, sameKey } from '../tuf/tuf-keys.js';
import { countingRulesFor, findAuthorizers, keysListedTwice, statusAgainst, type Authorizer, type CountingRules, type RoleStatus } from '../tuf/authorization.js';
import { signAndVerify, type AsyncSigner } from './signer.js';

export interface SignRequest {
  doc: RstufDocument;
  signer: AsyncSigner;
  /** Role to sign; needed only when the key may sign several pending roles. */
  role?: string;
  trustedRoot?: RootMetadata;
}

export interface SignOutcome {
  role: string;
  version: number;
  keyid: string;
  keyName: string;
  signature: TufSignature;
  /** RSTUF's POST /api/v1/metadata/sign body. */
  signPayload: RstufSignPayload;
  /** The whole document with the signature added to the pending role. */
  signedDocument: JsonObject;
  /** The role's signature status after adding the signature. */
  status: RoleStatus;
}

interface Candidate {
  pending: PendingRole;
  authorizers: Authorizer[];
  missing: string | undefined;
  broken: string | undefined;
  rules: CountingRules;
  keyid: string | undefined;
  key: TufKey | undefined;
}

export function matchSignerKey(authorizers: Authorizer[], publicKey: TufKey): { keyid: string; key: TufKey } | undefined {
  // The new root (last authorizer) first: its key ids are what RSTUF will store.
  for (const a of [...authorizers].reverse()) {
    for (const keyid of a.role.keyids ?? []) {
      const key = a.keys[keyid];
      if (key && sameKey(key, publicKey)) return { keyid, key };
    }
  }
  return undefined;
}

export function selectRoles(doc: RstufDocument, role: string | undefined): PendingRole[] {
  if (doc.pending.length === 0) {
    throw new SignerError('INPUT_UNKNOWN_KIND', doc.kind === 'sign-payload' ? 'this file is already a signature payload; there is nothing to sign in it' : 'this file holds no metadata to sign');
  }
  if (role === undefined) return doc.pending;
  const exact = doc.pending.filter((p) => p.name === role);
  const matched = exact.length > 0 ? exact : doc.pending.filter((p) => p.name.toLowerCase() === role.toLowerCase());
  if (matched.length === 0) {
    throw new SignerError('ROLE_NOT_FOUND', `no role "${role}" is pending signature here (pending: ${doc.pending.map((p) => p.name).join(', ')})`);
  }
  return matched;
}

export async function signDocument(request: SignRequest): Promise<SignOutcome> {
  const { doc, signer } = request;
  const context = request.trustedRoot ? { trustedRoot: request.trustedRoot } : {};
  const candidates: Candidate[] = selectRoles(doc, request.role).map((pending) => {
    const found = findAuthorizers(doc, pending, context);
    const match = matchSignerKey(found.authorizers, signer.publicKey);
    return { pending, authorizers: found.authorizers, missing: found.missing, broken: found.broken, rules: countingRulesFor(doc, found), keyid: match?.keyid, key: match?.key };
  });
  const signable = candidates.filter((c) => c.keyid !== undefined);
  const signerId = computeKeyId(signer.publicKey);

  if (signable.length === 0) {
    const c = candidates[0] as Candidate;
    const what = describeRole(c.pending);
    if (c.broken) throw new SignerError('TRUST_CHAIN_BROKEN', c.broken);
    if (c.missing) {
      throw new SignerError(
        'TRUSTED_ROOT_REQUIRED',
        `key ${signerId.slice(0, 8)} (${signer.source}) is not a key of ${what}; if it is a key of ${c.missing}, that root is needed to check it: pass --trusted-root (or pin it in the trust store)`,
      );
    }
    if (c.authorizers.length > 0 && c.authorizers.every((a) => a.delegation && (a.role.keyids ?? []).length === 0)) {
      throw new SignerError('KEY_NOT_AUTHORIZED', `${what} is signed by RSTUF's online key (its delegation lists no key ids); no offline key can sign it`);
    }
    const allowed = [...new Set(c.authorizers.flatMap((a) => a.role.keyids.map((id) => keyDisplayName(id, a.keys[id]))))];
    throw new SignerError('KEY_NOT_AUTHORIZED', `key ${signerId.slice(0, 8)} (${signer.source}) is not authorized to sign ${what}; authorized keys: ${allowed.join(', ') || 'none'}`);
  }
  if (signable.length > 1) {
    throw new SignerError('ROLE_AMBIGUOUS', `this key may sign several pending roles (${signable.map((c) => c.pending.name).join(', ')}); choose one with --role`);
  }
  const chosen = signable[0] as Candidate;
  const refusal = refusalToSign(doc, chosen.pending, context);
  if (refusal) throw refusal;
  const keyid = chosen.keyid as string;
  const key = chosen.key as TufKey;
  const metadata = chosen.pending.metadata;
  const before = statusAgainst(chosen.pending.name, metadata, chosen.authorizers, chosen.missing, undefined, chosen.rules);
  if (before.signatures.some((s) => s.keyid === keyid && s.state === 'valid')) {
    throw new SignerError('KEY_ALREADY_SIGNED', `${keyDisplayName(keyid, key)} has already signed ${describeRole(chosen.pending)}; a second signature by the same key adds nothing`);
  }

  const signature = await signAndVerify(signer, before.canonical, keyid, key);
  // An earlier signature under this key id is invalid (checked above), so replacing it is safe.
  const signedMetadata: TufMetadata = { ...metadata, signatures: [...(metadata.signatures ?? []).filter((s) => s.keyid !== keyid), signature] };
  // Only the signatures changed: the signed bytes are the ones just signed.
  const status = statusAgainst(chosen.pending.name, signedMetadata, chosen.authorizers, chosen.missing, before.canonical, chosen.rules);
  return {
    role: chosen.pending.name,
    version: metadata.signed.version,
    keyid,
    keyName: keyDisplayName(keyid, key),
    signature,
    signPayload: { role: chosen.pending.name, signature },
    signedDocument: replaceAt(doc.json, pendingPath(doc, chosen.pending), signedMetadata as unknown as JsonObject),
    status,
  };
}

/**
 * Why a pending role must not be signed at all, whoever signs it, or undefined: it lists one key
 * under two key ids (in any spelling; python-tuf, RSTUF's worker and TUF clients would count one
 * holder's signature twice), or the trusted root given cannot judge it (a version jump). The
 * signer, the CLI's pre-flight and the app's Sign screen all ask this one function.
 */
export function refusalToSign(doc: RstufDocument, p: PendingRole, context: { trustedRoot?: RootMetadata } = {}): SignerError | undefined {
  const signed = p.metadata.signed;
  const keys = signed._type === 'root' ? (signed as TufRootSigned).keys : signed._type === 'targets' ? (signed as TufTargetsSigned).delegations?.keys : undefined;
  const [pair] = duplicateKeyPairs(keys ?? {}, publicKeyIdentity);
  if (pair) {
    const [first, second] = pair;
    return new SignerError(
      'KEY_LISTED_TWICE',
      `refusing to sign ${describeRole(p)}: key ids ${first} (${keyDisplayName(first, keys?.[first])}) and ${second} (${keyDisplayName(second, keys?.[second])}) are the same public key, so one holder's signature would count twice towards a threshold; whoever built this metadata must list each key once`,
    );
  }
  // The keys that authorize this role (the trusted root, the delegation in trusted targets) too.
  const found = signed._type === 'root' || signed._type === 'targets' ? findAuthorizers(doc, p, context) : { authorizers: [] };
  const [twice] = keysListedTwice(found.authorizers);
  if (twice) {
    return new SignerError(
      'KEY_LISTED_TWICE',
      `refusing to sign ${describeRole(p)}: ${twice.label} lists one public key under two key ids, ${twice.first.keyid} (${twice.first.name}) and ${twice.second.keyid} (${twice.second.name}), so one holder's signature would count twice towards its threshold; the delegation must list each key once`,
    );
  }
  const broken = 'broken' in found ? found.broken : undefined;
  if (broken !== undefined) return new SignerError('TRUST_CHAIN_BROKEN', `refusing to sign ${describeRole(p)}: ${broken}`);
  return undefined;
}

function describeRole(p: PendingRole): string {
  return `${p.name} v${p.metadata.signed.version}`;
}

/** Copy of `obj` with the value at `path` replaced; shares every untouched branch. */
export function replaceAt(obj: JsonObject, path: string[], value: JsonObject): JsonObject {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const child = obj[head];
  return { ...obj, [head]: replaceAt((child ?? {}) as JsonObject, rest, value) };
}
