// Maps the engine's RoleStatus (node:crypto results) to the review model's plain SignatureSummary.

import type { KeyIdIssue, SignatureSummary, ThresholdSummary } from '../../../shared/review/types.js';
import type { TufKey, TufMetadata, TufRootSigned, TufTargetsSigned } from '../../../shared/tuf/types.js';
import { classifyKeyId, publicKeyIdentity } from '../tuf/tuf-keys.js';
import type { RoleStatus, ThresholdStatus } from '../tuf/authorization.js';

export function toThresholdSummary(t: ThresholdStatus, status: Pick<RoleStatus, 'keyNames'>): ThresholdSummary {
  const ref = (keyid: string) => ({ keyid, name: status.keyNames[keyid] ?? keyid.slice(0, 8) });
  return {
    label: t.label,
    required: t.required,
    valid: t.valid.map(ref),
    invalid: t.invalid.map(ref),
    missing: t.missing.map(ref),
    ...(t.elsewhere.length > 0 ? { elsewhere: t.elsewhere.map(ref) } : {}),
    met: t.met,
    ...(t.onlineKeySigns ? { onlineKeySigns: true } : {}),
  };
}

export function toSignatureSummary(status: RoleStatus): SignatureSummary {
  return {
    thresholds: status.thresholds.map((t) => toThresholdSummary(t, status)),
    signatures: status.signatures.map((s) => ({ keyid: s.keyid, name: s.name, state: s.state, ...(s.reason !== undefined ? { reason: s.reason } : {}) })),
    met: status.met,
    ...(status.missingAuthorizer !== undefined ? { missingAuthorizer: status.missingAuthorizer } : {}),
    ...(status.chainBroken !== undefined ? { chainBroken: status.chainBroken } : {}),
    ...(status.keysListedTwice.length > 0 ? { keysListedTwice: status.keysListedTwice } : {}),
    ...(status.refused.length > 0 ? { refused: status.refused.map((s) => ({ keyid: s.keyid, name: s.name, state: s.state, ...(s.reason !== undefined ? { reason: s.reason } : {}) })) } : {}),
    signedSha256: status.sha256,
  };
}

/** The keys a root or targets role itself lists (root keys, delegation keys), by key id. */
function ownKeysOf(metadata: TufMetadata | undefined): Record<string, TufKey> {
  const signed = metadata?.signed;
  if (signed?._type === 'root') return (signed as TufRootSigned).keys ?? {};
  if (signed?._type === 'targets') return (signed as TufTargetsSigned).delegations?.keys ?? {};
  return {};
}

/**
 * Key id issues of every key the metadata itself lists (root keys or delegation keys). A key the
 * trusted version already lists under the same id (the same public key) is 'trusted'; a key id on
 * the repository's allow-list of legacy ids is 'allowed'; any other key is new.
 */
export function keyIdIssuesOf(metadata: TufMetadata, trusted?: TufMetadata, allowedKeyIds: readonly string[] = []): KeyIdIssue[] {
  const known = ownKeysOf(trusted);
  const allowed = new Set(allowedKeyIds);
  const issues: KeyIdIssue[] = [];
  for (const [keyid, key] of Object.entries(ownKeysOf(metadata))) {
    const variant = classifyKeyId(keyid, key);
    if (variant === 'default') continue;
    const before = Object.hasOwn(known, keyid) ? known[keyid] : undefined;
    const status = before !== undefined && publicKeyIdentity(before) === publicKeyIdentity(key) ? 'trusted' : allowed.has(keyid) ? 'allowed' : undefined;
    issues.push({ keyid, variant, ...(variant === 'mismatch' && status ? { known: status } : {}) });
  }
  return issues;
}
