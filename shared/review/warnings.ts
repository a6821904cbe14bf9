// Warnings: things a key holder should stop and think about before signing. Each has a stable
// code (tests, IPC, --json) and one sentence.

import { KEY_NAME_FIELD, ONLINE_KEY_URI_FIELD, type TufKey, type TufRootSigned, type TufSignedBase, type TufTargetsSigned } from '../tuf/types.js';
import type { KeyIdentity, KeyProofStatus, ReviewRoleInput, ReviewWarning, TrustSummary, WarningCode, WarningLevel } from './types.js';
import { delegationSummary, describeDelegationSigning, KNOWN_KEY_FIELDS, KNOWN_ROLE_FIELDS, KNOWN_ROOT_FIELDS, ROLE_ONLINE_KEY_FIELD } from './diff.js';
import { canonicalize } from '../tuf/canonical.js';
import { checkExtraFieldNames } from '../ceremony/rules.js';
import { isSigstoreKey } from '../tuf/key-id.js';
import { ownKeys } from '../tuf/frozen-keys.js';
import type { TufDelegatedRole, TufDelegations } from '../tuf/types.js';
import { countWord, daysUntil, describeDays, describeSigner, hasHiddenCharacters, hiddenCharactersOf, keyDetails, keyName, printable } from './words.js';

/** Each warning's level, in one table: the CLI, the app and the export all read it from the warning. */
export const WARNING_LEVELS: Record<WarningCode, WarningLevel> = {
  'threshold-lowered': 'danger',
  'root-threshold-one': 'danger',
  'threshold-exceeds-keys': 'danger',
  'all-root-keys-replaced': 'danger',
  'online-key-is-root-key': 'danger',
  'expiry-past': 'danger',
  'version-not-next': 'danger',
  'signature-invalid': 'danger',
  'keyid-mismatch': 'danger',
  'duplicate-keys': 'danger',
  'trust-chain-broken': 'danger',
  'signature-refused': 'danger',
  'rstuf-drops-unknown-fields': 'danger',
  'expiry-soon': 'warning',
  'expiry-far': 'warning',
  'signature-unauthorized': 'warning',
  'signature-duplicate': 'warning',
  'keyid-variant': 'warning',
  'keyid-mismatch-trusted': 'warning',
  'extra-fields': 'info',
  'signs-elsewhere': 'info',
  'delegation-signing': 'info',
  'role-online-key-invalid': 'warning',
  'extra-field-name': 'warning',
  'trusted-version-missing': 'warning',
  'trust-not-anchored': 'warning',
  'delegated-role-name': 'warning',
  'key-not-proved': 'warning',
  'proved-key-missing': 'danger',
  'already-fully-signed': 'info',
  'key-proved': 'info',
  'reserialization-differs': 'info',
  // A danger where the holder's trust decision rests on the text (see hiddenCharacterWarnings).
  'hidden-characters': 'warning',
};

export const warn = (code: WarningCode, message: string): ReviewWarning => ({ code, level: WARNING_LEVELS[code], message });

const LEVEL_ORDER: Record<WarningLevel, number> = { danger: 0, warning: 1, info: 2 };
/** Dangers first, then warnings, then information; the order within a level is kept. */
export function byLevel(warnings: ReviewWarning[]): ReviewWarning[] {
  return [...warnings].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}

const DAY_MS = 86_400_000;
export const EXPIRY_SOON_DAYS = 7;
export const EXPIRY_FAR_YEARS = 2;
const ONLINE_ROLES = ['timestamp', 'snapshot', 'targets'];

export function expiryWarnings(expires: string, now: number): ReviewWarning[] {
  const at = Date.parse(expires);
  const when = `${expires} (${describeDays(daysUntil(expires, now))})`;
  if (Number.isNaN(at)) return [];
  if (at <= now) return [warn('expiry-past', `This metadata already expired on ${when}; clients will refuse it.`)];
  if (at - now < EXPIRY_SOON_DAYS * DAY_MS) return [warn('expiry-soon', `This metadata expires ${when}, less than ${EXPIRY_SOON_DAYS} days from now.`)];
  const far = new Date(now);
  far.setUTCFullYear(far.getUTCFullYear() + EXPIRY_FAR_YEARS);
  if (at > far.getTime()) return [warn('expiry-far', `This metadata expires ${when}, more than ${EXPIRY_FAR_YEARS} years away; a key compromise would stay valid that long.`)];
  return [];
}

