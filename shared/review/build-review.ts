// buildReview: "what exactly am I signing", for each pending role, against what the holder trusts.
// Pure and serializable; see types.ts for the input (signature statuses come from main).

import { canonicalize } from '../tuf/canonical.js';
import type { TufMetadata, TufRootSigned, TufTargetsSigned } from '../tuf/types.js';
import { artifactChangeOf, artifactPage, buildArtifactIndex, type ArtifactIndex, type ArtifactPage, type ArtifactPageRequest } from './artifacts.js';
import { KNOWN_ROOT_FIELDS, onlineKeyOf, rootChanges, targetsChanges, commonChanges } from './diff.js';
import type { Change, Review, ReviewInput, ReviewRoleInput, ReviewWarning, RoleReview, RootOverview, SignatureStatusReview } from './types.js';
import { byLevel, delegationSigningNotes, expiryWarnings, keyProofWarnings, rootWarnings, warn, signatureWarnings, targetsWarnings, trustWarnings, versionWarnings } from './warnings.js';
import { daysUntil, describeThreshold, keyDetails, keyRef } from './words.js';

export const DEFAULT_ARTIFACT_CHANGE_LIMIT = 100;

export function buildReview(input: ReviewInput): Review {
  return {
    kind: input.kind,
    ...(input.source !== undefined ? { source: input.source } : {}),
    trust: input.trust,
    roles: input.roles.map((role) => reviewRole(role, input)),
  };
}

function reviewRole(input: ReviewRoleInput, context: ReviewInput): RoleReview {
  const signed = input.metadata.signed;
  const trusted = input.trusted?.signed;
  const now = context.now;
  let changes: Change[] = [];
  const warnings = [...expiryWarnings(signed.expires, now), ...versionWarnings(trusted, signed)];
  let root: RootOverview | undefined;
  let artifacts: RoleReview['artifacts'];

  if (signed._type === 'root') {
    const pending = signed as TufRootSigned;
    const old = trusted?._type === 'root' ? (trusted as TufRootSigned) : undefined;
    if (old) changes = rootChanges(old, pending, now);
    warnings.push(...rootWarnings(old, pending, context.keyIdentity), ...ceremonyDelegationNotes(input));
    root = rootOverview(pending);
  } else if (signed._type === 'targets') {
    const pending = signed as TufTargetsSigned;
    const old = trusted?._type === 'targets' ? (trusted as TufTargetsSigned) : undefined;
    if (old) changes = targetsChanges(old, pending, now);
    warnings.push(...targetsWarnings(old, pending, context.keyIdentity));
    // A new role (v1) is compared with nothing: every artifact is new. Without a trusted version
    // of a later version there is nothing to compare, and that is said in a warning.
    const index = input.artifactIndex ?? artifactIndexFor(input);
    const limit = context.artifactChangeLimit ?? DEFAULT_ARTIFACT_CHANGE_LIMIT;
    // Only the first `limit` changes are listed: the full sorted list waits for the artifact browser.
    const listed = index.compared ? index.firstChanges(limit) : [];
    changes.push(...listed.map(artifactChangeOf));
    const changedCount = index.counts.added + index.counts.removed + index.counts.modified;
    artifacts = { total: index.total, counts: index.counts, groups: index.groups, changesNotListed: index.compared ? changedCount - listed.length : 0, compared: index.compared };
  } else if (trusted) {
    changes = commonChanges(trusted, signed, new Set(Object.keys(signed)), now);
  }

  warnings.push(...signatureWarnings(input), ...keyProofWarnings(input), ...trustWarnings(input, context.trust));
  return {
    role: input.name,
    type: String(signed._type),
    version: signed.version,
    expires: signed.expires,
    expiresInDays: daysUntil(signed.expires, now),
    ...(trusted ? { trustedVersion: trusted.version } : {}),
    signedSha256: input.signatures.signedSha256,
    signatures: signatureStatus(input),
    threshold: { required: Math.max(0, ...input.signatures.thresholds.map((t) => t.required)), met: input.signatures.met },
    changes,
    warnings: byLevel(warnings),
    ...(root ? { root } : {}),
    ...(artifacts ? { artifacts } : {}),
  };
}

