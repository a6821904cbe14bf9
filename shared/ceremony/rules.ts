// Validation of ceremony, update and delegations input, before anything is built or written.
// Each problem names its rule, so a key holder can look it up in docs/ceremonies.md. The rules
// are what RSTUF's API checks (rstuf-formats.md 1.1, 1.4) plus what it forgets: the online key
// must not be a root key, thresholds must be reachable, keys must not repeat, and delegated role
// names must survive the API's lower-casing and "_" truncation in GET /api/v1/metadata/sign.

import { SignerError } from '../errors.js';
import { defaultKeyId } from '../tuf/key-id.js';
import type { KeyIdentity, TufRootSigned } from '../tuf/types.js';
import {
  EXPIRY_ROLES,
  MAX_BINS,
  MAX_EXPIRATION_DAYS,
  MIN_BINS,
  ONLINE_KEY_URI_SCHEMES,
  RESERVED_ROLE_NAMES,
  ROLE_NAME_PATTERN,
  STANDARD_ROOT_FIELDS,
  UPDATE_KEY_FIELDS,
  UPDATE_KEYVAL_FIELDS,
  UPDATE_ROLE_FIELDS,
  type Expiration,
} from './defaults.js';
import type { BootstrapInput, DelegatedRoleInput, DelegationsInput, NamedKey, OnlineKey, RuleProblem } from './types.js';

export const RULES = {
  expirationPositive: 'expiration-positive',
  binsPowerOfTwo: 'bins-power-of-two',
  binsOrDelegations: 'bins-or-delegations',
  roleNamePattern: 'role-name-pattern',
  roleNameLowercase: 'role-name-survives-rstuf',
  roleNameReserved: 'role-name-reserved',
  roleNameUnique: 'role-name-unique',
  pathsNonEmpty: 'paths-non-empty',
  expirePolicyPositive: 'expire-policy-positive',
  thresholdRange: 'threshold-range',
  onlineRoleThreshold: 'online-role-threshold',
  keysRequired: 'keys-required',
  noDuplicateKeys: 'no-duplicate-keys',
  keyNameRequired: 'key-name-required',
  keyNameUnique: 'key-name-unique',
  onlineKeyNotRootKey: 'online-key-not-root-key',
  onlineKeyUri: 'online-key-uri',
  roleOnlineKey: 'role-online-key',
  extraFieldFormat: 'extra-field-format',
  updateFieldDropped: 'update-field-dropped',
  removeKeyUnknown: 'remove-key-unknown',
  rootExpiryFuture: 'root-expiry-future',
  nothingChanges: 'nothing-changes',
  keyIdMatchesKey: 'keyid-matches-key',
} as const;

const problem = (rule: string, where: string, message: string, severity: RuleProblem['severity'] = 'error'): RuleProblem => ({ rule, severity, where, message });

const isPositiveInteger = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

export function formatProblem(p: RuleProblem): string {
  return `[${p.rule}] ${p.where}: ${p.message}`;
}

export const errorsOf = (problems: RuleProblem[]): RuleProblem[] => problems.filter((p) => p.severity === 'error');
export const warningsOf = (problems: RuleProblem[]): RuleProblem[] => problems.filter((p) => p.severity === 'warning');

/** CEREMONY_INVALID that also carries the problems as data (for a wizard to show per field). */
export class CeremonyRulesError extends SignerError {
  constructor(readonly problems: RuleProblem[], what: string) {
    super('CEREMONY_INVALID', `the ${what} breaks ${problems.length === 1 ? 'a rule' : `${problems.length} rules`}; nothing was written:\n${problems.map((e) => `  ${formatProblem(e)}`).join('\n')}`);
  }
}

/** Throws CeremonyRulesError (CEREMONY_INVALID) listing every error, one per line; warnings do not throw. */
export function assertNoErrors(problems: RuleProblem[], what: string): void {
  const errors = errorsOf(problems);
  if (errors.length > 0) throw new CeremonyRulesError(errors, what);
}