export function versionWarnings(trusted: TufSignedBase | undefined, pending: TufSignedBase): ReviewWarning[] {
  if (!trusted || pending.version === trusted.version + 1) return [];
  return [warn('version-not-next', `Version ${pending.version} is not the trusted version ${trusted.version} plus one; RSTUF and TUF clients expect version ${trusted.version + 1}.`)];
}

/**
 * One key under two key ids (in any spelling): python-tuf, and so RSTUF's worker and every TUF
 * client, would count one holder's signature twice towards a threshold. A danger: signing refuses it.
 */
export function duplicateKeyWarnings(keys: Record<string, TufKey>, where: string, identityOf: KeyIdentity): ReviewWarning[] {
  return duplicateKeyPairs(keys, identityOf).map(([first, second]) =>
    warn(
      'duplicate-keys',
      `${where} lists one key twice: ${keyName(first, keys[first])} (key id ${first}) and ${keyName(second, keys[second])} (key id ${second}) are the same public key; TUF clients and RSTUF would count one holder's signature twice towards a threshold. Do not sign this.`,
    ),
  );
}

/** Pairs [first key id, later key id] that list the same key (by identity). */
export function duplicateKeyPairs(keys: Record<string, TufKey>, identityOf: KeyIdentity): [string, string][] {
  const seen = new Map<string, string>();
  const pairs: [string, string][] = [];
  for (const [keyid, key] of Object.entries(keys)) {
    const identity = identityOf(key);
    const first = seen.get(identity);
    if (first === undefined) seen.set(identity, keyid);
    else pairs.push([first, keyid]);
  }
  return pairs;
}

export function rootWarnings(trusted: TufRootSigned | undefined, pending: TufRootSigned, identityOf: KeyIdentity): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const roles = pending.roles ?? {};
  for (const [role, keys] of Object.entries(roles)) {
    const old = trusted?.roles?.[role];
    if (old && keys.threshold < old.threshold) {
      warnings.push(warn('threshold-lowered', `The ${role} threshold drops from ${old.threshold} to ${keys.threshold}: fewer keys will be enough to sign ${role}.`));
    }
    const distinct = new Set(keys.keyids ?? []).size;
    if (keys.threshold > distinct) {
      warnings.push(warn('threshold-exceeds-keys', `The ${role} role needs ${keys.threshold} signatures but has only ${countWord(distinct)} key${distinct === 1 ? '' : 's'}; it can never be signed.`));
    }
  }
  if (roles.root?.threshold === 1) {
    warnings.push(warn('root-threshold-one', 'The root threshold is 1: a single lost or stolen root key can take over the whole repository.'));
  }

  const rootIds = roles.root?.keyids ?? [];
  const keyOf = (root: TufRootSigned, id: string): TufKey | undefined => root.keys?.[id];
  if (trusted) {
    const oldRootMaterial = (trusted.roles?.root?.keyids ?? []).flatMap((id) => {
      const key = keyOf(trusted, id);
      return key ? [identityOf(key)] : [];
    });
    const newMaterial = new Set(rootIds.flatMap((id) => {
      const key = keyOf(pending, id);
      return key ? [identityOf(key)] : [];
    }));
    if (oldRootMaterial.length > 0 && oldRootMaterial.every((m) => !newMaterial.has(m))) {
      warnings.push(warn('all-root-keys-replaced', 'Every root key of the trusted root is replaced at once; if the new keys are wrong, nobody who signed before can repair it. Rotate a few keys at a time.'));
    }
  }

  const rootMaterial = new Map<string, string>();
  for (const id of rootIds) {
    const key = keyOf(pending, id);
    if (key) rootMaterial.set(identityOf(key), id);
  }
  const reported = new Set<string>();
  for (const role of ONLINE_ROLES) {
    for (const id of roles[role]?.keyids ?? []) {
      const key = keyOf(pending, id);
      if (!key || reported.has(id)) continue;
      if (rootMaterial.has(identityOf(key))) {
        reported.add(id);
        warnings.push(warn('online-key-is-root-key', `${keyName(id, key)} signs the online role ${role} and is also a root key; the online key lives on a server, so a server compromise would expose a root key.`));
      }
    }
  }
  warnings.push(...duplicateKeyWarnings(pending.keys ?? {}, 'Root', identityOf));
  warnings.push(...extraFieldNotes(pending), ...signsElsewhereNotes(pending.keys ?? {}, 'root'));
  warnings.push(...keyHiddenCharacterWarnings(pending.keys ?? {}, 'root'), ...roleNameHiddenCharacterWarnings(Object.keys(roles)));
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
    warn('rstuf-drops-unknown-fields', `RSTUF's root update endpoint drops unknown fields on key and role objects (${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', ...' : ''}), so the root it stores would not match these signatures.`),
  ];
}

