// Who may sign a pending role, and how far its signatures get towards each threshold.
//
// - root v1 (bootstrap): its own root role.
// - root vN > 1 (update): the trusted root vN-1 AND the new root, both thresholds (as the RSTUF
//   worker and every TUF client check).
// - a delegated targets role: the delegation in trusted_targets; RSTUF returns role names
//   lower-cased (rstuf-formats.md 1.4), so names are matched case-insensitively and the mismatch explained.
// - top-level targets: the trusted root's targets role.

import { canonicalBytes, isSealedCanonical } from '../../../shared/tuf/canonical.js';
import { SignerError } from '../../../shared/errors.js';
import type { PendingRole, RstufDocument } from '../../../shared/tuf/documents.js';
import type { RootMetadata, TargetsMetadata, TufKey, TufMetadata, TufRoleKeys, TufRootSigned, TufTargetsSigned } from '../../../shared/tuf/types.js';
import { isSigstoreKey } from '../../../shared/tuf/key-id.js';
import { classifyKeyId, keyDisplayName, publicKeyIdentity, type KeyIdVariant } from './tuf-keys.js';
import { verifySignature } from './verify.js';
import { createHash } from 'node:crypto';

export interface Authorizer {
  /** "trusted root v1", "new root v2", "delegation 'production' in targets v3". */
  label: string;
  keys: Record<string, TufKey>;
  role: TufRoleKeys;
  /** A delegation: an empty key id list there means RSTUF's online key signs the role. */
  delegation?: boolean;
}

/** 'elsewhere': a Sigstore signature, made and checked online (RSTUF verifies it), never on this laptop. */
export type SignatureState = 'valid' | 'invalid' | 'unauthorized' | 'unverifiable' | 'duplicate' | 'elsewhere';

export interface SignatureCheck {
  keyid: string;
  name: string;
  state: SignatureState;
  reason?: string;
}

export interface ThresholdStatus {
  label: string;
  required: number;
  valid: string[];
  invalid: string[];
  missing: string[];
  /**
   * Authorized Sigstore keys: they sign elsewhere (online, not from this laptop), so their
   * signatures are neither checked nor counted here, and they are not "missing" either.
   */
  elsewhere: string[];
  met: boolean;
  /** The delegation lists no key ids: RSTUF's online key signs the role, never an offline key. */
  onlineKeySigns?: boolean;
}

export interface KeyIdIssue {
  keyid: string;
  variant: Exclude<KeyIdVariant, 'default'>;
}

export interface KeyListedTwice {
  /** The authorizer that lists it ("trusted root v1", "delegation \"prod\" in targets v3"). */
  label: string;
  first: { keyid: string; name: string };
  second: { keyid: string; name: string };
}

/**
 * Key ids of one authorizer's role that name the same public key (publicKeyIdentity): python-tuf,
 * RSTUF's worker and TUF clients would count one holder's signature once per key id.
 */
export function keysListedTwice(authorizers: readonly Authorizer[]): KeyListedTwice[] {
  const found: KeyListedTwice[] = [];
  for (const a of authorizers) {
    const seen = new Map<string, string>();
    for (const keyid of new Set(a.role.keyids ?? [])) {
      const key = a.keys[keyid];
      if (!key) continue;
      const identity = publicKeyIdentity(key);
      const first = seen.get(identity);
      if (first === undefined) seen.set(identity, keyid);
      else found.push({ label: a.label, first: { keyid: first, name: keyDisplayName(first, a.keys[first]) }, second: { keyid, name: keyDisplayName(keyid, key) } });
    }
  }
  return found;
}

export interface RoleStatus {
  role: string;
  type: string;
  version: number;
  expires: string;
  thresholds: ThresholdStatus[];
  signatures: SignatureCheck[];
  /** Every threshold met with valid signatures (and no authorizer missing). */
  met: boolean;
  /** Set when the trusted root needed to judge a root update is not available. */
  missingAuthorizer?: string;
  /**
   * Set when the trusted root given cannot judge this role (root v5 against a trusted v1): the
   * review shows why as a danger, and nothing signs it.
   */
  chainBroken?: string;
  /**
   * Set for bootstrap and update payloads, which RSTUF's worker refuses whole when any signature
   * present is invalid or unauthorized ("Bootstrap has invalid signature(s)"): then `met` is false
   * whatever the thresholds say, and `refused` lists those signatures.
   */
  everySignatureMustVerify?: boolean;
  refused: SignatureCheck[];
  keyIdIssues: KeyIdIssue[];
  /** One key listed under two key ids by an authorizer of this role (see keysListedTwice). */
  keysListedTwice: KeyListedTwice[];
  /** The canonical bytes that are (to be) signed, and their sha256. */
  canonical: Uint8Array;
  sha256: string;
  /** Display names for every key any authorizer knows. */
  keyNames: Record<string, string>;
  /** All keys any authorizer knows, by keyid. */
  keys: Record<string, TufKey>;
}