export function checkExpirationDays(days: unknown, where: string): RuleProblem[] {
  if (!isPositiveInteger(days)) return [problem(RULES.expirationPositive, where, `days until expiry must be a whole number greater than 0, not ${JSON.stringify(days)}`)];
  if (days > MAX_EXPIRATION_DAYS) return [problem(RULES.expirationPositive, where, `${days} days is more than ${MAX_EXPIRATION_DAYS} (100 years); give a shorter expiry`)];
  return [];
}

export function checkExpiration(expiration: Partial<Expiration>, where = 'expiration'): RuleProblem[] {
  return EXPIRY_ROLES.flatMap((role) => (expiration[role] === undefined ? [] : checkExpirationDays(expiration[role], `${where}.${role}`)));
}

export function checkBins(count: unknown, where = 'bins'): RuleProblem[] {
  const ok = typeof count === 'number' && Number.isSafeInteger(count) && count >= MIN_BINS && count <= MAX_BINS && (count & (count - 1)) === 0;
  if (ok) return [];
  // RSTUF's API accepts any 2..16384, but its worker uses int(log2(n)): 300 bins silently become 256.
  return [problem(RULES.binsPowerOfTwo, where, `the number of hash bins must be a power of two from ${MIN_BINS} to ${MAX_BINS} (RSTUF rounds anything else down), not ${JSON.stringify(count)}`)];
}

export function checkRoleName(name: unknown, where: string): RuleProblem[] {
  if (typeof name !== 'string' || !ROLE_NAME_PATTERN.test(name)) {
    return [problem(RULES.roleNamePattern, where, `a delegated role name must be letters, digits, "-" and "_" only (RSTUF's API pattern [a-zA-Z0-9_-]+), not ${JSON.stringify(name)}`)];
  }
  const out: RuleProblem[] = [];
  if (name !== name.toLowerCase() || name.includes('_')) {
    const suggestion = name.toLowerCase().replace(/_/g, '-');
    out.push(
      problem(
        RULES.roleNameLowercase,
        where,
        `RSTUF lower-cases role names and cuts them at the first "_" when it serves metadata for signing, so "${name}" could never be signed offline; use "${suggestion}"`,
      ),
    );
  }
  if (RESERVED_ROLE_NAMES.includes(name.toLowerCase()) || /^bins(-|$)/.test(name.toLowerCase())) {
    out.push(problem(RULES.roleNameReserved, where, `"${name}" is the name of a top-level role or of RSTUF's hash bins; choose another name`));
  }
  return out;
}

export function checkThreshold(threshold: unknown, keyCount: number, where: string): RuleProblem[] {
  if (!isPositiveInteger(threshold)) return [problem(RULES.thresholdRange, where, `the threshold must be a whole number of at least 1, not ${JSON.stringify(threshold)}`)];
  if (threshold > keyCount) {
    return [problem(RULES.thresholdRange, where, `a threshold of ${threshold} can never be met with ${keyCount} key${keyCount === 1 ? '' : 's'}; add keys or lower the threshold`)];
  }
  return [];
}

/**
 * A key new to the repository must carry securesystemslib's default key id: python-tuf and RSTUF
 * take any id as given, so a wrong one lets the same key be listed again under its real id and
 * count twice (tuf-on-ci refuses these too, after such a root broke two clients).
 */
export function checkKeyId(k: NamedKey, where: string): RuleProblem[] {
  const expected = defaultKeyId(k.key);
  if (k.keyid === expected) return [];
  return [problem(RULES.keyIdMatchesKey, where, `the key id ${k.keyid.slice(0, 16)}... of "${k.name}" is not the sha256 of its key ({keytype, scheme, keyval}); a new key must be listed under its own key id, ${expected}`)];
}

/** checkKeyId for each of `keys`, at `where[i]`. */
export function checkNewKeyIds(keys: readonly NamedKey[], where: string): RuleProblem[] {
  return keys.flatMap((k, i) => checkKeyId(k, `${where}[${i}]`));
}