function signatureStatus(input: ReviewRoleInput): SignatureStatusReview {
  const s = input.signatures;
  const valid = new Set<string>();
  const missing = new Set<string>();
  for (const t of s.thresholds) {
    for (const k of t.valid) valid.add(k.keyid);
    for (const k of t.missing) missing.add(k.keyid);
  }
  const lines = s.thresholds.map(describeThreshold);
  if (s.missingAuthorizer) lines.push(`cannot check against ${s.missingAuthorizer}, which is not available`);
  return {
    valid: [...valid],
    invalid: s.signatures.filter((x) => x.state !== 'valid' && x.state !== 'duplicate' && x.state !== 'elsewhere').map((x) => x.keyid),
    missing: [...missing].filter((id) => !valid.has(id)),
    lines,
    thresholds: s.thresholds,
  };
}

export function rootOverview(root: TufRootSigned): RootOverview {
  const rolesOfKey = new Map<string, string[]>();
  const roles = Object.entries(root.roles ?? {}).map(([role, r]) => {
    for (const id of r.keyids ?? []) rolesOfKey.set(id, [...(rolesOfKey.get(id) ?? []), role]);
    return { role, threshold: r.threshold, keys: (r.keyids ?? []).map((id) => keyRef(id, root.keys?.[id])) };
  });
  const online = onlineKeyOf(root);
  const extraFields = Object.keys(root)
    .filter((f) => !KNOWN_ROOT_FIELDS.has(f))
    .map((field) => ({ field, value: canonicalize(root[field]) }));
  return {
    keys: Object.entries(root.keys ?? {}).map(([id, key]) => ({ ...keyDetails(id, key), roles: rolesOfKey.get(id) ?? [] })),
    ...(extraFields.length > 0 ? { extraFields } : {}),
    roles,
    ...(online ? { onlineKey: online } : {}),
    ...(root.consistent_snapshot !== undefined ? { consistentSnapshot: root.consistent_snapshot } : {}),
    specVersion: root.spec_version,
  };
}

/**
 * The artifact index of a targets role (build once, then page through it). The trusted version is
 * the comparison base; a version-1 role without one is compared with an empty role.
 */
export function artifactIndexFor(input: Pick<ReviewRoleInput, 'metadata' | 'trusted'>): ArtifactIndex {
  const pending = input.metadata.signed as TufTargetsSigned;
  const trusted = input.trusted?.signed as TufTargetsSigned | undefined;
  // Imported roles are deep-frozen (sealForSigning), so their index can never go stale: the one
  // review.get counted is the one the artifact browser pages through, whoever asks first.
  const cacheable = Object.isFrozen(pending) && Object.isFrozen(pending.targets) && (trusted === undefined || (Object.isFrozen(trusted) && Object.isFrozen(trusted.targets)));
  const byTrusted = cacheable ? indexCache.get(pending) : undefined;
  const cached = byTrusted?.get(trusted ?? NO_TRUSTED);
  if (cached) return cached;
  const base = trusted?.targets ?? (pending.version === 1 ? {} : undefined);
  const index = buildArtifactIndex(pending.targets, base);
  if (cacheable) {
    const map = byTrusted ?? new WeakMap<object, ArtifactIndex>();
    map.set(trusted ?? NO_TRUSTED, index);
    indexCache.set(pending, map);
  }
  return index;
}

const NO_TRUSTED = {};
const indexCache = new WeakMap<object, WeakMap<object, ArtifactIndex>>();

export function reviewArtifactPage(index: ArtifactIndex, request: ArtifactPageRequest): ArtifactPage {
  return artifactPage(index, request);
}

/**
 * The exact text a signature covers: canonical JSON of `signed` (UTF-8 encode it for the bytes).
 * Separate from the review because a large targets role makes it megabytes long.
 */
export function canonicalSignedJson(metadata: TufMetadata): string {
  return canonicalize(metadata.signed);
}

/** What a bootstrap payload's settings create with root v1: hash bins, or custom delegations in words. */
function ceremonyDelegationNotes(input: ReviewRoleInput): ReviewWarning[] {
  const c = input.ceremonyDelegations;
  if (!c) return [];
  const out: ReviewWarning[] = [];
  if (c.bins !== undefined) out.push(warn('delegation-signing', `This ceremony delegates every artifact to ${c.bins} hash bins, made and signed online by RSTUF with the online key.`));
  if (c.delegations) out.push(...delegationSigningNotes(c.delegations, 'This ceremony creates delegated role'));
  return out;
}