export function targetsWarnings(trusted: TufTargetsSigned | undefined, pending: TufTargetsSigned, identityOf: KeyIdentity): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const oldRoles = new Map((trusted?.delegations?.roles ?? []).map((r) => [r.name, r]));
  for (const role of pending.delegations?.roles ?? []) {
    const old = oldRoles.get(role.name);
    if (old && role.threshold < old.threshold) {
      warnings.push(warn('threshold-lowered', `The threshold of delegated role "${role.name}" drops from ${old.threshold} to ${role.threshold}.`));
    }
    const distinct = new Set(role.keyids ?? []).size;
    // RSTUF reads an empty key list with threshold 1 as "the online key signs".
    const onlineOnly = distinct === 0 && role.threshold === 1;
    if (!onlineOnly && role.threshold > distinct) {
      warnings.push(warn('threshold-exceeds-keys', `Delegated role "${role.name}" needs ${role.threshold} signatures but has only ${countWord(distinct)} key${distinct === 1 ? '' : 's'}; it can never be signed.`));
    }
  }
  warnings.push(...duplicateKeyWarnings(pending.delegations?.keys ?? {}, 'The delegations', identityOf));
  if (pending.delegations) warnings.push(...delegationSigningNotes(pending.delegations, 'Delegated role'), ...signsElsewhereNotes(pending.delegations.keys ?? {}, 'the delegations'));
  warnings.push(...keyHiddenCharacterWarnings(pending.delegations?.keys ?? {}, 'the delegations'));
  const delegated = pending.delegations?.roles ?? [];
  warnings.push(...roleNameHiddenCharacterWarnings(delegated.map((r) => r.name)));
  warnings.push(...pathHiddenCharacterWarnings(delegated.flatMap((r) => (Array.isArray(r.paths) ? r.paths : [])), 'delegated path pattern'));
  warnings.push(...pathHiddenCharacterWarnings(ownKeys(pending.targets ?? {}), 'artifact path'));
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
    .map((name) =>
      warn(
        'delegated-role-name',
        `Delegated role "${name}": RSTUF serves it for signing as "${rstufServedRoleName(name)}" and then cannot find the role, so it can never be signed offline; name delegated roles in lower case with "-" only (e.g. "${name.toLowerCase().replace(/_/g, '-')}").`,
      ),
    );
}

