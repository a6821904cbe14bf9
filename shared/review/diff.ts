// Semantic changes between a trusted version and the pending version of root or targets metadata.
// Every comparison goes through maps built once, so the cost is linear in the size of the input.

import { canonicalize } from '../tuf/canonical.js';
import {
  EXPIRE_POLICY_FIELD,
  KEY_NAME_FIELD,
  ONLINE_KEY_URI_FIELD,
  type TufDelegatedRole,
  type TufKey,
  type TufRootSigned,
  type TufSignedBase,
  type TufTargetsSigned,
} from '../tuf/types.js';
import type { Change, DelegationSummary, KeyDetails, KeyRef } from './types.js';
import { daysUntil, describeDays, describeKey, describeOnlineKeyUri, describeSigner, keyDetails, keyRef, listNames } from './words.js';

/** x-rstuf-num-bins and x-rstuf-role-online-key on a delegated role (RSTUF API PRs #860, #987; worker #950). */
export const NUM_BINS_FIELD = 'x-rstuf-num-bins';
export const ROLE_ONLINE_KEY_FIELD = 'x-rstuf-role-online-key';

const KNOWN_SIGNED_FIELDS = new Set(['_type', 'spec_version', 'version', 'expires']);
export const KNOWN_ROOT_FIELDS = new Set([...KNOWN_SIGNED_FIELDS, 'consistent_snapshot', 'keys', 'roles']);
const KNOWN_TARGETS_FIELDS = new Set([...KNOWN_SIGNED_FIELDS, 'targets', 'delegations']);
export const KNOWN_ROLE_FIELDS = new Set(['keyids', 'threshold']);
export const KNOWN_KEY_FIELDS = new Set(['keytype', 'scheme', 'keyval', KEY_NAME_FIELD, ONLINE_KEY_URI_FIELD]);
const KNOWN_DELEGATION_FIELDS = new Set(['name', 'keyids', 'threshold', 'terminating', 'paths', 'path_hash_prefixes', EXPIRE_POLICY_FIELD]);

const same = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  try {
    return canonicalize(a) === canonicalize(b);
  } catch {
    return JSON.stringify(a) === JSON.stringify(b);
  }
};

const show = (v: unknown): string => (v === undefined ? 'absent' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

/** Changes common to every role: version, expiry, spec version, and unknown top-level fields. */
export function commonChanges(trusted: TufSignedBase, pending: TufSignedBase, known: Set<string>, now: number): Change[] {
  const changes: Change[] = [];
  if (trusted.version !== pending.version) {
    changes.push({ type: 'version-changed', from: trusted.version, to: pending.version, message: `Version ${trusted.version} -> ${pending.version}.` });
  }
  if (trusted.expires !== pending.expires) {
    const fromInDays = daysUntil(trusted.expires, now);
    const toInDays = daysUntil(pending.expires, now);
    changes.push({
      type: 'expiry-changed',
      from: trusted.expires,
      to: pending.expires,
      fromInDays,
      toInDays,
      message: `Expiry moves from ${trusted.expires} (${describeDays(fromInDays)}) to ${pending.expires} (${describeDays(toInDays)}).`,
    });
  }
  if (trusted.spec_version !== pending.spec_version) {
    changes.push({ type: 'spec-version-changed', from: trusted.spec_version, to: pending.spec_version, message: `TUF spec version ${trusted.spec_version} -> ${pending.spec_version}.` });
  }
  changes.push(...unknownFieldChanges(trusted, pending, known, ''));
  return changes;
}

function unknownFieldChanges(trusted: object, pending: object, known: Set<string>, prefix: string): Change[] {
  const changes: Change[] = [];
  const a = trusted as Record<string, unknown>;
  const b = pending as Record<string, unknown>;
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (known.has(field) || same(a[field], b[field])) continue;
    const path = `${prefix}${field}`;
    const message =
      a[field] === undefined ? `New field ${path} = ${show(b[field])}.` : b[field] === undefined ? `Field ${path} is removed (was ${show(a[field])}).` : `Field ${path} changes from ${show(a[field])} to ${show(b[field])}.`;
    changes.push({ type: 'unknown-field-changed', path, from: a[field], to: b[field], message });
  }
  return changes;
}

/**
 * Key added / removed / changed between two key dictionaries. `rolesOf` names the roles a new key
 * signs for, so a new online key does not read as if it became a root key.
 */
