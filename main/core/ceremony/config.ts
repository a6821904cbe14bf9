// The CLI's ceremony config files (CEREMONY.json, CHANGES.json, DELEGATIONS.json, documented in
// docs/ceremonies.md) turned into the pure inputs of shared/ceremony. Key file paths are relative
// to the config file. A key may also be read from a connected PKCS#11 token (a YubiKey's PIV
// slot): listing public keys needs no PIN. Every shape problem in a config is reported at once,
// with its field path; a key file or token key that cannot be read stops there, naming it.

import { dirname, isAbsolute, resolve } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import type { JsonObject, JsonValue } from '../../../shared/json/strict-json.js';
import { DEFAULT_BINS, DEFAULT_EXPIRATION, DEFAULT_EXPIRE_POLICY, EXPIRY_ROLES, type Expiration } from '../../../shared/ceremony/defaults.js';
import { assertNoErrors } from '../../../shared/ceremony/rules.js';
import type { BootstrapInput, DelegatedRoleInput, DelegationsInput, NamedKey, OnlineKey, RootChanges, RuleProblem } from '../../../shared/ceremony/types.js';
import { readPublicKeyFile } from '../keys/public-key-file.js';
import { readJsonFile } from '../tuf/load-document.js';

const CONFIG_RULE = 'config-format';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key to read from a token once the config's shape is known to be right (reading is async). */
interface TokenKeyRequest {
  target: NamedKey;
  where: string;
  module: string;
  token: string;
  keyId?: string;
  keyLabel?: string;
  name?: string;
}

/** Collects shape problems of one config file, then throws them together. */
class ConfigReader {
  readonly problems: RuleProblem[] = [];
  readonly tokenKeys: TokenKeyRequest[] = [];
  constructor(
    readonly configPath: string,
    readonly what: string,
  ) {}

  bad(where: string, message: string): undefined {
    this.problems.push({ rule: CONFIG_RULE, severity: 'error', where, message });
    return undefined;
  }

