// The review the app shows: one role of the review model (shared/review buildReview, whose
// warnings carry their level) with the engine's per-authorizer signer lists, flattened for the
// screens. Nothing here decides anything: counts come from roleStatus, words and levels from the
// review model.

import type { ReviewNotice, RoleReview, ThresholdReview } from '../../shared/ipc/schemas.js';
import type { RoleStatus } from '../core/tuf/authorization.js';
import type { RoleReview as FullRoleReview } from '../../shared/review/types.js';
import { sigstoreSigner } from '../../shared/tuf/key-id.js';
import type { TufKey } from '../../shared/tuf/types.js';

const SEVERITY_ORDER: Record<ReviewNotice['severity'], number> = { danger: 0, warning: 1, info: 2 };

export function sortNotices(notices: ReviewNotice[]): ReviewNotice[] {
  return [...notices].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

const signerOf = (key: TufKey | undefined): { identity: string; issuer: string } => (key ? sigstoreSigner(key) : { identity: '', issuer: '' });

export function thresholdReviews(status: RoleStatus): ThresholdReview[] {
  const nameOf = (keyid: string): string => status.keyNames[keyid] ?? keyid.slice(0, 8);
  return status.thresholds.map((t) => ({
    label: t.label,
    required: t.required,
    signedCount: t.valid.length,
    met: t.met,
    signers: [
      ...t.valid.map((keyid) => ({ keyid, name: nameOf(keyid), state: 'valid' as const })),
      ...t.invalid.map((keyid) => ({ keyid, name: nameOf(keyid), state: 'invalid' as const })),
      ...t.missing.map((keyid) => ({ keyid, name: nameOf(keyid), state: 'missing' as const })),
      // Sigstore keys: listed by who signs where, never counted or "missing" here (the engine's rule).
      ...t.elsewhere.map((keyid) => ({ keyid, name: nameOf(keyid), state: 'elsewhere' as const, signsElsewhere: signerOf(status.keys[keyid]) })),
    ],
    ...(t.onlineKeySigns ? { onlineKeySigns: true } : {}),
  }));
}

const shown = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * One role of the review for the screens: `full` is the review model's role, `status` the same
 * count, `refusal` why nobody may sign it (refusalToSign).
 */
export function roleReviewOf(status: RoleStatus, full: FullRoleReview, refusal: Error | undefined): RoleReview {
  return {
    ...contentOf(full),
    signaturesChecked: true,
    sha256: status.sha256,
    canonicalBytes: status.canonical.length,
    thresholds: thresholdReviews(status),
    met: status.met,
    missingAuthorizer: status.missingAuthorizer ?? null,
    refusedSignatures: status.refused.map((r) => ({ keyid: r.keyid, name: r.name, state: r.state, reason: r.reason ?? null })),
    signingRefused: refusal?.message ?? null,
  };
}

/** Why a first-screen review (no signature checked yet) can never be signed from. */
export const SIGNATURES_NOT_CHECKED = 'The signatures are still being checked; signing waits until the review shows them.';

/**
 * One role of the first-screen review (reviewDocumentUnchecked): what it changes and its warnings,
 * no signature status. `signingRefused` is always set, so nothing is signed from it.
 */
export function uncheckedRoleReviewOf(full: FullRoleReview, missingAuthorizer: string | undefined, refusal: Error | undefined): RoleReview {
  return {
    ...contentOf(full),
    signaturesChecked: false,
    sha256: null,
    canonicalBytes: null,
    thresholds: [],
    met: false,
    missingAuthorizer: missingAuthorizer ?? null,
    refusedSignatures: [],
    signingRefused: refusal?.message ?? SIGNATURES_NOT_CHECKED,
  };
}

/** What the review says of a role whether or not its signatures were checked. */
function contentOf(full: FullRoleReview): Pick<RoleReview, 'role' | 'type' | 'version' | 'expires' | 'trustedVersion' | 'changes' | 'notices' | 'root' | 'artifacts'> {
  return {
    role: full.role,
    type: full.type,
    version: full.version,
    expires: full.expires,
    trustedVersion: full.trustedVersion ?? null,
    changes: full.changes.map((c) => {
      const value = c as unknown as { from?: unknown; to?: unknown };
      return { area: c.type, summary: c.message, before: shown(value.from), after: shown(value.to) };
    }),
    notices: full.warnings.map((w) => ({ severity: w.level, code: w.code, message: w.message })),
    root: full.root ?? null,
    artifacts: full.artifacts ?? null,
  };
}