export function keyChanges(trusted: Record<string, TufKey>, pending: Record<string, TufKey>, scope: 'root' | 'delegations', rolesOf?: (keyid: string) => string[]): Change[] {
  const changes: Change[] = [];
  const where = scope === 'root' ? 'root' : 'the delegations';
  for (const [keyid, key] of Object.entries(pending)) {
    const old = trusted[keyid];
    const details = keyDetails(keyid, key);
    if (old === undefined) {
      const what = details.signsElsewhere ? describeSigner(details.signsElsewhere) : `${details.keytype}/${details.scheme}`;
      changes.push({ type: 'key-added', scope, key: details, message: `New key in ${where}: ${describeKey(details)}, ${what}${rolesOf ? `, ${signsFor(rolesOf(keyid))}` : ''}.` });
      continue;
    }
    const fields: string[] = [];
    if (old.keytype !== key.keytype) fields.push('keytype');
    if (old.scheme !== key.scheme) fields.push('scheme');
    if (!same(old.keyval, key.keyval)) fields.push('keyval');
    if (old[KEY_NAME_FIELD] !== key[KEY_NAME_FIELD]) fields.push('name');
    if (old[ONLINE_KEY_URI_FIELD] !== key[ONLINE_KEY_URI_FIELD]) fields.push('online-key-uri');
    for (const f of new Set([...Object.keys(old), ...Object.keys(key)])) if (!KNOWN_KEY_FIELDS.has(f) && !same(old[f], key[f])) fields.push(f);
    if (fields.length === 0) continue;
    const before = keyDetails(keyid, old);
    const parts = fields.map((f) =>
      f === 'name'
        ? `name "${before.name}" -> "${details.name}"`
        : f === 'keyval'
          ? 'the public key itself is different (same key id, different key content)'
          : f === 'online-key-uri'
            ? `online key URI ${show(before.onlineKeyUri)} -> ${show(details.onlineKeyUri)}`
            : `${f} ${show(old[f])} -> ${show(key[f])}`,
    );
    changes.push({ type: 'key-changed', scope, keyid, from: before, to: details, fields, message: `Key ${describeKey(details)} in ${where} changes: ${parts.join('; ')}.` });
  }
  for (const [keyid, key] of Object.entries(trusted)) {
    if (pending[keyid] !== undefined) continue;
    const details = keyDetails(keyid, key);
    changes.push({ type: 'key-removed', scope, key: details, message: `Key removed from ${where}: ${describeKey(details)}.` });
  }
  return changes;
}

/** "for the root role" / "for timestamp, snapshot and targets (an online key, not a root key)". */
function signsFor(roles: string[]): string {
  if (roles.length === 0) return 'for no role yet';
  const list = roles.length === 1 ? roles[0] : `${roles.slice(0, -1).join(', ')} and ${roles.at(-1)}`;
  if (!roles.includes('root')) return `for ${list} (an online key, not a root key)`;
  return roles.length === 1 ? 'for the root role' : `for ${list}`;
}

/** The key RSTUF's worker uses as the online key: roles.timestamp.keyids[0]. */
export function onlineKeyOf(root: TufRootSigned): KeyDetails | undefined {
  const keyid = root.roles?.timestamp?.keyids?.[0];
  return keyid === undefined ? undefined : keyDetails(keyid, root.keys?.[keyid]);
}