export function signatureWarnings(input: ReviewRoleInput): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const s = input.signatures;
  const refused = new Set((s.refused ?? []).map((r) => r.keyid));
  for (const sig of s.signatures) {
    if (refused.has(sig.keyid) && sig.state !== 'duplicate' && sig.state !== 'valid') {
      const why = sig.state === 'unauthorized' ? 'is made by a key that may not sign this role' : `does not verify over this metadata${sig.reason ? ` (${sig.reason})` : ''}`;
      warnings.push(warn('signature-refused', `The signature with key id ${sig.keyid} (${sig.name}) ${why}. RSTUF refuses a payload that carries any such signature ("invalid signature(s)"), even when the threshold is met: drop it before export.`));
    } else if (sig.state === 'invalid' || sig.state === 'unverifiable') {
      warnings.push(warn('signature-invalid', `The signature by ${sig.name} does not verify over this metadata${sig.reason ? ` (${sig.reason})` : ''}; it counts for nothing.`));
    } else if (sig.state === 'unauthorized') {
      warnings.push(warn('signature-unauthorized', `A signature by key ${sig.keyid.slice(0, 8)} is attached, but no key with that id may sign this role; it counts for nothing.`));
    } else if (sig.state === 'duplicate') {
      warnings.push(warn('signature-duplicate', `${sig.name} signed this metadata more than once; only one signature counts.`));
    }
  }
  // An authorizer's own duplicates; those of the metadata's own key list are said by root/targets warnings.
  const signed = input.metadata.signed as { keys?: Record<string, unknown>; delegations?: { keys?: Record<string, unknown> } };
  const ownKeys = input.metadata.signed._type === 'root' ? (signed.keys ?? {}) : (signed.delegations?.keys ?? {});
  for (const twice of s.keysListedTwice ?? []) {
    if (Object.hasOwn(ownKeys, twice.first.keyid) && Object.hasOwn(ownKeys, twice.second.keyid)) continue;
    warnings.push(
      warn(
        'duplicate-keys',
        `${twice.label} lists one key twice: ${twice.first.name} (key id ${twice.first.keyid}) and ${twice.second.name} (key id ${twice.second.keyid}) are the same public key; TUF clients and RSTUF would count one holder's signature twice towards its threshold. Do not sign this.`,
      ),
    );
  }
  for (const issue of input.keyIdIssues ?? []) {
    if (issue.variant === 'mismatch' && issue.known === undefined) {
      warnings.push(
        warn(
          'keyid-mismatch',
          `Key id ${issue.keyid.slice(0, 16)}... is not the hash of its key, and the key is new to this repository: the same key could later be listed again under its real id and count twice. Do not sign unless the key id is fixed, or it is a legacy id you trust (rstuf-signer trust allow-keyid).`,
        ),
      );
    } else if (issue.variant === 'mismatch') {
      const why = issue.known === 'trusted' ? 'already trusted under this id' : "on this repository's allow-list of legacy key ids";
      warnings.push(warn('keyid-mismatch-trusted', `Key id ${issue.keyid.slice(0, 16)}... is not the hash of its key, but the key is ${why}; clients accept it as given.`));
    } else {
      warnings.push(warn('keyid-variant', `Key id ${issue.keyid.slice(0, 16)}... is a ${issue.variant} key id, not the default one; clients still accept it.`));
    }
  }
  if (input.reserializationDiffers) {
    warnings.push(warn('reserialization-differs', 'A TUF library would re-serialize this metadata differently; the signature covers the bytes exactly as received.'));
  }
  if (s.met) warnings.push(warn('already-fully-signed', 'This metadata already has every signature it needs; another signature adds nothing.'));
  return warnings;
}

/** The words for a key's proof of possession, the same in the review, the record and the app. */
export function describeKeyProof(p: KeyProofStatus): string {
  return p.signedOn !== undefined ? `proved by signing on ${p.signedOn}${p.signedWith ? ` (${p.signedWith})` : ''}` : 'not proved';
}

/**
 * Per new root key: "proved by signing on DATE" (information), or a warning when nobody has shown
 * that the key's holder holds its private key (a typo'd or someone else's public key would then
 * become a root key unnoticed).
 */