  object(v: JsonValue | undefined, where: string, allowed: string[]): JsonObject | undefined {
    if (!isObject(v)) return this.bad(where, `must be a JSON object, found ${v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 40)}`);
    for (const field of Object.keys(v)) {
      if (!allowed.includes(field)) this.bad(`${where === '' ? '' : `${where}.`}${field}`, `unknown field; expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    }
    return v;
  }

  /** Numbers are passed through for the shared rules to judge; only the JSON type is checked here. */
  number(v: JsonValue | undefined, where: string): number | undefined {
    if (typeof v !== 'number') return this.bad(where, `must be a number, found ${JSON.stringify(v)}`);
    return v;
  }

  string(v: JsonValue | undefined, where: string): string | undefined {
    if (typeof v !== 'string') return this.bad(where, `must be a string, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
    return v;
  }

  private resolvePath(file: string): string {
    return isAbsolute(file) ? file : resolve(dirname(this.configPath), file);
  }

  /**
   * A key named in the config: {"file": path, "name"?} or
   * {"pkcs11": {"module": path, "token": serial|label, "key_id"?: hex, "key_label"?}, "name"?}.
   */
  key(v: JsonValue | undefined, where: string, extra: string[] = []): { named: NamedKey; raw: JsonObject } | undefined {
    const entry = this.object(v, where, ['file', 'pkcs11', 'name', ...extra]);
    if (!entry) return undefined;
    const name = entry.name === undefined ? undefined : this.string(entry.name, `${where}.name`);
    if (entry.pkcs11 !== undefined) {
      if (entry.file !== undefined) return this.bad(where, 'give either "file" or "pkcs11", not both');
      const p = this.object(entry.pkcs11, `${where}.pkcs11`, ['module', 'token', 'key_id', 'key_label']);
      if (!p) return undefined;
      const module = this.string(p.module, `${where}.pkcs11.module`);
      const token = this.string(p.token, `${where}.pkcs11.token`);
      const keyId = p.key_id === undefined ? undefined : this.string(p.key_id, `${where}.pkcs11.key_id`);
      const keyLabel = p.key_label === undefined ? undefined : this.string(p.key_label, `${where}.pkcs11.key_label`);
      if (module === undefined || token === undefined) return undefined;
      // Filled in by resolveTokenKeys() once every shape problem has been reported.
      const target: NamedKey = { keyid: '', key: { keytype: '', scheme: '', keyval: { public: '' } }, name: name ?? '' };
      this.tokenKeys.push({ target, where, module: this.resolvePath(module), token, ...(keyId !== undefined ? { keyId: keyId.toLowerCase() } : {}), ...(keyLabel !== undefined ? { keyLabel } : {}), ...(name !== undefined ? { name } : {}) });
      return { named: target, raw: entry };
    }
    const file = this.string(entry.file, `${where}.file`);
    if (file === undefined) return undefined;
    const path = this.resolvePath(file);
    let imported;
    try {
      imported = readPublicKeyFile(path);
    } catch (error) {
      if (error instanceof SignerError) throw new SignerError(error.code, `${this.what} ${where}.file: ${error.message}`, { cause: error });
      throw error;
    }
    return { named: { keyid: imported.keyid, key: imported.key, name: name ?? imported.suggestedName ?? imported.keyid, source: file }, raw: entry };
  }

  keyList(v: JsonValue | undefined, where: string): NamedKey[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return this.bad(where, 'must be a list of {"file", "name"} objects') ?? [];
    return v.flatMap((item, i) => {
      const k = this.key(item, `${where}[${i}]`);
      return k ? [k.named] : [];
    });
  }

  onlineKey(v: JsonValue | undefined, where: string): OnlineKey | undefined {
    const k = this.key(v, where, ['uri']);
    if (!k) return undefined;
    // The URI's own rules (schemes, fn:<keyid>) are judged by the shared ceremony rules.
    const uri = this.string(k.raw.uri, `${where}.uri`);
    // The same object: a token key is filled in later.
    return Object.assign(k.named, { uri: uri ?? '' });
  }

  expiration(v: JsonValue | undefined, where: string, base: Partial<Expiration>): Partial<Expiration> {
    if (v === undefined) return { ...base };
    const obj = this.object(v, where, [...EXPIRY_ROLES]);
    const out: Partial<Expiration> = { ...base };
    if (!obj) return out;
    for (const role of EXPIRY_ROLES) {
      if (obj[role] !== undefined) {
        const n = this.number(obj[role], `${where}.${role}`);
        if (n !== undefined) out[role] = n;
      }
    }
    return out;
  }

  delegatedRoles(v: JsonValue | undefined, where: string): DelegatedRoleInput[] {
    if (!Array.isArray(v)) return this.bad(where, 'must be a list of delegated roles') ?? [];
    return v.flatMap((item, i): DelegatedRoleInput[] => {
      const at = `${where}[${i}]`;
      const role = this.object(item, at, ['name', 'paths', 'terminating', 'threshold', 'keys', 'expire_policy', 'num_bins', 'role_online_key']);
      if (!role) return [];
      const name = this.string(role.name, `${at}.name`);
      let paths: string[] = [];
      if (!Array.isArray(role.paths)) this.bad(`${at}.paths`, 'must be a list of path patterns, e.g. ["prod/*"]');
      else paths = role.paths.map((p, j) => this.string(p, `${at}.paths[${j}]`) ?? '');
      const terminating = role.terminating === undefined ? true : typeof role.terminating === 'boolean' ? role.terminating : this.bad(`${at}.terminating`, 'must be true or false');
      const keys = this.keyList(role.keys, `${at}.keys`);
      // Empty keys: the online key signs the role, with threshold 1.
      const threshold = role.threshold === undefined ? 1 : this.number(role.threshold, `${at}.threshold`);
      const expirePolicy = role.expire_policy === undefined ? DEFAULT_EXPIRE_POLICY : this.number(role.expire_policy, `${at}.expire_policy`);
      // Hash bins nested below the role (x-rstuf-num-bins) and the online key that signs them.
      const numBins = role.num_bins === undefined ? undefined : this.number(role.num_bins, `${at}.num_bins`);
      const roleOnlineKey = role.role_online_key === undefined ? undefined : this.onlineKey(role.role_online_key, `${at}.role_online_key`);
      if (name === undefined || terminating === undefined || threshold === undefined || expirePolicy === undefined) return [];
      return [{ name, paths, terminating, keys, threshold, expirePolicy, ...(numBins !== undefined ? { numBins } : {}), ...(roleOnlineKey ? { roleOnlineKey } : {}) }];
    });
  }

  async finish(): Promise<void> {
    assertNoErrors(this.problems, `${this.what} config`);
    if (this.tokenKeys.length > 0) await this.resolveTokenKeys();
  }

  private async resolveTokenKeys(): Promise<void> {
    // Loaded only when a config names a token: the PKCS#11 binding is a native module.
    const { listKeys } = await import('../tokens/token-list.js');
    for (const request of this.tokenKeys) {
      const fail = (message: string): never => {
        throw new SignerError('TOKEN_ERROR', `${this.what} ${request.where}.pkcs11: ${message}`);
      };
      let keys;
      try {
        keys = await listKeys(request.module, request.token);
      } catch (error) {
        if (error instanceof SignerError) throw new SignerError(error.code, `${this.what} ${request.where}.pkcs11: ${error.message}`, { cause: error });
        throw error;
      }
      const describe = (): string => keys.map((k) => `${k.displayName} (key_id "${k.id}"${k.label ? `, key_label "${k.label}"` : ''})`).join('; ') || 'none';
      const matches = keys.filter((k) => (request.keyId === undefined || k.id === request.keyId) && (request.keyLabel === undefined || k.label === request.keyLabel));
      const usable = request.keyId === undefined && request.keyLabel === undefined ? matches.filter((k) => k.publicKey && !k.unusable) : matches;
      if (usable.length === 0) fail(`no key on token "${request.token}" matches${request.keyId ? ` key_id "${request.keyId}"` : ''}${request.keyLabel ? ` key_label "${request.keyLabel}"` : ''}; keys on it: ${describe()}`);
      if (usable.length > 1) fail(`token "${request.token}" holds ${usable.length} keys; choose one with "key_id" or "key_label": ${describe()}`);
      const found = usable[0] as (typeof keys)[number];
      if (found.unusable) fail(`${found.displayName} cannot sign TUF metadata: ${found.unusable}`);
      if (!found.publicKey) fail(`the token does not show the public key of ${found.displayName}; export its certificate and give it as "file"`);
      const key = found.publicKey as NamedKey['key'];
      const { computeKeyId } = await import('../tuf/tuf-keys.js');
      request.target.key = { keytype: key.keytype, scheme: key.scheme, keyval: { ...key.keyval } };
      request.target.keyid = computeKeyId(request.target.key);
      request.target.name = request.name ?? found.certificateName ?? request.target.keyid;
      request.target.source = `token "${request.token}", ${found.displayName}`;
    }
  }
}

function readConfigJson(path: string, what: string): JsonValue {
  try {
    return readJsonFile(path, 1024 * 1024);
  } catch (error) {
    if (error instanceof SignerError) throw new SignerError(error.code, `${what} config: ${error.message}`, { cause: error });
    throw error;
  }
}

/** CEREMONY.json -> BootstrapInput (defaults filled in; not yet validated against the rules). */
export async function readCeremonyConfig(path: string): Promise<BootstrapInput> {
  const r = new ConfigReader(path, 'ceremony');
  const json = r.object(readConfigJson(path, 'ceremony'), '', ['expiration', 'bins', 'delegations', 'root', 'online_key']) ?? {};
  const expiration = r.expiration(json.expiration, 'expiration', DEFAULT_EXPIRATION) as Expiration;
  let delegation: BootstrapInput['delegation'] = { kind: 'bins', count: DEFAULT_BINS };
  if (json.bins !== undefined && json.delegations !== undefined) {
    r.problems.push({ rule: 'bins-or-delegations', severity: 'error', where: 'bins', message: 'give either "bins" (hash bins, online key) or "delegations" (custom roles), not both: RSTUF accepts exactly one' });
  } else if (json.delegations !== undefined) delegation = { kind: 'custom', roles: r.delegatedRoles(json.delegations, 'delegations') };
  else if (json.bins !== undefined) delegation = { kind: 'bins', count: r.number(json.bins, 'bins') ?? DEFAULT_BINS };
  const root = r.object(json.root, 'root', ['threshold', 'keys']);
  const keys = root?.keys === undefined ? (r.bad('root.keys', 'list the root keys: [{"file": "alice.pub", "name": "Alice"}, ...]'), []) : r.keyList(root.keys, 'root.keys');
  const threshold = root?.threshold === undefined ? r.bad('root.threshold', 'give the number of root signatures required') : r.number(root.threshold, 'root.threshold');
  const onlineKey = json.online_key === undefined ? r.bad('online_key', 'give the online key: {"file": "online.pub", "name": "Online", "uri": "fn:<keyid>"}') : r.onlineKey(json.online_key, 'online_key');
  await r.finish();
  return { expiration, delegation, root: { threshold: threshold as number, keys }, onlineKey: onlineKey as OnlineKey };
}

/** CHANGES.json -> RootChanges; every part optional. */
export async function readUpdateConfig(path: string): Promise<RootChanges> {
  const r = new ConfigReader(path, 'update');
  const json = r.object(readConfigJson(path, 'update'), '', ['expiration', 'root', 'online_key', 'drop_unsupported_fields']) ?? {};
  const changes: RootChanges = {};
  if (json.expiration !== undefined) {
    const exp = r.object(json.expiration, 'expiration', ['root']);
    if (exp?.root !== undefined) {
      const days = r.number(exp.root, 'expiration.root');
      if (days !== undefined) changes.rootExpirationDays = days;
    }
  }
  if (json.root !== undefined) {
    const root = r.object(json.root, 'root', ['threshold', 'add', 'remove']);
    if (root?.threshold !== undefined) {
      const t = r.number(root.threshold, 'root.threshold');
      if (t !== undefined) changes.threshold = t;
    }
    if (root?.add !== undefined) changes.add = r.keyList(root.add, 'root.add');
    if (root?.remove !== undefined) {
      if (!Array.isArray(root.remove)) r.bad('root.remove', 'must be a list of key ids or key names');
      else changes.remove = root.remove.map((v, i) => r.string(v, `root.remove[${i}]`) ?? '');
    }
  }
  if (json.online_key !== undefined) {
    const k = r.onlineKey(json.online_key, 'online_key');
    if (k) changes.onlineKey = k;
  }
  if (json.drop_unsupported_fields !== undefined) {
    if (typeof json.drop_unsupported_fields !== 'boolean') r.bad('drop_unsupported_fields', 'must be true or false');
    else changes.dropUnsupportedFields = json.drop_unsupported_fields;
  }
  await r.finish();
  return changes;
}

/** DELEGATIONS.json ({"delegations": [roles...]}) -> DelegationsInput. */
export async function readDelegationsConfig(path: string): Promise<DelegationsInput> {
  const r = new ConfigReader(path, 'delegations');
  const json = r.object(readConfigJson(path, 'delegations'), '', ['delegations']) ?? {};
  const roles = json.delegations === undefined ? (r.bad('delegations', 'list the delegated roles: [{"name", "paths", "keys", "threshold", ...}]'), []) : r.delegatedRoles(json.delegations, 'delegations');
  await r.finish();
  return { roles };
}
