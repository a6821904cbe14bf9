// Builds RSTUF's own payloads from validated input: the bootstrap (ceremony) payload, the root
// update payload and the custom delegations payload, unsigned. Pure and linear in the input size:
// the clock is a parameter, keys arrive with their key ids, nothing is read or written here.

import type { JsonObject } from '../json/strict-json.js';
import type { KeyIdentity, RootMetadata, TufDelegatedRole, TufKey, TufRoleKeys, TufRootSigned } from '../tuf/types.js';
import { DEFAULT_BOOTSTRAP_TIMEOUT, SPEC_VERSION, UPDATE_KEY_FIELDS, UPDATE_ROLE_FIELDS } from './defaults.js';
import { assertNoErrors, CeremonyRulesError, checkExpirationDays, checkExtraFieldNames, checkKeyId, checkOnlineKeyUri, checkThreshold, findDroppedUpdateFields, RULES, validateBootstrap, validateDelegations } from './rules.js';
import { roleOnlineKeyProblem } from '../review/warnings.js';
import type { BootstrapInput, DelegatedRoleInput, DelegationsInput, NamedKey, OnlineKey, RootChanges, RuleProblem } from './types.js';

const DAY_MS = 86_400_000;
const ONLINE_ROLES = ['timestamp', 'snapshot', 'targets'] as const;

