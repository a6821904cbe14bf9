// Plain-Node glue from a loaded document (+ trust anchor) to the pure review model:
// compute signature statuses with the engine, map them, and call buildReview.

import { createHash } from 'node:crypto';
import { SignerError } from '../../../shared/errors.js';
import { artifactIndexFor, buildReview, canonicalSignedJson, type ArtifactIndex, type Review, type ReviewInput, type ReviewRoleInput } from '../../../shared/review/index.js';
import type { PendingRole, RstufDocument } from '../../../shared/tuf/documents.js';
import type { RootMetadata, TufDelegations, TufMetadata } from '../../../shared/tuf/types.js';
import type { KeyProofStatus, SignatureSummary } from '../../../shared/review/types.js';
import { keyListSha256, keyProofStatuses, provedKeysMissing, type KeyProof } from '../ceremony/proof.js';
import { publicKeyIdentity } from '../tuf/tuf-keys.js';
import { findAuthorizers, keysListedTwice, roleStatus, type RoleStatus } from '../tuf/authorization.js';
import { unanchored, type AnchorResult } from '../trust/anchor.js';
import { keyIdIssuesOf, toSignatureSummary } from './signature-summary.js';

export interface DocumentReviewOptions {
  /** From anchorDocument / anchorForCommand; without it the review says the trust is unanchored. */
  anchor?: AnchorResult;
  /** Previous (trusted) versions of delegated roles, by role name, when the holder has them. */
  previous?: Record<string, TufMetadata>;
  source?: string;
  now?: number;
  artifactChangeLimit?: number;
  /** Proofs of possession stored for a key list (by its sha256): a pending root then says, per new key, proved or not. */
  proofs?: (keyListSha256: string) => readonly KeyProof[];
  /** Proofs this laptop made, and the repository the document is for: a pending root must still list the keys proved for it. */
  madeProofs?: { repository: string; proofs: readonly KeyProof[] };
  /** Legacy key ids this repository allows (default: the anchor's, read from the trust store). */
  allowedKeyIds?: readonly string[];
}

function trustedVersionOf(doc: RstufDocument, role: PendingRole, options: DocumentReviewOptions): TufMetadata | undefined {
  const type = role.metadata.signed._type;
  if (type === 'root') return options.anchor?.trustedRoot ?? doc.trustedRoot;
  if (role.name === 'targets') return doc.trustedTargets;
  return options.previous?.[role.name];
}

/** `signatures`: each pending role's signature summary, in order (default: every signature checked now). */
export function reviewInputOf(doc: RstufDocument, options: DocumentReviewOptions = {}, signatures: SignatureSummary[] = statusesOf(doc, options).map(toSignatureSummary)): ReviewInput {
  const anchor = options.anchor ?? unanchored();
  const roles = doc.pending.map((p, i): ReviewRoleInput => {
    const trusted = trustedVersionOf(doc, p, options);
    // A pending root v1 has no predecessor even if the store has a root: never compare with it.
    const comparable = trusted && !(p.metadata.signed._type === 'root' && p.metadata.signed.version === 1) ? trusted : undefined;
    return {
      name: p.name,
      metadata: p.metadata,
      ...(comparable ? { trusted: comparable } : {}),
      signatures: signatures[i] as SignatureSummary,
      keyIdIssues: keyIdIssuesOf(p.metadata, comparable, options.allowedKeyIds ?? anchor.allowedKeyIds),
      ...(doc.kind === 'bootstrap' && p.name === 'root' ? ceremonyDelegationsOf(doc) : {}),
      ...((doc as { reserializationDiffers?: string[] }).reserializationDiffers?.includes(p.name) ? { reserializationDiffers: true } : {}),
      ...(options.proofs && p.metadata.signed._type === 'root' ? { keyProofs: proofStatusesOf(p.metadata as RootMetadata, comparable as RootMetadata | undefined, options.proofs) } : {}),
      ...(options.madeProofs && p.metadata.signed._type === 'root' ? { provedKeysMissing: provedKeysMissing((p.metadata as RootMetadata).signed, options.madeProofs.proofs, options.madeProofs.repository) } : {}),
    };
  });
  const source = options.source ?? (doc as { source?: string }).source;
  return {
    kind: doc.kind,
    ...(source !== undefined ? { source } : {}),
    roles,
    trust: anchor.trust,
    now: options.now ?? Date.now(),
    keyIdentity: publicKeyIdentity,
    ...(options.artifactChangeLimit !== undefined ? { artifactChangeLimit: options.artifactChangeLimit } : {}),
  };
}

function proofStatusesOf(root: RootMetadata, trusted: RootMetadata | undefined, proofs: (keyListSha256: string) => readonly KeyProof[]): KeyProofStatus[] {
  return keyProofStatuses(root.signed, trusted?.signed, proofs(keyListSha256(root.signed.keys ?? {})));
}