/** Keys of one role: at least one, no key twice (in any spelling), every name present and unique. */
export function checkKeySet(keys: NamedKey[], where: string, identityOf: KeyIdentity): RuleProblem[] {
  const out: RuleProblem[] = checkNewKeyIds(keys, where);
  if (keys.length === 0) out.push(problem(RULES.keysRequired, where, 'at least one key is required'));
  const byIdentity = new Map<string, number>();
  const byName = new Map<string, number>();
  keys.forEach((k, i) => {
    const at = `${where}[${i}]`;
    const identity = identityOf(k.key);
    const first = byIdentity.get(identity);
    if (first !== undefined) {
      const firstId = keys[first]?.keyid ?? '';
      const spelled = firstId === k.keyid ? `key id ${k.keyid.slice(0, 8)}` : `key ids ${firstId} and ${k.keyid}: one public key, spelled two ways`;
      out.push(problem(RULES.noDuplicateKeys, at, `"${k.name}"${k.source ? ` (${k.source})` : ''} is the same key as ${where}[${first}] (${spelled}); each key counts once towards a threshold`));
      return;
    }
    byIdentity.set(identity, i);
    const name = k.name.trim();
    if (name === '') out.push(problem(RULES.keyNameRequired, at, `the key ${k.keyid.slice(0, 8)} needs a name (x-rstuf-key-name) so key holders can recognise it`));
    else {
      const other = byName.get(name.toLowerCase());
      if (other !== undefined) out.push(problem(RULES.keyNameUnique, at, `the name "${name}" is already used by ${where}[${other}]; give each key its own name`));
      else byName.set(name.toLowerCase(), i);
    }
  });
  return out;
}

/** The x-rstuf-online-key-uri must be one the RSTUF worker can load a signer from. */
export function checkOnlineKeyUri(uri: unknown, keyid: string, where = 'online_key.uri'): RuleProblem[] {
  const accepted = ONLINE_KEY_URI_SCHEMES.join(', ');
  if (typeof uri !== 'string' || uri.trim() === '') return [problem(RULES.onlineKeyUri, where, `the online key needs the URI the RSTUF worker loads it from (${accepted}), e.g. "fn:${keyid}"`)];
  if (/\s/.test(uri)) return [problem(RULES.onlineKeyUri, where, `the online key URI must not contain spaces: ${JSON.stringify(uri)}`)];
  const scheme = ONLINE_KEY_URI_SCHEMES.find((s) => uri.startsWith(s));
  if (!scheme) return [problem(RULES.onlineKeyUri, where, `"${uri}" is not a URI the RSTUF worker can load; it must start with one of ${accepted}`)];
  const rest = uri.slice(scheme.length);
  switch (scheme) {
    case 'fn:':
      if (rest === '' || /[/\\]/.test(rest) || rest === '.' || rest === '..') {
        return [problem(RULES.onlineKeyUri, where, `fn: names a file in the worker's RSTUF_ONLINE_KEY_DIR, so it needs a plain file name (RSTUF uses the key id: "fn:${keyid}"), not "${rest}"`)];
      }
      return rest === keyid
        ? []
        : [problem(RULES.onlineKeyUri, where, `the worker will look for the private key in a file named "${rest}"; RSTUF's convention is the key id, "fn:${keyid}"`, 'warning')];
    case 'azurekms:':
      return /^\/\/[^/\s]+\/keys\/[^/\s]+(\/[^/\s]+)?$/.test(rest)
        ? []
        : [problem(RULES.onlineKeyUri, where, `an Azure Key Vault URI looks like "azurekms://<vault>.vault.azure.net/keys/<name>/<version>", not "${uri}"`)];
    case 'gcpkms:':
      if (rest === '') return [problem(RULES.onlineKeyUri, where, 'gcpkms: needs the key version resource name, "gcpkms:projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>/cryptoKeyVersions/<n>"')];
      return /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/[^/]+$/.test(rest)
        ? []
        : [problem(RULES.onlineKeyUri, where, `"${uri}" does not look like a Cloud KMS key version name (projects/.../cryptoKeyVersions/<n>)`, 'warning')];
    case 'hv:':
      if (rest === '') return [problem(RULES.onlineKeyUri, where, 'hv: needs the Vault transit key, "hv:<name>/<version>"')];
      return /^[^/]+\/\d+$/.test(rest) ? [] : [problem(RULES.onlineKeyUri, where, `a HashiCorp Vault URI is usually "hv:<name>/<version>", not "${uri}"`, 'warning')];
    default:
      return rest === '' ? [problem(RULES.onlineKeyUri, where, 'awskms: needs the KMS key id, ARN or alias, e.g. "awskms:alias/rstuf-online"')] : [];
  }
}

