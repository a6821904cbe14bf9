// The review shown before signing, built from the engine's RoleStatus (who signed, who is
// missing, which signatures are bad, key id problems). Warnings come first. When the review module
// (shared/review buildReview) is present its plain-words changes are merged in by services.ts.

import type { ReviewNotice, RoleReview, ThresholdReview } from '../../shared/ipc/schemas.js';
import type { RoleStatus } from '../engine/verify/authorization.js';
import type { RoleReview as FullRoleReview } from '../../shared/review/types.js';

const SEVERITY_ORDER: Record<ReviewNotice['severity'], number> = { danger: 0, warning: 1, info: 2 };

export function sortNotices(notices: ReviewNotice[]): ReviewNotice[] {
  return [...notices].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

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
    ],
  }));
}

export function statusNotices(status: RoleStatus, now: Date, reserializationDiffers: boolean): ReviewNotice[] {
  const notices: ReviewNotice[] = [];
  for (const s of status.signatures) {
    if (s.state === 'invalid') notices.push({ severity: 'danger', code: 'SIGNATURE_INVALID', message: `The signature by ${s.name} does not verify over ${status.role} v${status.version}${s.reason ? ` (${s.reason})` : ''}.` });
    else if (s.state === 'unauthorized') notices.push({ severity: 'warning', code: 'SIGNATURE_UNAUTHORIZED', message: `${s.name} signed ${status.role} v${status.version}, but that key is not one of its authorized keys.` });
    else if (s.state === 'duplicate') notices.push({ severity: 'warning', code: 'SIGNATURE_DUPLICATE', message: `${s.name} signed ${status.role} v${status.version} more than once; only one signature counts.` });
  }
  for (const issue of status.keyIdIssues) {
    const name = status.keyNames[issue.keyid] ?? issue.keyid.slice(0, 8);
    notices.push(
      issue.variant === 'mismatch'
        ? { severity: 'danger', code: 'KEYID_MISMATCH', message: `Key id ${issue.keyid.slice(0, 8)} (${name}) does not match its key material; clients will not count its signatures.` }
        : { severity: 'warning', code: 'KEYID_VARIANT', message: `Key id ${issue.keyid.slice(0, 8)} (${name}) is a ${issue.variant} key id, not the default one; clients still accept it.` },
    );
  }
  if (status.missingAuthorizer) {
    notices.push({ severity: 'warning', code: 'TRUSTED_ROOT_REQUIRED', message: `Signatures cannot be fully checked without ${status.missingAuthorizer}; pin it in the trust store.` });
  }
  const expires = Date.parse(status.expires);
  if (Number.isFinite(expires)) {
    const days = Math.floor((expires - now.getTime()) / 86_400_000);
    if (days < 0) notices.push({ severity: 'danger', code: 'EXPIRED', message: `${status.role} v${status.version} expired on ${status.expires}; clients will refuse it.` });
    else if (days < 7) notices.push({ severity: 'warning', code: 'EXPIRES_SOON', message: `${status.role} v${status.version} expires in ${days} day${days === 1 ? '' : 's'} (${status.expires}).` });
  }
  if (reserializationDiffers) {
    notices.push({ severity: 'info', code: 'RESERIALIZATION_DIFFERS', message: `A TUF library would re-serialize ${status.role} differently; the signature covers the bytes exactly as received.` });
  }
  return sortNotices(notices);
}

export function roleReviewFromStatus(status: RoleStatus, now: Date, reserializationDiffers: boolean): RoleReview {
  return {
    role: status.role,
    type: status.type,
    version: status.version,
    expires: status.expires,
    sha256: status.sha256,
    canonicalBytes: status.canonical.length,
    thresholds: thresholdReviews(status),
    met: status.met,
    missingAuthorizer: status.missingAuthorizer ?? null,
    changes: [],
    notices: statusNotices(status, now, reserializationDiffers),
  };
}

const DANGER_WARNINGS = new Set<string>(['signature-invalid', 'keyid-mismatch', 'all-root-keys-replaced', 'online-key-is-root-key', 'expiry-past', 'threshold-exceeds-keys', 'version-not-next', 'threshold-lowered', 'root-threshold-one']);
const INFO_WARNINGS = new Set<string>(['already-fully-signed']);

const shown = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Adds the review module's plain-words changes and warnings (shared/review) to the engine-status
 * summary of one role. Its warnings replace the status notices they duplicate (same facts).
 */
export function mergeReview(base: RoleReview, full: FullRoleReview | undefined): RoleReview {
  if (!full) return base;
  const changes = full.changes.map((c) => {
    const value = c as unknown as { from?: unknown; to?: unknown };
    return { area: c.type, summary: c.message, before: shown(value.from), after: shown(value.to) };
  });
  const notices: ReviewNotice[] = full.warnings.map((w) => ({ severity: DANGER_WARNINGS.has(w.code) ? 'danger' : INFO_WARNINGS.has(w.code) ? 'info' : 'warning', code: w.code, message: w.message }));
  const covered = new Set(['SIGNATURE_INVALID', 'SIGNATURE_UNAUTHORIZED', 'KEYID_MISMATCH', 'EXPIRED', 'EXPIRES_SOON', 'TRUSTED_ROOT_REQUIRED']);
  const kept = base.notices.filter((n) => !covered.has(n.code));
  return { ...base, changes, notices: sortNotices([...notices, ...kept]) };
}