/** What a bootstrap payload's settings delegate to (settings.roles.bins or .delegations), when well formed. */
function ceremonyDelegationsOf(doc: RstufDocument): Pick<ReviewRoleInput, 'ceremonyDelegations'> {
  const roles = (doc.json.settings as { roles?: { bins?: unknown; delegations?: unknown } } | undefined)?.roles;
  const bins = (roles?.bins as { number_of_delegated_bins?: unknown } | null | undefined)?.number_of_delegated_bins;
  const delegations = roles?.delegations as TufDelegations | null | undefined;
  const usable = typeof delegations === 'object' && delegations !== null && typeof delegations.keys === 'object' && delegations.keys !== null && Array.isArray(delegations.roles);
  if (typeof bins !== 'number' && !usable) return {};
  return { ceremonyDelegations: { ...(typeof bins === 'number' ? { bins } : {}), ...(usable ? { delegations } : {}) } };
}

/** Each pending role's one threshold count, against the anchor's trusted root. */
function statusesOf(doc: RstufDocument, options: DocumentReviewOptions): RoleStatus[] {
  const trustedRoot = options.anchor?.trustedRoot;
  return doc.pending.map((p) => roleStatus(doc, p, trustedRoot ? { trustedRoot } : {}));
}

export function reviewDocument(doc: RstufDocument, options: DocumentReviewOptions = {}): Review {
  return buildReview(reviewInputOf(doc, options));
}

/** The review and the counts it was built from (per pending role, in order), counted once. */
export function reviewDocumentWithStatuses(doc: RstufDocument, options: DocumentReviewOptions = {}): { review: Review; statuses: RoleStatus[] } {
  const statuses = statusesOf(doc, options);
  return { review: buildReview(reviewInputOf(doc, options, statuses.map(toSignatureSummary))), statuses };
}

/**
 * The review before any signature is checked, for a first screen: every change, count and warning
 * that does not depend on a signature, without serializing the roles (a 100,000-artifact role's
 * canonical bytes, their sha256 and the signature checks are most of its review). What is known
 * without them is said: an authorizer that is missing, a broken chain, a key listed twice. Its
 * roles' `signedSha256` is empty and no threshold is counted: nothing may be signed from it
 * (main/services/review.ts says so in every role).
 */
export function reviewDocumentUnchecked(doc: RstufDocument, options: DocumentReviewOptions = {}): { review: Review; summaries: SignatureSummary[] } {
  const trustedRoot = options.anchor?.trustedRoot;
  const summaries = doc.pending.map((p): SignatureSummary => {
    const found = findAuthorizers(doc, p, trustedRoot ? { trustedRoot } : {});
    const twice = keysListedTwice(found.authorizers);
    return {
      thresholds: [],
      signatures: [],
      met: false,
      ...(found.missing !== undefined ? { missingAuthorizer: found.missing } : {}),
      ...(found.broken !== undefined ? { chainBroken: found.broken } : {}),
      ...(twice.length > 0 ? { keysListedTwice: twice } : {}),
      signedSha256: '',
    };
  });
  return { review: buildReview(reviewInputOf(doc, options, summaries)), summaries };
}

/**
 * The review plus the artifact index of each targets role, each index built once: what a caller
 * that pages through artifacts afterwards (CLI, IPC handler) keeps.
 */
export function reviewDocumentWithIndexes(doc: RstufDocument, options: DocumentReviewOptions = {}): { review: Review; artifactIndexes: Record<string, ArtifactIndex> } {
  const input = reviewInputOf(doc, options);
  const artifactIndexes: Record<string, ArtifactIndex> = {};
  for (const role of input.roles) {
    if (role.metadata.signed._type !== 'targets') continue;
    role.artifactIndex = artifactIndexFor(role);
    artifactIndexes[role.name] = role.artifactIndex;
  }
  return { review: buildReview(input), artifactIndexes };
}

function pendingRole(doc: RstufDocument, name: string): PendingRole {
  const role = doc.pending.find((p) => p.name === name);
  if (!role) throw new SignerError('ROLE_NOT_FOUND', `no role "${name}" is pending here (pending: ${doc.pending.map((p) => p.name).join(', ') || 'none'})`);
  return role;
}

/** The artifact index of one pending targets role, for paging (build once, page many times). */
export function artifactIndexOfRole(doc: RstufDocument, name: string, options: Pick<DocumentReviewOptions, 'previous'> = {}): ArtifactIndex {
  const role = pendingRole(doc, name);
  if (role.metadata.signed._type !== 'targets') throw new SignerError('ROLE_NOT_FOUND', `${name} is ${String(role.metadata.signed._type)} metadata and lists no artifacts`);
  const trusted = trustedVersionOf(doc, role, options);
  return artifactIndexFor({ metadata: role.metadata, ...(trusted ? { trusted } : {}) });
}

/** The canonical JSON a signature on `name` covers, and its sha256 (shown behind a toggle). */
export function canonicalOfRole(doc: RstufDocument, name: string): { json: string; sha256: string; bytes: number } {
  const json = canonicalSignedJson(pendingRole(doc, name).metadata);
  const bytes = Buffer.from(json, 'utf8');
  return { json, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}
