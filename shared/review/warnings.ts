// Warnings: things a key holder should stop and think about before signing. Each has a stable
// code (tests, IPC, --json) and one sentence.

import type { TufKey, TufRootSigned, TufSignedBase, TufTargetsSigned } from '../tuf/types.js';
import type { ReviewRoleInput, ReviewWarning, TrustSummary } from './types.js';
import { KNOWN_KEY_FIELDS, KNOWN_ROLE_FIELDS } from './diff.js';
import { countWord, daysUntil, describeDays, keyMaterial, keyName } from './words.js';

const DAY_MS = 86_400_000;
export const EXPIRY_SOON_DAYS = 7;
export const EXPIRY_FAR_YEARS = 2;
const ONLINE_ROLES = ['timestamp', 'snapshot', 'targets'];

export function expiryWarnings(expires: string, now: number): ReviewWarning[] {
  const at = Date.parse(expires);
  const when = `${expires} (${describeDays(daysUntil(expires, now))})`;
  if (Number.isNaN(at)) return [];
  if (at <= now) return [{ code: 'expiry-past', message: `This metadata already expired on ${when}; clients will refuse it.` }];
  if (at - now < EXPIRY_SOON_DAYS * DAY_MS) return [{ code: 'expiry-soon', message: `This metadata expires ${when}, less than ${EXPIRY_SOON_DAYS} days from now.` }];
  const far = new Date(now);
  far.setUTCFullYear(far.getUTCFullYear() + EXPIRY_FAR_YEARS);
  if (at > far.getTime()) return [{ code: 'expiry-far', message: `This metadata expires ${when}, more than ${EXPIRY_FAR_YEARS} years away; a key compromise would stay valid that long.` }];
  return [];
}

export function versionWarnings(trusted: TufSignedBase | undefined, pending: TufSignedBase): ReviewWarning[] {
  if (!trusted || pending.version === trusted.version + 1) return [];
  return [{ code: 'version-not-next', message: `Version ${pending.version} is not the trusted version ${trusted.version} plus one; RSTUF and TUF clients expect version ${trusted.version + 1}.` }];
}

/** Same key material under two key ids: one person could count twice towards a threshold. */
export function duplicateKeyWarnings(keys: Record<string, TufKey>, where: string): ReviewWarning[] {
  const seen = new Map<string, string>();
  const warnings: ReviewWarning[] = [];
  for (const [keyid, key] of Object.entries(keys)) {
    const material = keyMaterial(key);
    const first = seen.get(material);
    if (first === undefined) seen.set(material, keyid);
    else {
      warnings.push({
        code: 'duplicate-keys',
        message: `${where} lists the same key twice, as ${keyName(first, keys[first])} (${first.slice(0, 8)}) and ${keyName(keyid, key)} (${keyid.slice(0, 8)}); one holder could count twice towards a threshold.`,
      });
    }
  }
  return warnings;
}

export function rootWarnings(trusted: TufRootSigned | undefined, pending: TufRootSigned): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const roles = pending.roles ?? {};
  for (const [role, keys] of Object.entries(roles)) {
    const old = trusted?.roles?.[role];
    if (old && keys.threshold < old.threshold) {
      warnings.push({ code: 'threshold-lowered', message: `The ${role} threshold drops from ${old.threshold} to ${keys.threshold}: fewer keys will be enough to sign ${role}.` });
    }
    const distinct = new Set(keys.keyids ?? []).size;
    if (keys.threshold > distinct) {
      warnings.push({ code: 'threshold-exceeds-keys', message: `The ${role} role needs ${keys.threshold} signatures but has only ${countWord(distinct)} key${distinct === 1 ? '' : 's'}; it can never be signed.` });
    }
  }
  if (roles.root?.threshold === 1) {
    warnings.push({ code: 'root-threshold-one', message: 'The root threshold is 1: a single lost or stolen root key can take over the whole repository.' });
  }

  const rootIds = roles.root?.keyids ?? [];
  const keyOf = (root: TufRootSigned, id: string): TufKey | undefined => root.keys?.[id];
  if (trusted) {
    const oldRootMaterial = (trusted.roles?.root?.keyids ?? []).flatMap((id) => {
      const key = keyOf(trusted, id);
      return key ? [keyMaterial(key)] : [];
    });
    const newMaterial = new Set(rootIds.flatMap((id) => {
      const key = keyOf(pending, id);
      return key ? [keyMaterial(key)] : [];
    }));
    if (oldRootMaterial.length > 0 && oldRootMaterial.every((m) => !newMaterial.has(m))) {
      warnings.push({
        code: 'all-root-keys-replaced',
        message: 'Every root key of the trusted root is replaced at once; if the new keys are wrong, nobody who signed before can repair it. Rotate a few keys at a time.',
      });
    }
  }

  const rootMaterial = new Map<string, string>();
  for (const id of rootIds) {
    const key = keyOf(pending, id);
    if (key) rootMaterial.set(keyMaterial(key), id);
  }
  const reported = new Set<string>();
  for (const role of ONLINE_ROLES) {
    for (const id of roles[role]?.keyids ?? []) {
      const key = keyOf(pending, id);
      if (!key || reported.has(id)) continue;
      if (rootMaterial.has(keyMaterial(key))) {
        reported.add(id);
        warnings.push({
          code: 'online-key-is-root-key',
          message: `${keyName(id, key)} signs the online role ${role} and is also a root key; the online key lives on a server, so a server compromise would expose a root key.`,
        });
      }
    }
  }
  warnings.push(...duplicateKeyWarnings(pending.keys ?? {}, 'Root'));
  // Only root updates (v2 and later) go through that endpoint; bootstrap accepts raw dicts since API PR #910.
  if (pending.version > 1) warnings.push(...rstufDroppedFieldWarnings(pending));
  return warnings;
}