export function checkOnlineKey(onlineKey: OnlineKey, rootKeys: NamedKey[], identityOf: KeyIdentity, where = 'online_key'): RuleProblem[] {
  const out = [...checkKeyId(onlineKey, where), ...checkOnlineKeyUri(onlineKey.uri, onlineKey.keyid, `${where}.uri`)];
  if (onlineKey.name.trim() === '') out.push(problem(RULES.keyNameRequired, `${where}.name`, 'the online key needs a name (x-rstuf-key-name)'));
  const online = identityOf(onlineKey.key);
  const clash = rootKeys.findIndex((k) => identityOf(k.key) === online);
  if (clash >= 0) {
    // RSTUF's CLI refuses this too: a key the server holds online must never also count for root.
    out.push(problem(RULES.onlineKeyNotRootKey, where, `the online key is also root key "${rootKeys[clash]?.name}"; the server holds the online key, so it must never count towards the root threshold`));
  }
  const sameName = rootKeys.find((k) => k.name.trim().toLowerCase() === onlineKey.name.trim().toLowerCase() && identityOf(k.key) !== online);
  if (sameName) out.push(problem(RULES.keyNameUnique, `${where}.name`, `the name "${onlineKey.name}" is already used by a root key; give the online key its own name`));
  return out;
}

export function checkDelegatedRoles(roles: DelegatedRoleInput[], identityOf: KeyIdentity, where = 'delegations'): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (roles.length === 0) out.push(problem(RULES.binsOrDelegations, where, 'custom delegations need at least one role'));
  const names = new Map<string, number>();
  roles.forEach((role, i) => {
    const at = `${where}[${i}]`;
    out.push(...checkRoleName(role.name, `${at}.name`));
    const lower = typeof role.name === 'string' ? role.name.toLowerCase() : '';
    const first = names.get(lower);
    if (first !== undefined) out.push(problem(RULES.roleNameUnique, `${at}.name`, `the role name "${role.name}" is already used by ${where}[${first}] (RSTUF compares names lower-cased)`));
    else names.set(lower, i);
    if (!Array.isArray(role.paths) || role.paths.length === 0) out.push(problem(RULES.pathsNonEmpty, `${at}.paths`, 'a delegated role needs at least one path pattern, e.g. "prod/*"'));
    else
      role.paths.forEach((p, j) => {
        if (typeof p !== 'string' || p.trim() === '') out.push(problem(RULES.pathsNonEmpty, `${at}.paths[${j}]`, 'path patterns must be non-empty strings'));
      });
    out.push(...checkExpirationDays(role.expirePolicy, `${at}.expire_policy`).map((p) => ({ ...p, rule: RULES.expirePolicyPositive })));
    if (role.keys.length === 0) {
      // The worker records "If no keys assigned threshold must be 1" but adds the role anyway.
      if (role.threshold !== 1) out.push(problem(RULES.onlineRoleThreshold, `${at}.threshold`, `a role signed by the online key has threshold 1, not ${JSON.stringify(role.threshold)}`));
    } else {
      out.push(...checkKeySet(role.keys, `${at}.keys`, identityOf));
      out.push(...checkThreshold(role.threshold, new Set(role.keys.map((k) => identityOf(k.key))).size, `${at}.threshold`));
    }
    // Hash bins nested below the role: RSTUF's worker rounds their count to a power of two like the top-level bins.
    if (role.numBins !== undefined) out.push(...checkBins(role.numBins, `${at}.num_bins`));
    if (role.roleOnlineKey) out.push(...checkKeyId(role.roleOnlineKey, `${at}.role_online_key`), ...checkOnlineKeyUri(role.roleOnlineKey.uri, role.roleOnlineKey.keyid, `${at}.role_online_key.uri`));
  });
  return out;
}

