// "Sign exactly what was reviewed": a sign request names the roles the holder reviewed with the
// sha256 of their canonical signed bytes (the hash the review screen showed). Before any key or PIN
// is used, main recomputes the hash of every role it might sign and refuses when one differs or was
// not reviewed, so a review of one revision (an earlier import, a stale screen, another item) can
// never authorize a signature over different bytes.

import { SignerError } from '../../shared/errors.js';
import type { ReviewedRole } from '../../shared/ipc/schemas.js';
import type { PendingRole } from '../../shared/tuf/documents.js';
import { signedSha256 } from '../core/tuf/authorization.js';

/** Thrown when the bytes to sign are not the reviewed ones (code REVIEW_CHANGED). */
export class ReviewChangedError extends SignerError {
  override name = 'ReviewChangedError';
  constructor(message: string) {
    super('REVIEW_CHANGED', message);
  }
}

/**
 * Checks the roles that this request may sign: the named role, or (no role named: the engine picks
 * the one the key may sign) every pending role. A named role that is not pending is left to the
 * engine, which says which roles are.
 */
export function assertSigningReviewed(pending: readonly PendingRole[], role: string | undefined, reviewed: readonly ReviewedRole[], itemName: string): void {
  const candidates = role === undefined ? pending : pending.filter((p) => p.name === role);
  for (const p of candidates) {
    const seen = reviewed.find((r) => r.role === p.name);
    if (!seen) throw new ReviewChangedError(`${p.name} in ${itemName} was not part of the review you confirmed; open the review again, read it and confirm before signing (nothing was signed)`);
    const now = signedSha256(p.metadata);
    if (seen.sha256 !== now) {
      throw new ReviewChangedError(
        `${p.name} in ${itemName} is not what you reviewed (reviewed sha256 ${seen.sha256.slice(0, 16)}…, now ${now.slice(0, 16)}…); open the review again and confirm the current content before signing (nothing was signed)`,
      );
    }
  }
}