export function rootChanges(trusted: TufRootSigned, pending: TufRootSigned, now: number): Change[] {
  const changes = commonChanges(trusted, pending, KNOWN_ROOT_FIELDS, now);
  if ((trusted.consistent_snapshot ?? undefined) !== (pending.consistent_snapshot ?? undefined)) {
    changes.push({
      type: 'consistent-snapshot-changed',
      from: trusted.consistent_snapshot,
      to: pending.consistent_snapshot,
      message: `The consistent_snapshot setting changes from ${show(trusted.consistent_snapshot)} to ${show(pending.consistent_snapshot)}.`,
    });
  }
  const pendingRoles = pending.roles ?? {};
  changes.push(...keyChanges(trusted.keys ?? {}, pending.keys ?? {}, 'root', (keyid) => Object.keys(pendingRoles).filter((role) => pendingRoles[role]?.keyids?.includes(keyid))));

  const oldRoles = trusted.roles ?? {};
  const newRoles = pending.roles ?? {};
  for (const role of new Set([...Object.keys(oldRoles), ...Object.keys(newRoles)])) {
    const a = oldRoles[role];
    const b = newRoles[role];
    if (a && b && a.threshold !== b.threshold) {
      changes.push({ type: 'threshold-changed', role, from: a.threshold, to: b.threshold, message: `The ${role} threshold changes from ${a.threshold} to ${b.threshold}.` });
    }
    const before = new Set(a?.keyids ?? []);
    const after = new Set(b?.keyids ?? []);
    const added: KeyRef[] = [...after].filter((id) => !before.has(id)).map((id) => keyRef(id, pending.keys?.[id]));
    const removed: KeyRef[] = [...before].filter((id) => !after.has(id)).map((id) => keyRef(id, trusted.keys?.[id]));
    if (added.length || removed.length) {
      const parts = [added.length ? `adds ${listNames(added)}` : '', removed.length ? `removes ${listNames(removed)}` : ''].filter(Boolean);
      changes.push({ type: 'role-keys-changed', role, added, removed, message: `The ${role} role ${parts.join(' and ')}.` });
    }
    if (a && b) changes.push(...unknownFieldChanges(a, b, KNOWN_ROLE_FIELDS, `roles.${role}.`));
  }

  const oldOnline = onlineKeyOf(trusted);
  const newOnline = onlineKeyOf(pending);
  if (oldOnline?.keyid !== newOnline?.keyid || oldOnline?.onlineKeyUri !== newOnline?.onlineKeyUri) {
    const describe = (k: KeyDetails | undefined): string => (k ? `${describeKey(k)}${k.onlineKeyUri ? ` (${describeOnlineKeyUri(k.onlineKeyUri)})` : ' (no x-rstuf-online-key-uri)'}` : 'none');
    changes.push({
      type: 'online-key-changed',
      ...(oldOnline ? { from: oldOnline } : {}),
      ...(newOnline ? { to: newOnline } : {}),
      message: `The online key changes from ${describe(oldOnline)} to ${describe(newOnline)}; RSTUF re-signs every online role with the new key, and delegated roles signed offline must be signed again.`,
    });
  }
  return changes;
}

export function delegationSummary(role: TufDelegatedRole, keys: Record<string, TufKey>): DelegationSummary {
  return {
    name: role.name,
    keys: (role.keyids ?? []).map((id) => keyRef(id, keys[id])),
    threshold: role.threshold,
    terminating: role.terminating,
    ...(role.paths !== undefined ? { paths: [...role.paths] } : {}),
    ...(role.path_hash_prefixes !== undefined ? { pathHashPrefixes: [...role.path_hash_prefixes] } : {}),
    ...(typeof role[EXPIRE_POLICY_FIELD] === 'number' ? { expirePolicy: role[EXPIRE_POLICY_FIELD] } : {}),
    ...(typeof role[NUM_BINS_FIELD] === 'number' ? { numBins: role[NUM_BINS_FIELD] } : {}),
    ...(typeof role[ROLE_ONLINE_KEY_FIELD] === 'string' ? { roleOnlineKey: keyDetails(role[ROLE_ONLINE_KEY_FIELD], Object.hasOwn(keys, role[ROLE_ONLINE_KEY_FIELD]) ? keys[role[ROLE_ONLINE_KEY_FIELD]] : undefined) } : {}),
  };
}

/**
 * Who signs a delegated role and what hangs below it, in words: its keys or RSTUF's online key
 * (an empty key id list), and hash bins nested below it (x-rstuf-num-bins) with the key that
 * signs them (x-rstuf-role-online-key).
 */
export function describeDelegationSigning(d: DelegationSummary): string {
  const signers = d.keys.length === 0 ? "RSTUF's online key signs it (the role lists no key ids)" : `${d.threshold} of ${listNames(d.keys)} sign it`;
  if (d.numBins === undefined) return signers;
  const bins = `${d.numBins} hash bins nested below it (${NUM_BINS_FIELD}), made and signed online by RSTUF`;
  const k = d.roleOnlineKey;
  const bySigner = k
    ? `, with its own online key ${describeKey(k)}${k.onlineKeyUri ? ` (${describeOnlineKeyUri(k.onlineKeyUri)})` : ' (no x-rstuf-online-key-uri)'}, which signs the bins only, never "${d.name}" itself`
    : ", with the repository's online key";
  return `${signers}; ${bins}${bySigner}`;
}

const describeDelegation = (d: DelegationSummary): string =>
  `"${d.name}" (${describeDelegationSigning(d)}; paths ${d.paths ? d.paths.join(', ') : d.pathHashPrefixes ? `hash prefixes ${d.pathHashPrefixes.length}` : 'none'}${d.terminating ? ', terminating' : ''}${d.expirePolicy !== undefined ? `, expires every ${d.expirePolicy} days` : ''})`;