export interface AuthorizationContext {
  /** A trusted root from outside the document (--trusted-root, or the trust store). */
  trustedRoot?: RootMetadata;
}

export interface FoundAuthorizers {
  authorizers: Authorizer[];
  /** An authorizer that is not available (no trusted root given): signatures cannot all be checked. */
  missing?: string;
  /** The trusted root given is the wrong one for this role (not version N-1): nothing may sign it. */
  broken?: string;
}

export function findAuthorizers(doc: RstufDocument, role: PendingRole, context: AuthorizationContext = {}): FoundAuthorizers {
  const signed = role.metadata.signed;
  const trustedRoot = context.trustedRoot ?? doc.trustedRoot;
  if (signed._type === 'root') {
    const root = signed as TufRootSigned;
    const own: Authorizer = { label: `new root v${root.version}`, keys: root.keys ?? {}, role: rootRoleOf(root, `root v${root.version}`) };
    if (root.version === 1) return { authorizers: [{ ...own, label: 'root v1' }] };
    if (!trustedRoot) return { authorizers: [own], missing: `trusted root v${root.version - 1}` };
    const trusted = trustedRoot.signed;
    if (trusted.version !== root.version - 1) {
      const broken = `root v${root.version} must be signed against the trusted root v${root.version - 1}, but the trusted root given is v${trusted.version}`;
      return { authorizers: [own], missing: `trusted root v${root.version - 1}`, broken };
    }
    return { authorizers: [{ label: `trusted root v${trusted.version}`, keys: trusted.keys ?? {}, role: rootRoleOf(trusted, `trusted root v${trusted.version}`) }, own] };
  }
  if (signed._type === 'targets') {
    if (role.name === 'targets') {
      if (!trustedRoot) return { authorizers: [], missing: 'the trusted root (which names the targets keys)' };
      const r = trustedRoot.signed.roles?.targets;
      if (!r) throw new SignerError('METADATA_INVALID', 'the trusted root has no targets role');
      return { authorizers: [{ label: `targets role in root v${trustedRoot.signed.version}`, keys: trustedRoot.signed.keys, role: r }] };
    }
    const trustedTargets: TargetsMetadata | undefined = doc.trustedTargets;
    if (!trustedTargets) return { authorizers: [], missing: `trusted targets (which delegates "${role.name}")` };
    return { authorizers: [delegationAuthorizer(trustedTargets.signed, role.name)] };
  }
  throw new SignerError('METADATA_INVALID', `offline keys sign root and targets metadata, not ${String(signed._type)}`);
}

function rootRoleOf(root: TufRootSigned, label: string): TufRoleKeys {
  const r = root.roles?.root;
  if (!r) throw new SignerError('METADATA_INVALID', `${label} has no "root" role`);
  return r;
}

function delegationAuthorizer(targets: TufTargetsSigned, name: string): Authorizer {
  const roles = targets.delegations?.roles ?? [];
  const exact = roles.find((r) => r.name === name);
  const found = exact ?? roles.find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    const known = roles.map((r) => `"${r.name}"`).join(', ') || 'none';
    throw new SignerError(
      'ROLE_NOT_FOUND',
      `trusted targets v${targets.version} delegates no role named "${name}" (delegated roles: ${known}). RSTUF returns role names lower-cased and cut at the first "_"; check the role name`,
    );
  }
  const note = exact ? '' : ` (RSTUF returned the name as "${name}")`;
  return { label: `delegation "${found.name}" in targets v${targets.version}${note}`, keys: targets.delegations?.keys ?? {}, role: found, delegation: true };
}