/**
 * RSTUF's root update endpoint parses root through pydantic models that drop unknown fields on key
 * and role objects (rstuf-formats.md, key fact 9): the stored root would differ from what was signed.
 */
function rstufDroppedFieldWarnings(root: TufRootSigned): ReviewWarning[] {
  const extra: string[] = [];
  for (const [keyid, key] of Object.entries(root.keys ?? {})) {
    for (const field of Object.keys(key)) if (!KNOWN_KEY_FIELDS.has(field)) extra.push(`keys.${keyid.slice(0, 8)}.${field}`);
  }
  for (const [role, r] of Object.entries(root.roles ?? {})) {
    for (const field of Object.keys(r)) if (!KNOWN_ROLE_FIELDS.has(field)) extra.push(`roles.${role}.${field}`);
  }
  if (extra.length === 0) return [];
  return [
    {
      code: 'rstuf-drops-unknown-fields',
      message: `RSTUF's root update endpoint drops unknown fields on key and role objects (${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', ...' : ''}), so the root it stores would not match these signatures.`,
    },
  ];
}

export function targetsWarnings(trusted: TufTargetsSigned | undefined, pending: TufTargetsSigned): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const oldRoles = new Map((trusted?.delegations?.roles ?? []).map((r) => [r.name, r]));
  for (const role of pending.delegations?.roles ?? []) {
    const old = oldRoles.get(role.name);
    if (old && role.threshold < old.threshold) {
      warnings.push({ code: 'threshold-lowered', message: `The threshold of delegated role "${role.name}" drops from ${old.threshold} to ${role.threshold}.` });
    }
    const distinct = new Set(role.keyids ?? []).size;
    // RSTUF reads an empty key list with threshold 1 as "the online key signs".
    const onlineOnly = distinct === 0 && role.threshold === 1;
    if (!onlineOnly && role.threshold > distinct) {
      warnings.push({ code: 'threshold-exceeds-keys', message: `Delegated role "${role.name}" needs ${role.threshold} signatures but has only ${countWord(distinct)} key${distinct === 1 ? '' : 's'}; it can never be signed.` });
    }
  }
  warnings.push(...duplicateKeyWarnings(pending.delegations?.keys ?? {}, 'The delegations'));
  warnings.push(...delegatedRoleNameWarnings((pending.delegations?.roles ?? []).map((r) => r.name)));
  return warnings;
}

/** The name GET /api/v1/metadata/sign gives a delegated role: RSTUF's `name.split("_")[0].lower()`. */
export function rstufServedRoleName(name: string): string {
  return (name.split('_')[0] ?? '').toLowerCase();
}

/**
 * Delegated roles RSTUF cannot serve back under their own name (capitals, "_"): RSTUF's worker looks
 * the served name up among the delegations, so offline signing of such a role never completes
 * (rstuf-formats.md 1.4). Said before the delegation is created or signed, not after.
 */
export function delegatedRoleNameWarnings(names: readonly unknown[]): ReviewWarning[] {
  return names
    .filter((name): name is string => typeof name === 'string' && rstufServedRoleName(name) !== name)
    .map((name) => ({
      code: 'delegated-role-name' as const,
      message: `Delegated role "${name}": RSTUF serves it for signing as "${rstufServedRoleName(name)}" and then cannot find the role, so it can never be signed offline; name delegated roles in lower case with "-" only (e.g. "${name.toLowerCase().replace(/_/g, '-')}").`,
    }));
}

export function signatureWarnings(input: ReviewRoleInput): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const s = input.signatures;
  for (const sig of s.signatures) {
    if (sig.state === 'invalid' || sig.state === 'unverifiable') {
      warnings.push({ code: 'signature-invalid', message: `The signature by ${sig.name} does not verify over this metadata${sig.reason ? ` (${sig.reason})` : ''}; it counts for nothing.` });
    } else if (sig.state === 'unauthorized') {
      warnings.push({ code: 'signature-unauthorized', message: `A signature by key ${sig.keyid.slice(0, 8)} is attached, but no key with that id may sign this role; it counts for nothing.` });
    }
  }
  for (const issue of input.keyIdIssues ?? []) {
    if (issue.variant === 'mismatch') {
      warnings.push({ code: 'keyid-mismatch', message: `Key id ${issue.keyid.slice(0, 16)}... is not the hash of its key; the same key could appear under another id.` });
    }
  }
  if (s.met) warnings.push({ code: 'already-fully-signed', message: 'This metadata already has every signature it needs; another signature adds nothing.' });
  return warnings;
}

export function trustWarnings(input: ReviewRoleInput, trust: TrustSummary): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const version = input.metadata.signed.version;
  if (input.signatures.missingAuthorizer) {
    warnings.push({ code: 'trusted-version-missing', message: `Signatures cannot be fully checked without ${input.signatures.missingAuthorizer}.` });
  } else if (!input.trusted && version > 1) {
    warnings.push({ code: 'trusted-version-missing', message: `There is no trusted version of ${input.name} to compare with, so changes cannot be shown; only the content of version ${version} is.` });
  }
  // A bootstrap root (v1) chains to nothing: there is no earlier root a pin would vouch for.
  const isBootstrapRoot = input.metadata.signed._type === 'root' && version === 1;
  if (trust.state === 'unanchored' && !isBootstrapRoot) warnings.push({ code: 'trust-not-anchored', message: trust.message });
  return warnings;
}