export function targetsChanges(trusted: TufTargetsSigned, pending: TufTargetsSigned, now: number): Change[] {
  const changes = commonChanges(trusted, pending, KNOWN_TARGETS_FIELDS, now);
  const oldKeys = trusted.delegations?.keys ?? {};
  const newKeys = pending.delegations?.keys ?? {};
  changes.push(...keyChanges(oldKeys, newKeys, 'delegations'));

  const oldRoles = new Map((trusted.delegations?.roles ?? []).map((r) => [r.name, r]));
  // Delegations are searched in order and the first role whose paths match wins (TUF 5.6.7.2), so
  // a reorder among roles present in both versions changes who is trusted for overlapping paths.
  const newNames = new Set((pending.delegations?.roles ?? []).map((r) => r.name));
  const keptOld = (trusted.delegations?.roles ?? []).map((r) => r.name).filter((n) => newNames.has(n));
  const keptNew = (pending.delegations?.roles ?? []).map((r) => r.name).filter((n) => oldRoles.has(n));
  const oldPosition = new Map(keptOld.map((n, i) => [n, i]));
  const newPosition = new Map(keptNew.map((n, i) => [n, i]));
  for (const role of pending.delegations?.roles ?? []) {
    const old = oldRoles.get(role.name);
    const to = delegationSummary(role, newKeys);
    if (!old) {
      changes.push({ type: 'delegation-added', delegation: to, message: `New delegated role ${describeDelegation(to)}.` });
      continue;
    }
    oldRoles.delete(role.name);
    const from = delegationSummary(old, oldKeys);
    const fields: string[] = [];
    const parts: string[] = [];
    const oldIds = new Set(old.keyids ?? []);
    const newIds = new Set(role.keyids ?? []);
    const added = [...newIds].filter((id) => !oldIds.has(id)).map((id) => keyRef(id, newKeys[id]));
    const removed = [...oldIds].filter((id) => !newIds.has(id)).map((id) => keyRef(id, oldKeys[id]));
    if (added.length || removed.length) {
      fields.push('keys');
      parts.push([added.length ? `adds key ${listNames(added)}` : '', removed.length ? `removes key ${listNames(removed)}` : ''].filter(Boolean).join(' and '));
    }
    if (old.threshold !== role.threshold) {
      fields.push('threshold');
      parts.push(`threshold ${old.threshold} -> ${role.threshold}`);
    }
    if (!same(old.paths, role.paths)) {
      fields.push('paths');
      parts.push(`paths ${show(old.paths)} -> ${show(role.paths)}`);
    }
    if (!same(old.path_hash_prefixes, role.path_hash_prefixes)) {
      fields.push('path_hash_prefixes');
      parts.push('path hash prefixes change');
    }
    if (old.terminating !== role.terminating) {
      fields.push('terminating');
      parts.push(`terminating ${show(old.terminating)} -> ${show(role.terminating)}`);
    }
    if (old[EXPIRE_POLICY_FIELD] !== role[EXPIRE_POLICY_FIELD]) {
      fields.push(EXPIRE_POLICY_FIELD);
      parts.push(`expiry policy ${show(old[EXPIRE_POLICY_FIELD])} -> ${show(role[EXPIRE_POLICY_FIELD])} days`);
    }
    const from0 = oldPosition.get(role.name) as number;
    const to0 = newPosition.get(role.name) as number;
    if (from0 !== to0) {
      fields.push('order');
      parts.push(`moves from position ${from0 + 1} to position ${to0 + 1} among the delegated roles (the first role whose paths match an artifact decides who may sign it)`);
    }
    for (const f of new Set([...Object.keys(old), ...Object.keys(role)])) {
      if (!KNOWN_DELEGATION_FIELDS.has(f) && !same(old[f], role[f])) {
        fields.push(f);
        parts.push(`${f} ${show(old[f])} -> ${show(role[f])}`);
      }
    }
    if (fields.length) changes.push({ type: 'delegation-changed', name: role.name, from, to, fields, message: `Delegated role "${role.name}" changes: ${parts.join('; ')}.` });
  }
  for (const old of oldRoles.values()) {
    const from = delegationSummary(old, oldKeys);
    changes.push({ type: 'delegation-removed', delegation: from, message: `Delegated role "${old.name}" is removed.` });
  }
  if (!same(trusted.delegations?.succinct_roles, pending.delegations?.succinct_roles)) {
    changes.push({
      type: 'unknown-field-changed',
      path: 'delegations.succinct_roles',
      from: trusted.delegations?.succinct_roles,
      to: pending.delegations?.succinct_roles,
      message: 'The succinct hash-bin delegation changes.',
    });
  }
  return changes;
}