export interface CountingRules {
  /** Every signature present must be valid and authorized (RSTUF's bootstrap), or nothing is met. */
  everySignatureMustVerify?: boolean;
  /** Why the authorizers cannot judge this role (FoundAuthorizers.broken). */
  chainBroken?: string;
}

/**
 * How a document's pending role is judged beyond its thresholds: bootstrap and update payloads
 * must carry only valid, authorized signatures (RSTUF's worker refuses a bootstrap otherwise).
 */
export function countingRulesFor(doc: RstufDocument, found: FoundAuthorizers): CountingRules {
  return {
    ...(doc.kind === 'bootstrap' || doc.kind === 'update' ? { everySignatureMustVerify: true } : {}),
    ...(found.broken !== undefined ? { chainBroken: found.broken } : {}),
  };
}

/**
 * The one threshold count of a pending role: every signature checked against its authorizers
 * (old and new root for a rotation), with the document's rules. The review, `verify`, the app's
 * badges, the export and the signer all read this.
 */
export function roleStatus(doc: RstufDocument, role: PendingRole, context: AuthorizationContext = {}): RoleStatus {
  const found = findAuthorizers(doc, role, context);
  return statusAgainst(role.name, role.metadata, found.authorizers, found.missing, undefined, countingRulesFor(doc, found));
}

// The digest of sealed canonical bytes (which never change), computed once: one review asks for
// the status of a role several times (each authorizer's threshold, the summary), and hashing a
// 100,000-artifact role costs about 30 ms each time.
const sealedDigests = new WeakMap<Uint8Array, string>();
function sha256Of(canonical: Uint8Array): string {
  const sealed = isSealedCanonical(canonical);
  let digest = sealed ? sealedDigests.get(canonical) : undefined;
  if (digest === undefined) {
    digest = createHash('sha256').update(canonical).digest('hex');
    if (sealed) sealedDigests.set(canonical, digest);
  }
  return digest;
}

/** sha256 (hex) of a role's canonical signed bytes: what the review shows and a signature covers. */
export function signedSha256(metadata: TufMetadata): string {
  return sha256Of(canonicalBytes(metadata.signed));
}

