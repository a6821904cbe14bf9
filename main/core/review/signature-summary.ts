// Maps the engine's RoleStatus (node:crypto results) to the review model's plain SignatureSummary.

import type { KeyIdIssue, SignatureSummary, ThresholdSummary } from '../../../shared/review/types.js';
import type { TufKey, TufMetadata, TufRootSigned, TufTargetsSigned } from '../../../shared/tuf/types.js';
import { classifyKeyId } from '../tuf/tuf-keys.js';
import type { RoleStatus, ThresholdStatus } from '../tuf/authorization.js';

export function toThresholdSummary(t: ThresholdStatus, status: Pick<RoleStatus, 'keyNames'>): ThresholdSummary {
  const ref = (keyid: string) => ({ keyid, name: status.keyNames[keyid] ?? keyid.slice(0, 8) });
  return { label: t.label, required: t.required, valid: t.valid.map(ref), invalid: t.invalid.map(ref), missing: t.missing.map(ref), met: t.met };
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

/** Key id issues of every key the metadata itself lists (root keys or delegation keys). */
export function keyIdIssuesOf(metadata: TufMetadata): KeyIdIssue[] {
  const signed = metadata.signed;
  let keys: Record<string, TufKey> = {};
  if (signed._type === 'root') keys = (signed as TufRootSigned).keys ?? {};
  else if (signed._type === 'targets') keys = (signed as TufTargetsSigned).delegations?.keys ?? {};
  const issues: KeyIdIssue[] = [];
  for (const [keyid, key] of Object.entries(keys)) {
    const variant = classifyKeyId(keyid, key);
    if (variant !== 'default') issues.push({ keyid, variant });
  }
  return issues;
}