export function keyProofWarnings(input: ReviewRoleInput): ReviewWarning[] {
  return (input.keyProofs ?? []).map((p) =>
    p.signedOn !== undefined
      ? warn('key-proved', `New key ${p.name} (${p.keyid.slice(0, 8)}): ${describeKeyProof(p)}.`)
      : warn('key-not-proved', `New key ${p.name} (${p.keyid.slice(0, 8)}) is not proved: no proof of possession signed by this key was imported for this ceremony, so nothing shows that its holder has the private key. Ask the holder for one (rstuf-signer prove).`),
  ).concat(
    (input.provedKeysMissing ?? []).map((p) =>
      warn('proved-key-missing', `This laptop proved key ${p.name} (${p.keyid.slice(0, 8)}) for repository "${p.repository ?? ''}" on ${p.signedOn ?? '?'}, but this root does not list that key as a root key: the key list changed after the key was proved. Do not sign before the coordinator explains why.`),
    ),
  );
}

export function trustWarnings(input: ReviewRoleInput, trust: TrustSummary): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  const version = input.metadata.signed.version;
  if (input.signatures.chainBroken) {
    warnings.push(warn('trust-chain-broken', `Signatures cannot be checked: ${input.signatures.chainBroken}. Nothing can sign this until the chain is complete.`));
  } else if (input.signatures.missingAuthorizer) {
    warnings.push(warn('trusted-version-missing', `Signatures cannot be fully checked without ${input.signatures.missingAuthorizer}.`));
  } else if (!input.trusted && version > 1) {
    warnings.push(warn('trusted-version-missing', `There is no trusted version of ${input.name} to compare with, so changes cannot be shown; only the content of version ${version} is.`));
  }
  // A bootstrap root (v1) chains to nothing: there is no earlier root a pin would vouch for.
  const isBootstrapRoot = input.metadata.signed._type === 'root' && version === 1;
  if (trust.state === 'unanchored' && !isBootstrapRoot) warnings.push(warn('trust-not-anchored', trust.message));
  return warnings;
}

/**
 * Text from the file that holds control, bidi-override or zero-width characters (Trojan Source): a
 * U+202E at the end of a key name reverses what follows it on screen, so the key id or URI the
 * holder reads is not the one in the file. A danger for key names, key ids, online key URIs and role
 * names, which are what the holder decides to trust; a warning for paths, which are only listed.
 */
function hiddenCharacterWarning(level: WarningLevel, field: string, value: string): ReviewWarning {
  return {
    code: 'hidden-characters',
    level,
    message: `The ${field} "${printable(value)}" holds invisible or direction-changing characters (${hiddenCharactersOf(value).join(', ')}): what a screen shows may not be what the file says. They are shown as markers here; ask why before signing.`,
  };
}

function keyHiddenCharacterWarnings(keys: Record<string, TufKey>, where: string): ReviewWarning[] {
  const out: ReviewWarning[] = [];
  for (const [keyid, key] of Object.entries(keys)) {
    const short = printable(keyid.slice(0, 8));
    if (hasHiddenCharacters(keyid)) out.push(hiddenCharacterWarning('danger', `key id in ${where}`, keyid));
    const name = key[KEY_NAME_FIELD];
    if (typeof name === 'string' && hasHiddenCharacters(name)) out.push(hiddenCharacterWarning('danger', `name of key ${short} in ${where}`, name));
    const uri = key[ONLINE_KEY_URI_FIELD];
    if (typeof uri === 'string' && hasHiddenCharacters(uri)) out.push(hiddenCharacterWarning('danger', `online key URI of key ${short}`, uri));
  }
  return out;
}

function roleNameHiddenCharacterWarnings(names: readonly unknown[]): ReviewWarning[] {
  return names.filter((n): n is string => typeof n === 'string' && hasHiddenCharacters(n)).map((n) => hiddenCharacterWarning('danger', 'role name', n));
}

/** Paths are many (100,000 artifacts): one warning naming the first and how many more. */
function pathHiddenCharacterWarnings(paths: readonly unknown[], field: string): ReviewWarning[] {
  const hidden = paths.filter((p): p is string => typeof p === 'string' && hasHiddenCharacters(p));
  if (hidden.length === 0) return [];
  const first = hiddenCharacterWarning('warning', field, hidden[0]!);
  return [hidden.length === 1 ? first : { ...first, message: `${first.message} ${hidden.length - 1} more ${field}s hold such characters too.` }];
}