/** `canonical`, when given, must be canonicalBytes(metadata.signed) (saves serializing a big role twice). */
export function statusAgainst(name: string, metadata: TufMetadata, authorizers: Authorizer[], missing?: string, canonical = canonicalBytes(metadata.signed), rules: CountingRules = {}): RoleStatus {
  const sha256 = sha256Of(canonical);
  const keys: Record<string, TufKey> = {};
  const keyNames: Record<string, string> = {};
  const authorizedIds = new Set<string>();
  for (const a of authorizers) {
    for (const keyid of a.role.keyids ?? []) {
      authorizedIds.add(keyid);
      const key = a.keys[keyid];
      if (key && !keys[keyid]) {
        keys[keyid] = key;
        keyNames[keyid] = keyDisplayName(keyid, key);
      }
    }
  }

  // The first signature per key id counts; later ones are flagged (python-tuf keys signatures by id).
  const firstSignature = new Map<string, { sig: string }>();
  const signatureOrder: { keyid: string; duplicate: boolean }[] = [];
  for (const sig of metadata.signatures ?? []) {
    const keyid = typeof sig?.keyid === 'string' ? sig.keyid : '';
    const duplicate = firstSignature.has(keyid);
    if (!duplicate) firstSignature.set(keyid, { sig: String(sig.sig) });
    signatureOrder.push({ keyid, duplicate });
  }

  // Each threshold is judged with the keys of its own authorizer (a new root may list another key
  // under a key id the old root used), and one key listed under two key ids counts once, as the
  // trust store (main/core/trust/chain.ts) and TUF clients count.
  const verdicts = new Map<string, { valid: boolean; error?: string }[]>();
  const thresholds = authorizers.map((a): ThresholdStatus => {
    const ids = [...new Set(a.role.keyids ?? [])];
    const valid: string[] = [];
    const invalid: string[] = [];
    const countedKeys = new Set<string>();
    const alreadyCounted: string[] = [];
    const elsewhere = ids.filter((id) => isSigstoreKey(a.keys[id]));
    for (const id of ids) {
      const signature = firstSignature.get(id);
      const key = a.keys[id];
      if (!signature || !key || isSigstoreKey(key)) continue;
      let ok = false;
      let error: string | undefined;
      try {
        ok = verifySignature(key, signature.sig, canonical);
      } catch (e) {
        error = (e as Error).message;
      }
      const list = verdicts.get(id) ?? [];
      list.push(error === undefined ? { valid: ok } : { valid: false, error });
      verdicts.set(id, list);
      if (!ok) {
        invalid.push(id);
        continue;
      }
      const material = publicKeyIdentity(key);
      if (countedKeys.has(material)) {
        alreadyCounted.push(id);
        continue;
      }
      countedKeys.add(material);
      valid.push(id);
    }
    return {
      label: a.label,
      required: a.role.threshold,
      valid,
      invalid,
      // A key id that only repeats a key already counted is not a signer still missing either.
      missing: ids.filter((id) => !valid.includes(id) && !alreadyCounted.includes(id) && !elsewhere.includes(id) && !(a.keys[id] && countedKeys.has(publicKeyIdentity(a.keys[id])))),
      elsewhere,
      // A threshold below 1 is never met (validation refuses it; this is defence in depth).
      met: a.role.threshold >= 1 && valid.length >= a.role.threshold,
      ...(a.delegation && ids.length === 0 ? { onlineKeySigns: true } : {}),
    };
  });

  const signatures: SignatureCheck[] = signatureOrder.map(({ keyid, duplicate }): SignatureCheck => {
    const name = keyNames[keyid] ?? keyid.slice(0, 8);
    if (duplicate) return { keyid, name, state: 'duplicate', reason: 'a second signature by the same key (counted once)' };
    if (authorizedIds.has(keyid) && isSigstoreKey(keys[keyid])) return { keyid, name, state: 'elsewhere', reason: 'a Sigstore signature: RSTUF checks it online; this laptop cannot' };
    const results = verdicts.get(keyid);
    if (!results || !authorizedIds.has(keyid)) return { keyid, name, state: 'unauthorized', reason: 'no key with this id is authorized for the role' };
    if (results.some((r) => r.valid)) return { keyid, name, state: 'valid' };
    const error = results.find((r) => r.error !== undefined)?.error;
    return error !== undefined
      ? { keyid, name, state: 'unverifiable', reason: error }
      : { keyid, name, state: 'invalid', reason: 'the signature does not verify over this metadata' };
  });

  const keyIdIssues: KeyIdIssue[] = [];
  for (const [keyid, key] of Object.entries(keys)) {
    const variant = classifyKeyId(keyid, key);
    if (variant !== 'default') keyIdIssues.push({ keyid, variant });
  }

  // Without one of the authorizers a signature cannot be called unauthorized: it may be that one's.
  const refused = rules.everySignatureMustVerify ? signatures.filter((s) => s.state === 'invalid' || s.state === 'unverifiable' || (s.state === 'unauthorized' && missing === undefined)) : [];
  const signed = metadata.signed;
  return {
    role: name,
    type: String(signed._type),
    version: signed.version,
    expires: signed.expires,
    thresholds,
    signatures,
    met: missing === undefined && rules.chainBroken === undefined && refused.length === 0 && thresholds.length > 0 && thresholds.every((t) => t.met),
    ...(missing !== undefined ? { missingAuthorizer: missing } : {}),
    ...(rules.chainBroken !== undefined ? { chainBroken: rules.chainBroken } : {}),
    ...(rules.everySignatureMustVerify ? { everySignatureMustVerify: true } : {}),
    refused,
    keyIdIssues,
    keysListedTwice: keysListedTwice(authorizers),
    canonical,
    sha256,
    keyNames,
    keys,
  };
}

/**
 * Refuses a document RSTUF's worker would refuse whole: a bootstrap or update payload carrying a
 * signature that is invalid or unauthorized. Export and send call it; the review shows the same.
 */
export function assertNoRefusedSignatures(doc: RstufDocument, context: AuthorizationContext = {}): void {
  for (const role of doc.pending) {
    const [first] = roleStatus(doc, role, context).refused;
    if (!first) continue;
    const what = first.state === 'unauthorized' ? 'is made by a key that may not sign it' : `does not verify${first.reason ? ` (${first.reason})` : ''}`;
    throw new SignerError(
      'SIGNATURE_INVALID',
      `${role.name} v${role.metadata.signed.version} carries a signature RSTUF would refuse the whole payload for: the one with key id ${first.keyid} (${first.name}) ${what}. Drop that signature before exporting`,
    );
  }
}