/** Everything the bootstrap API and worker check, plus what they forget. */
export function validateBootstrap(input: BootstrapInput, identityOf: KeyIdentity): RuleProblem[] {
  const out: RuleProblem[] = [];
  const usesBins = input.delegation.kind === 'bins';
  out.push(...checkExpiration(usesBins ? input.expiration : { ...input.expiration, bins: undefined }));
  if (input.delegation.kind === 'bins') out.push(...checkBins(input.delegation.count));
  else out.push(...checkDelegatedRoles(input.delegation.roles, identityOf));
  out.push(...checkKeySet(input.root.keys, 'root.keys', identityOf));
  out.push(...checkThreshold(input.root.threshold, new Set(input.root.keys.map((k) => identityOf(k.key))).size, 'root.threshold'));
  out.push(...checkOnlineKey(input.onlineKey, input.root.keys, identityOf));
  return out;
}

export function validateDelegations(input: DelegationsInput, identityOf: KeyIdentity): RuleProblem[] {
  return checkDelegatedRoles(input.roles, identityOf);
}

/** The API's rule for non-standard top-level fields of `signed`: "x-<vendor>-<name>". */
export function checkExtraFieldNames(signed: Record<string, unknown>, where = 'metadata.root.signed'): RuleProblem[] {
  return Object.keys(signed)
    .filter((field) => !STANDARD_ROOT_FIELDS.includes(field))
    .filter((field) => !field.startsWith('x-') || field.split('-').length < 3)
    .map((field) => problem(RULES.extraFieldFormat, `${where}.${field}`, `RSTUF's API refuses unknown fields unless they are named x-<vendor>-<name> (e.g. "x-acme-note"); rename or remove "${field}"`));
}

/**
 * Fields RSTUF's update endpoint (POST /api/v1/metadata/) would silently drop when it parses the
 * root through its pydantic models: unknown fields of key and role objects, and every null value.
 * The worker verifies signatures over what is left, so signing such a root can never succeed.
 */
export function findDroppedUpdateFields(signed: TufRootSigned): RuleProblem[] {
  const out: RuleProblem[] = [];
  const dropped = (where: string, what: string): void => {
    out.push(problem(RULES.updateFieldDropped, where, `RSTUF's update endpoint silently drops ${what}, which would change the signed bytes and invalidate every signature`));
  };
  const walkNulls = (value: unknown, where: string): void => {
    if (value === null) dropped(where, 'null values');
    else if (Array.isArray(value)) value.forEach((v, i) => walkNulls(v, `${where}[${i}]`));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value as Record<string, unknown>)) walkNulls(v, `${where}.${k}`);
  };
  walkNulls(signed, 'signed');
  for (const [keyid, key] of Object.entries(signed.keys ?? {})) {
    for (const field of Object.keys(key)) {
      if (!UPDATE_KEY_FIELDS.includes(field) && key[field] !== null) dropped(`signed.keys.${keyid.slice(0, 8)}.${field}`, `the key field "${field}"`);
    }
    for (const [field, value] of Object.entries(key.keyval ?? {})) {
      if (!UPDATE_KEYVAL_FIELDS.includes(field) || (typeof value !== 'string' && value !== null)) {
        out.push(problem(RULES.updateFieldDropped, `signed.keys.${keyid.slice(0, 8)}.keyval.${field}`, `RSTUF's update endpoint accepts only string public/issuer/identity values in keyval and refuses this root`));
      }
    }
  }
  for (const [name, role] of Object.entries(signed.roles ?? {})) {
    for (const field of Object.keys(role)) {
      if (!UPDATE_ROLE_FIELDS.includes(field) && role[field] !== null) dropped(`signed.roles.${name}.${field}`, `the role field "${field}"`);
    }
  }
  return out;
}
