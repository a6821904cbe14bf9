// The one signing path, for the desktop app and the CLI alike: check that the bytes are the ones
// the holder reviewed, sign with the opened signer (key file or token; signDocument signs, then
// verifies against the key the metadata lists), check the signed bytes once more, and append the
// audit entry. A signature the audit log could not record is not returned, so it is never kept.
//
// Opening the signer (passphrase, PIN) is the caller's, after `preflightSigning` has refused what
// cannot be signed, so a wrong review never costs a PIN attempt.
//
// After a root is signed, its ceremony record in the data folder is rewritten (record-file.ts).
// A record that cannot be written never undoes the signature: the result carries the problem.

import { SignerError } from '../../shared/errors.js';
import type { AuditEntry, KeySource, ReviewedRole } from '../../shared/ipc/schemas.js';
import { readDocument, type RstufDocument } from '../../shared/tuf/documents.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { refusalToSign, selectRoles, signDocument, type SignOutcome } from '../core/signers/sign-document.js';
import type { AsyncSigner } from '../core/signers/signer.js';
import { keepCeremonyRecord } from '../core/ceremony/record-file.js';
import type { DocumentReviewOptions } from '../core/review/review-document.js';
import type { AnchorResult } from '../core/trust/anchor.js';
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
  /** The data folder's records folder and what the record is judged with (the review's anchor and proofs). */
  ceremonyRecord: { recordsDir: string; anchor: AnchorResult; proofs: Pick<DocumentReviewOptions, 'proofs' | 'madeProofs'>; now: () => Date };
  /**
   * Writes the signature where it is kept (the CLI's output file or bundle), after the audit entry
   * and before the ceremony record, so a record never lists a signature that no file holds.
   * Returns what the caller wants back from the write (e.g. where it went).
   */
  keep?: (outcome: SignOutcome) => string | undefined;
}

/** The ceremony record after a root signature: where it was written, or why it was not. */
export type RecordUpdate = { written: true; fileName: string; path: string; shownAs: string } | { written: false; problem: string };

export interface SignAndRecordResult {
  outcome: SignOutcome;
  auditEntry: AuditEntry;
  /** Set when a root was signed. */
  record?: RecordUpdate;
  /** What `keep` returned. */
  kept?: string;
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
  const kept = request.keep?.(outcome);
  const signedRoot = request.doc.pending.find((p) => p.name === outcome.role)?.metadata.signed._type === 'root';
  return { outcome, auditEntry, ...(kept !== undefined ? { kept } : {}), ...(signedRoot ? { record: updateRecord(request, outcome) } : {}) };
}

function updateRecord(request: SignAndRecordRequest, outcome: SignOutcome): RecordUpdate {
  const { recordsDir, anchor, proofs, now } = request.ceremonyRecord;
  try {
    const kept = keepCeremonyRecord(readDocument(outcome.signedDocument), { recordsDir, repository: request.repository, anchor, source: request.itemName, ...proofs, audit: request.audit.entries(), generatedAt: now() });
    return { written: true, fileName: kept.fileName, path: kept.path, shownAs: kept.shownAs };
  } catch (error) {
    // Said to the page: a SignerError's sentence names files, never paths; anything else is a bug.
    const why = error instanceof SignerError ? error.message : 'an unexpected error (a bug in the signer)';
    return { written: false, problem: `the signature stands, but its ceremony record was not updated: ${why}` };
  }
}