// ---------------------------------------------------------------- formats RSTUF is adding

/** Free-form x-<vendor>-<name> fields on root: never dropped, and listed so the holder sees what is signed. */
export function extraFieldNotes(root: TufRootSigned): ReviewWarning[] {
  const extra = Object.keys(root).filter((f) => !KNOWN_ROOT_FIELDS.has(f));
  if (extra.length === 0) return [];
  const shown = extra.map((f) => {
    let value: string;
    try {
      value = canonicalize(root[f]);
    } catch {
      value = String(root[f]);
    }
    return `${f} = ${value.length > 200 ? `${value.slice(0, 200)}...` : value}`;
  });
  // The bootstrap API's own rule (ceremony rules): anything else is refused with a 422.
  const misnamed = checkExtraFieldNames(root, '').map((p) => warn('extra-field-name', `Root field "${p.where.slice(1)}" is not named x-<vendor>-<name>: RSTUF's API refuses such a root.`));
  return [warn('extra-fields', `Root carries ${extra.length === 1 ? 'a field' : `${extra.length} fields`} beyond TUF's own, kept and signed exactly as they are: ${shown.join('; ')}.`), ...misnamed];
}

/** Sigstore keys: shown by identity and issuer, and said to sign elsewhere (never with this laptop). */
export function signsElsewhereNotes(keys: Record<string, TufKey>, where: string): ReviewWarning[] {
  return Object.entries(keys)
    .filter(([, key]) => isSigstoreKey(key))
    .map(([keyid, key]) => {
      const { signsElsewhere } = keyDetails(keyid, key);
      return warn(
        'signs-elsewhere',
        `${keyName(keyid, key)} in ${where} is a ${describeSigner(signsElsewhere ?? { identity: '', issuer: '' })}: its signature is made with Sigstore and checked by RSTUF, so this laptop neither signs with it nor counts it.`,
      );
    });
}

/**
 * Delegated roles signed by RSTUF's online key (no key ids), with hash bins nested below them
 * (x-rstuf-num-bins) and the role-specific online key of those bins (x-rstuf-role-online-key), in
 * words; and a warning when that key is not in the delegations' keys, has no URI, or is also one of
 * the role's own keys (RSTUF's API PR #987 refuses those).
 */
export function delegationSigningNotes(delegations: TufDelegations, label: string): ReviewWarning[] {
  const out: ReviewWarning[] = [];
  const keys = delegations.keys ?? {};
  for (const role of delegations.roles ?? []) {
    const summary = delegationSummary(role, keys);
    if (summary.keys.length > 0 && summary.numBins === undefined) continue;
    out.push(warn('delegation-signing', `${label} "${role.name}": ${describeDelegationSigning(summary)}.`));
    const problem = roleOnlineKeyProblem(role, keys);
    if (problem) out.push(warn('role-online-key-invalid', `${label} "${role.name}": its ${ROLE_ONLINE_KEY_FIELD} ${problem}; RSTUF refuses such a delegation.`));
  }
  return out;
}

/**
 * Why RSTUF refuses a delegated role's x-rstuf-role-online-key (API PR #987), or undefined when it
 * is absent or fine; the review warns with it and the delegations builder refuses with it.
 */
export function roleOnlineKeyProblem(role: TufDelegatedRole, keys: Record<string, TufKey>): string | undefined {
  const online = role[ROLE_ONLINE_KEY_FIELD];
  if (online === undefined) return undefined;
  return typeof online !== 'string' || !Object.hasOwn(keys, online)
    ? `names ${JSON.stringify(online)}, which is not a key of the delegations`
    : (role.keyids ?? []).includes(online)
      ? 'is also one of the role\'s own keys; it may sign the bins only'
      : typeof keys[online]?.[ONLINE_KEY_URI_FIELD] !== 'string'
        ? 'has no x-rstuf-online-key-uri, so RSTUF\'s worker cannot load it'
        : delegationSummary(role, keys).numBins === undefined
          ? 'is set, but the role has no x-rstuf-num-bins: there are no bins for it to sign'
          : undefined;
}
