// The one signing path, for the desktop app and the CLI alike: check that the bytes are the ones
// the holder reviewed, sign with the opened signer (key file or token; signDocument signs, then
// verifies against the key the metadata lists), check the signed bytes once more, and append the
// audit entry. A signature the audit log could not record is not returned, so it is never kept.
//
// Opening the signer (passphrase, PIN) is the caller's, after `preflightSigning` has refused what
// cannot be signed, so a wrong review never costs a PIN attempt.

import type { AuditEntry, KeySource, ReviewedRole } from '../../shared/ipc/schemas.js';
import type { RstufDocument } from '../../shared/tuf/documents.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { refusalToSign, selectRoles, signDocument, type SignOutcome } from '../core/signers/sign-document.js';
import type { AsyncSigner } from '../core/signers/signer.js';
import type { AuditLog } from './audit-log.js';
import { assertSigningReviewed, ReviewChangedError } from './review-check.js';

export interface SigningTarget {
  doc: RstufDocument;
  /** The trusted root the document is judged against (the trust store's, or the file's). */
  trustedRoot?: RootMetadata;
  /** The role to sign; without it, the one pending role the key may sign. */
  role?: string;
  /** What the holder reviewed: each role with the sha256 of its canonical signed bytes. */
  reviewed: readonly ReviewedRole[];
  /** The file or item name, for messages. */
  itemName: string;
}

export interface SignAndRecordRequest extends SigningTarget {
  signer: AsyncSigner;
  audit: AuditLog;
  /** The repository the audit entry names (the bundle's API, or the file name). */
  repository: string;
  keySource: KeySource;
}

export interface SignAndRecordResult {
  outcome: SignOutcome;
  auditEntry: AuditEntry;
}

/** Before any passphrase or PIN: the review still holds, and the role is one that may be signed. */
export function preflightSigning(target: SigningTarget): void {
  assertSigningReviewed(target.doc.pending, target.role, target.reviewed, target.itemName);
  const roles = selectRoles(target.doc, target.role);
  // With several pending roles the key decides which one it signs: signDocument checks that one.
  const refusal = roles.length === 1 ? refusalToSign(target.doc, roles[0]!, target.trustedRoot ? { trustedRoot: target.trustedRoot } : {}) : undefined;
  if (refusal) throw refusal;
}

export async function signAndRecord(request: SignAndRecordRequest): Promise<SignAndRecordResult> {
  preflightSigning(request);
  const outcome = await signDocument({
    doc: request.doc,
    signer: request.signer,
    ...(request.role !== undefined ? { role: request.role } : {}),
    ...(request.trustedRoot ? { trustedRoot: request.trustedRoot } : {}),
  });
  // What was signed is what was reviewed (the engine's own hash of the signed bytes), or nothing is kept.
  if (!request.reviewed.some((r) => r.role === outcome.role && r.sha256 === outcome.status.sha256)) {
    throw new ReviewChangedError(`${outcome.role} in ${request.itemName} is not what you reviewed; the signature was discarded. Review the current content again before signing`);
  }
  const auditEntry = request.audit.append({
    repository: request.repository,
    role: outcome.role,
    version: outcome.version,
    signedSha256: outcome.status.sha256,
    keyid: outcome.keyid,
    keyName: outcome.keyName,
    keySource: request.keySource,
  });
  return { outcome, auditEntry };
}