/** `now + days` as `YYYY-MM-DDTHH:MM:SSZ`: UTC, no fractional seconds (python-tuf's only format). */
export function expiresIn(days: number, now: Date): string {
  const start = Math.floor(now.getTime() / 1000) * 1000;
  return new Date(start + days * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The root `keys` entry: only the fields RSTUF's update endpoint keeps. */
export function rootKeyEntry(named: NamedKey, uri?: string): TufKey {
  const entry: TufKey = { keytype: named.key.keytype, scheme: named.key.scheme, keyval: { ...named.key.keyval }, 'x-rstuf-key-name': named.name.trim() };
  if (uri !== undefined) entry['x-rstuf-online-key-uri'] = uri;
  return entry;
}

export interface BootstrapPayload extends JsonObject {
  settings: JsonObject;
  metadata: { root: JsonObject };
  timeout: number;
}

export interface Built<P> {
  payload: P;
  /** Rules that held but deserve a look (e.g. an fn: URI not named after the key id). */
  warnings: RuleProblem[];
}

function delegationsObject(roles: DelegatedRoleInput[]): { keys: Record<string, TufKey>; roles: TufDelegatedRole[] } {
  const keys: Record<string, TufKey> = {};
  const out: TufDelegatedRole[] = roles.map((role) => {
    for (const k of role.keys) keys[k.keyid] ??= rootKeyEntry(k);
    if (role.roleOnlineKey) keys[role.roleOnlineKey.keyid] ??= rootKeyEntry(role.roleOnlineKey, role.roleOnlineKey.uri);
    return {
      name: role.name,
      terminating: role.terminating,
      keyids: [...new Set(role.keys.map((k) => k.keyid))],
      threshold: role.threshold,
      paths: [...role.paths],
      'x-rstuf-expire-policy': role.expirePolicy,
      ...(role.numBins !== undefined ? { 'x-rstuf-num-bins': role.numBins } : {}),
      ...(role.roleOnlineKey ? { 'x-rstuf-role-online-key': role.roleOnlineKey.keyid } : {}),
    };
  });
  return { keys, roles: out };
}

/** The review's rule for x-rstuf-role-online-key (roleOnlineKeyProblem), applied to the roles as they will be built. */
function roleOnlineKeyProblems(roles: DelegatedRoleInput[], where = 'delegations'): RuleProblem[] {
  const built = delegationsObject(roles);
  return built.roles.flatMap((role, i): RuleProblem[] => {
    const why = roleOnlineKeyProblem(role, built.keys);
    return why ? [{ rule: RULES.roleOnlineKey, severity: 'error', where: `${where}[${i}].role_online_key`, message: `its x-rstuf-role-online-key ${why}; RSTUF refuses such a delegation` }] : [];
  });
}

/** POST /api/v1/bootstrap/ payload with root v1 and no signatures. Throws CEREMONY_INVALID. */
export function buildBootstrapPayload(input: BootstrapInput, now: Date, identityOf: KeyIdentity, timeout = DEFAULT_BOOTSTRAP_TIMEOUT): Built<BootstrapPayload> {
  const problems = [...validateBootstrap(input, identityOf), ...(input.delegation.kind === 'custom' ? roleOnlineKeyProblems(input.delegation.roles) : [])];
  assertNoErrors(problems, 'ceremony');
  const online = input.onlineKey.keyid;
  const keys: Record<string, TufKey> = {};
  for (const k of input.root.keys) keys[k.keyid] = rootKeyEntry(k);
  keys[online] = rootKeyEntry(input.onlineKey, input.onlineKey.uri);
  const onlineRole = (): TufRoleKeys => ({ keyids: [online], threshold: 1 });
  const signed: TufRootSigned = {
    _type: 'root',
    spec_version: SPEC_VERSION,
    version: 1,
    expires: expiresIn(input.expiration.root, now),
    consistent_snapshot: true,
    keys,
    roles: { root: { keyids: input.root.keys.map((k) => k.keyid), threshold: input.root.threshold }, timestamp: onlineRole(), snapshot: onlineRole(), targets: onlineRole() },
  };
  assertNoErrors(checkExtraFieldNames(signed), 'ceremony');
  const roles: JsonObject = {
    root: { expiration: input.expiration.root },
    timestamp: { expiration: input.expiration.timestamp },
    snapshot: { expiration: input.expiration.snapshot },
    targets: { expiration: input.expiration.targets },
  };
  // Exactly one of bins/delegations (the API's rule); the other key is left out, as in RSTUF's payload_bins.json.
  if (input.delegation.kind === 'bins') roles.bins = { expiration: input.expiration.bins, number_of_delegated_bins: input.delegation.count };
  else roles.delegations = delegationsObject(input.delegation.roles) as unknown as JsonObject;
  const payload: BootstrapPayload = {
    settings: { roles },
    metadata: { root: { signatures: [], signed: signed as unknown as JsonObject } },
    timeout,
  };
  return { payload, warnings: problems.filter((p) => p.severity === 'warning') };
}

export interface DelegationsPayload extends JsonObject {
  delegations: { keys: JsonObject; roles: JsonObject[] };
}

/** POST/PUT /api/v1/delegations/ payload. Throws CEREMONY_INVALID. */
export function buildDelegationsPayload(input: DelegationsInput, identityOf: KeyIdentity): Built<DelegationsPayload> {
  const problems = [...validateDelegations(input, identityOf), ...roleOnlineKeyProblems(input.roles)];
  assertNoErrors(problems, 'delegations change');
  const delegations = delegationsObject(input.roles) as unknown as DelegationsPayload['delegations'];
  return { payload: { delegations }, warnings: problems.filter((p) => p.severity === 'warning') };
}

export interface UpdatePayload extends JsonObject {
  metadata: { root: JsonObject };
}

export interface BuiltUpdate extends Built<UpdatePayload> {
  /** The new root (same object as in the payload). */
  root: RootMetadata;
  /** What changes, one line each, for the review before signing. */
  changes: string[];
}

const keyLabel = (keyid: string, key: TufKey | undefined): string => {
  const name = key?.['x-rstuf-key-name'] ?? (typeof key?.name === 'string' ? key.name : undefined);
  return name ? `"${name}" (${keyid.slice(0, 8)})` : keyid.slice(0, 8);
};
const nameOf = (keyid: string, key: TufKey): string => String(key['x-rstuf-key-name'] ?? (typeof key.name === 'string' ? key.name : keyid));

function stripDroppedFields(signed: TufRootSigned): string[] {
  const removed: string[] = [];
  const stripNulls = (obj: Record<string, unknown>, where: string): void => {
    for (const [k, v] of Object.entries(obj)) {
      if (v === null) {
        delete obj[k];
        removed.push(`${where}.${k}`);
      } else if (typeof v === 'object' && !Array.isArray(v)) stripNulls(v as Record<string, unknown>, `${where}.${k}`);
    }
  };
  stripNulls(signed as unknown as Record<string, unknown>, 'signed');
  for (const [keyid, key] of Object.entries(signed.keys)) {
    for (const field of Object.keys(key)) {
      if (!UPDATE_KEY_FIELDS.includes(field)) {
        delete key[field];
        removed.push(`signed.keys.${keyid.slice(0, 8)}.${field}`);
      }
    }
  }
  for (const [name, role] of Object.entries(signed.roles)) {
    for (const field of Object.keys(role)) {
      if (!UPDATE_ROLE_FIELDS.includes(field)) {
        delete role[field];
        removed.push(`signed.roles.${name}.${field}`);
      }
    }
  }
  return removed;
}

/**
 * POST /api/v1/metadata/ payload: the trusted root with `changes` applied, version + 1, unsigned.
 * Refuses (CEREMONY_INVALID) anything RSTUF would refuse or silently alter.
 */
export function buildUpdatePayload(trusted: RootMetadata, changes: RootChanges, now: Date, identityOf: KeyIdentity): BuiltUpdate {
  const old = trusted.signed;
  const signed = structuredClone(old) as TufRootSigned;
  signed.version = old.version + 1;
  const problems: RuleProblem[] = [];
  const lines: string[] = [`version: ${old.version} -> ${signed.version}`];
  const err = (rule: string, where: string, message: string): void => {
    problems.push({ rule, severity: 'error', where, message });
  };

  if (changes.rootExpirationDays !== undefined) {
    const bad = checkExpirationDays(changes.rootExpirationDays, 'expiration.root');
    problems.push(...bad);
    if (bad.length === 0) signed.expires = expiresIn(changes.rootExpirationDays, now);
  }
  if (Date.parse(signed.expires) <= now.getTime()) {
    err(RULES.rootExpiryFuture, 'expiration.root', `the trusted root expired on ${old.expires}, and the new root would too; set "expiration": {"root": <days>}`);
  }
  if (signed.expires !== old.expires) lines.push(`expires: ${old.expires} -> ${signed.expires}`);

  const rootRole = signed.roles.root as TufRoleKeys;
  const onlineBefore = old.roles.timestamp?.keyids[0];
  // Keys are compared as keys, not key ids: the trusted root may spell a key another way.
  const identityOfId = (root: TufRootSigned, keyid: string | undefined): string | undefined => {
    const key = keyid !== undefined ? root.keys[keyid] : undefined;
    return key ? identityOf(key) : undefined;
  };
  const listedIn = (root: TufRootSigned, keyids: readonly string[], key: TufKey): string | undefined => {
    const identity = identityOf(key);
    return keyids.find((id) => identityOfId(root, id) === identity);
  };

  // Removals: by key id, or by x-rstuf-key-name when that names exactly one root key.
  (changes.remove ?? []).forEach((ref, i) => {
    const where = `root.remove[${i}]`;
    let keyid: string | undefined = rootRole.keyids.includes(ref) ? ref : undefined;
    if (!keyid) {
      const matches = rootRole.keyids.filter((id) => signed.keys[id] && nameOf(id, signed.keys[id] as TufKey) === ref);
      if (matches.length > 1) return err(RULES.removeKeyUnknown, where, `${matches.length} root keys are named "${ref}"; remove by key id (${matches.map((m) => m.slice(0, 8)).join(', ')})`);
      keyid = matches[0];
    }
    if (!keyid) {
      const isOnline = onlineBefore !== undefined && (ref === onlineBefore || (signed.keys[onlineBefore] && nameOf(onlineBefore, signed.keys[onlineBefore] as TufKey) === ref));
      return err(
        RULES.removeKeyUnknown,
        where,
        isOnline ? `"${ref}" is the online key, not a root key; replace it with "online_key"` : `no root key has the key id or name "${ref}" (root keys: ${rootRole.keyids.map((id) => keyLabel(id, signed.keys[id])).join(', ')})`,
      );
    }
    rootRole.keyids = rootRole.keyids.filter((id) => id !== keyid);
    lines.push(`root key removed: ${keyLabel(keyid, old.keys[keyid])}`);
  });

  // The online key: replaces the key of timestamp, snapshot and targets (threshold 1).
  const newOnline: OnlineKey | undefined = changes.onlineKey;
  const onlineAfter = newOnline?.keyid ?? onlineBefore;
  const onlineAsRootKey = newOnline ? listedIn(signed, rootRole.keyids, newOnline.key) : undefined;
  const onlineAsOldRootKey = newOnline ? listedIn(old, old.roles.root?.keyids ?? [], newOnline.key) : undefined;
  if (onlineAsRootKey !== undefined) {
    err(RULES.onlineKeyNotRootKey, 'online_key', `the new online key is root key ${keyLabel(onlineAsRootKey, old.keys[onlineAsRootKey])}; the server holds the online key, so it must never count towards the root threshold`);
  } else if (onlineAsOldRootKey !== undefined) {
    // Removed from root now, it still counts for root v(N) when RSTUF or a client checks root v(N+1).
    err(RULES.onlineKeyNotRootKey, 'online_key', `the new online key is ${keyLabel(onlineAsOldRootKey, old.keys[onlineAsOldRootKey])}, a root key of the trusted root v${old.version}; a key that signs for root must never be held online`);
  } else if (newOnline) {
    problems.push(...checkOnlineKeyUri(newOnline.uri, newOnline.keyid, 'online_key.uri'));
    if (newOnline.keyid !== onlineBefore) problems.push(...checkKeyId(newOnline, 'online_key'));
    if (newOnline.name.trim() === '') err(RULES.keyNameRequired, 'online_key.name', 'the online key needs a name (x-rstuf-key-name)');
    for (const role of ONLINE_ROLES) signed.roles[role] = { keyids: [newOnline.keyid], threshold: 1 };
    signed.keys[newOnline.keyid] = rootKeyEntry(newOnline, newOnline.uri);
    if (newOnline.keyid !== onlineBefore) lines.push(`online key: ${onlineBefore ? keyLabel(onlineBefore, old.keys[onlineBefore]) : 'none'} -> ${keyLabel(newOnline.keyid, signed.keys[newOnline.keyid])}, ${newOnline.uri}`);
    else if (old.keys[newOnline.keyid]?.['x-rstuf-online-key-uri'] !== newOnline.uri || nameOf(newOnline.keyid, old.keys[newOnline.keyid] as TufKey) !== newOnline.name)
      lines.push(`online key ${keyLabel(newOnline.keyid, signed.keys[newOnline.keyid])}: name or URI now "${newOnline.name}", ${newOnline.uri}`);
  }

  // Additions.
  (changes.add ?? []).forEach((k, i) => {
    const where = `root.add[${i}]`;
    problems.push(...checkKeyId(k, where));
    const already = listedIn(signed, rootRole.keyids, k.key);
    if (already !== undefined) {
      const spelled = already === k.keyid ? '' : ` (listed there as key id ${already}; ${k.keyid} is the same public key spelled another way)`;
      return err(RULES.noDuplicateKeys, where, `"${k.name}"${k.source ? ` (${k.source})` : ''} is already root key ${keyLabel(already, signed.keys[already])}${spelled}`);
    }
    const identity = identityOf(k.key);
    const onlineIdentities = [newOnline ? identityOf(newOnline.key) : undefined, identityOfId(old, onlineBefore)];
    if (onlineIdentities.includes(identity)) return err(RULES.onlineKeyNotRootKey, where, `"${k.name}" is the online key; the server holds it, so it must never count towards the root threshold`);
    if (k.name.trim() === '') return err(RULES.keyNameRequired, where, `the key ${k.keyid.slice(0, 8)} needs a name (x-rstuf-key-name)`);
    const clash = [...rootRole.keyids, ...(onlineAfter ? [onlineAfter] : [])].find((id) => signed.keys[id] && nameOf(id, signed.keys[id] as TufKey).toLowerCase() === k.name.trim().toLowerCase());
    if (clash) return err(RULES.keyNameUnique, where, `the name "${k.name}" is already used by ${keyLabel(clash, signed.keys[clash])}; give each key its own name`);
    rootRole.keyids.push(k.keyid);
    signed.keys[k.keyid] = rootKeyEntry(k);
    lines.push(`root key added: ${keyLabel(k.keyid, signed.keys[k.keyid])}, ${k.key.scheme}${k.source ? ` from ${k.source}` : ''}`);
  });
  if (onlineAfter && rootRole.keyids.includes(onlineAfter) && !problems.some((p) => p.rule === RULES.onlineKeyNotRootKey)) {
    err(RULES.onlineKeyNotRootKey, 'online_key', `the online key is also root key ${keyLabel(onlineAfter, signed.keys[onlineAfter])}; the server holds it, so it must never count towards the root threshold`);
  }

  if (changes.threshold !== undefined) rootRole.threshold = changes.threshold;
  problems.push(...checkThreshold(rootRole.threshold, rootRole.keyids.length, changes.threshold !== undefined ? 'root.threshold' : 'root.threshold (unchanged)'));
  if (rootRole.threshold !== old.roles.root?.threshold) lines.push(`root threshold: ${old.roles.root?.threshold} -> ${rootRole.threshold} of ${rootRole.keyids.length} keys`);

  // Keys no role uses any more leave the root.
  const used = new Set(Object.values(signed.roles).flatMap((r) => r.keyids));
  for (const keyid of Object.keys(signed.keys)) if (!used.has(keyid)) delete signed.keys[keyid];

  if (changes.dropUnsupportedFields) {
    const removed = stripDroppedFields(signed);
    if (removed.length) lines.push(`fields RSTUF's update endpoint would drop, removed: ${removed.join(', ')}`);
  }
  const dropped = findDroppedUpdateFields(signed);
  if (dropped.length && !changes.dropUnsupportedFields) {
    problems.push(...dropped.map((p) => ({ ...p, message: `${p.message}; add "drop_unsupported_fields": true to the changes to leave them out of the new root` })));
  } else problems.push(...dropped);

  if (lines.length === 1) problems.push({ rule: RULES.nothingChanges, severity: 'warning', where: 'changes', message: 'nothing changes but the version number' });
  assertNoErrors(problems, 'root update');
  const root: RootMetadata = { signatures: [], signed };
  return { payload: { metadata: { root: root as unknown as JsonObject } }, root, changes: lines, warnings: problems.filter((p) => p.severity === 'warning') };
}

/** Every problem (errors and warnings) of applying `changes` to `trusted`, without throwing: for live validation. */
export function validateRootChanges(trusted: RootMetadata, changes: RootChanges, now: Date, identityOf: KeyIdentity): RuleProblem[] {
  try {
    return buildUpdatePayload(trusted, changes, now, identityOf).warnings;
  } catch (error) {
    if (error instanceof CeremonyRulesError) return error.problems;
    throw error;
  }
}
