// Structural validation of TUF metadata: @tufjs/models' parser (the spec's rules) plus the
// python-tuf rules RSTUF's worker applies and @tufjs/models does not (exact `expires` format,
// exactly four top-level roles, positive version). The document itself stays plain JSON; the
// parsed model is only used to check it and to prove that a re-serializing implementation
// (python-tuf on the worker) would sign the very bytes we sign.

import { Metadata } from '@tufjs/models';
import { SignerError } from '../../../shared/errors.js';
import { deepFreeze } from '../../../shared/tuf/canonical.js';
import { rememberKeysOfFrozen } from '../../../shared/tuf/frozen-keys.js';
import { TOP_LEVEL_ROLES, type TufKey, type TufMetadata, type TufRootSigned, type TufTargetsSigned } from '../../../shared/tuf/types.js';
import { isVerifiableScheme } from './verify.js';

export const EXPIRES_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export interface ValidationResult {
  /** True when @tufjs/models' re-serialization equals the document's canonical bytes. */
  roundTrips: boolean;
}

export interface ValidationOptions {
  /**
   * The caller seals `md.signed` next (sealForSigning): deep-freeze a big targets map while
   * checking it, so the seal does not walk its 200,000 objects a second time (docs/performance.md).
   */
  freezeTargets?: boolean;
  /**
   * Object.keys of the targets map as the strict parser listed them (parseStrictJsonWithKeys),
   * when nothing has changed the metadata since: saves enumerating a big map again.
   */
  targetsKeys?: readonly string[];
}

export function validateMetadata(md: TufMetadata, where: string, options: ValidationOptions = {}): ValidationResult {
  const signed = md.signed;
  const type = signed._type;
  if (!['root', 'targets', 'snapshot', 'timestamp'].includes(type)) {
    throw new SignerError('METADATA_INVALID', `${where}: unknown _type "${type}" (expected root, targets, snapshot or timestamp)`);
  }
  for (const field of ['version', 'expires', 'spec_version'] as const) {
    if (signed[field] === undefined) throw new SignerError('METADATA_INVALID', `${where}: the "${field}" field is missing`);
  }
  if (!Number.isSafeInteger(signed.version) || signed.version < 1) {
    throw new SignerError('METADATA_INVALID', `${where}: version must be a positive integer, found ${JSON.stringify(signed.version)}`);
  }
  if (typeof signed.expires !== 'string' || !EXPIRES_FORMAT.test(signed.expires) || Number.isNaN(Date.parse(signed.expires))) {
    throw new SignerError('METADATA_INVALID', `${where}: expires must look like 2026-12-31T23:59:59Z, found ${JSON.stringify(signed.expires)}`);
  }
  if (typeof signed.spec_version !== 'string' || !/^1\.\d+(\.\d+)?$/.test(signed.spec_version)) {
    throw new SignerError('METADATA_INVALID', `${where}: spec_version must be 1.x, found ${JSON.stringify(signed.spec_version)}`);
  }
  if (type === 'root') checkRootRoles(signed as TufRootSigned, where);
  if (type === 'targets') checkKeySchemes((signed as TufTargetsSigned).delegations?.keys, `${where} delegations`);
  // A big targets map whose entries all pass @tufjs/models' TargetFile checks is checked here and
  // left out of the model: building, re-serializing and comparing 100,000 TargetFile objects cost
  // more than signing them (docs/performance.md). TargetFile re-serializes an entry to its own
  // fields, so such an entry round-trips exactly when it is canonical JSON. Anything else takes
  // the full model path below, which gives the model's own error.
  const bulkTargets = type === 'targets' ? bulkCheckedTargets((signed as TufTargetsSigned).targets, options.freezeTargets === true, options.targetsKeys) : undefined;
  const modelInput = bulkTargets ? { ...md, signed: { ...signed, targets: {} } } : md;
  let model: { signed: { toJSON(): unknown } };
  try {
    model = Metadata.fromJSON(type as never, modelInput as never);
  } catch (error) {
    throw new SignerError('METADATA_INVALID', `${where}: ${(error as Error).message}`, { cause: error });
  }
  const roundTrips = sameCanonicalJson(model.signed.toJSON(), modelInput.signed) && (bulkTargets === undefined || bulkTargets.canonical);
  return { roundTrips };
}

/** Targets maps at least this big are checked by bulkCheckedTargets instead of the model. */
const BULK_TARGETS = 256;

/**
 * For a big targets map whose entries all pass exactly the checks @tufjs/models' targetsFromJSON /
 * TargetFile.fromJSON make (object record; numeric length not below 0; hashes an object of
 * strings): whether every entry is also canonical JSON (one pass for both). Else undefined.
 */
function bulkCheckedTargets(targets: unknown, freeze: boolean, listed: readonly string[] | undefined): { canonical: boolean } | undefined {
  if (typeof targets !== 'object' || targets === null || Array.isArray(targets)) return undefined;
  // The paths (one enumeration of the map, or the parser's): kept with the frozen map for the
  // serializer and the review. Within an entry, for...in with an own-property check visits what
  // Object.keys lists without allocating arrays per entry: about half the time on 100,000 artifacts.
  const paths = listed ?? Object.keys(targets);
  const has = Object.prototype.hasOwnProperty;
  let canonical = true;
  for (let i = 0; i < paths.length; i++) {
    const entry = (targets as Record<string, unknown>)[paths[i] as string];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    const length = (entry as { length?: unknown }).length;
    const hashes = (entry as { hashes?: unknown }).hashes;
    if (typeof length !== 'number' || length < 0) return undefined;
    if (typeof hashes !== 'object' || hashes === null) return undefined;
    for (const name in hashes) if (has.call(hashes, name) && typeof (hashes as Record<string, unknown>)[name] !== 'string') return undefined;
    // hashes holds only strings (checked above); length and any custom fields must be canonical.
    for (const key in entry) {
      if (key === 'hashes' || !has.call(entry, key)) continue;
      const value = (entry as Record<string, unknown>)[key];
      if (canonical && !isCanonicalJson(value)) canonical = false;
      if (freeze && typeof value === 'object' && value !== null) deepFreeze(value);
    }
    // Frozen only once fully checked, so a frozen entry is always frozen all the way down (what
    // the seal relies on to skip it). An entry refused above stays as it was.
    if (freeze) {
      Object.freeze(hashes);
      Object.freeze(entry);
    }
  }
  if (paths.length < BULK_TARGETS) return undefined;
  if (freeze) {
    Object.freeze(targets);
    rememberKeysOfFrozen(targets, paths);
  }
  return { canonical };
}

/** True when canonicalize(value) would not throw. */
export function isCanonicalJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isSafeInteger(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isCanonicalJson(value[i])) return false;
        return true;
      }
      for (const key of Object.keys(value)) if (!isCanonicalJson((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * `canonicalize(a) === canonicalize(b)`, false when either cannot be canonicalized, without
 * building either string: comparing the trees is several times cheaper than serializing a
 * 100,000-artifact role twice (docs/performance.md).
 */
export function sameCanonicalJson(a: unknown, b: unknown): boolean {
  switch (typeof a) {
    case 'string':
    case 'boolean':
      return a === b;
    case 'number':
      return typeof b === 'number' && Number.isSafeInteger(a) && Number.isSafeInteger(b) && a === b;
    case 'object': {
      if (a === null) return b === null;
      if (typeof b !== 'object' || b === null) return false;
      if (Array.isArray(a)) {
        if (!Array.isArray(b) || a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!sameCanonicalJson(a[i], b[i])) return false;
        return true;
      }
      if (Array.isArray(b)) return false;
      const keys = Object.keys(a);
      if (keys.length !== Object.keys(b).length) return false;
      for (const key of keys) {
        if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
        if (!sameCanonicalJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function checkRootRoles(root: TufRootSigned, where: string): void {
  if (typeof root.roles !== 'object' || root.roles === null) throw new SignerError('METADATA_INVALID', `${where}: root has no "roles"`);
  if (typeof root.keys !== 'object' || root.keys === null) throw new SignerError('METADATA_INVALID', `${where}: root has no "keys"`);
  const names = Object.keys(root.roles);
  const missing = TOP_LEVEL_ROLES.filter((r) => !names.includes(r));
  const extra = names.filter((r) => !(TOP_LEVEL_ROLES as readonly string[]).includes(r));
  if (missing.length || extra.length) {
    throw new SignerError('METADATA_INVALID', `${where}: root must define exactly the roles root, targets, snapshot, timestamp${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unexpected ${extra.join(', ')}` : ''}`);
  }
  checkKeySchemes(root.keys, where);
  for (const [name, role] of Object.entries(root.roles)) {
    if (!Array.isArray(role?.keyids)) throw new SignerError('METADATA_INVALID', `${where}: role ${name} has no keyids list`);
    if (!Number.isSafeInteger(role.threshold) || role.threshold < 1) {
      throw new SignerError('METADATA_INVALID', `${where}: role ${name} threshold must be an integer of at least 1, found ${JSON.stringify(role.threshold)}`);
    }
    for (const keyid of role.keyids) {
      if (!Object.hasOwn(root.keys, keyid)) throw new SignerError('METADATA_INVALID', `${where}: role ${name} lists key ${String(keyid).slice(0, 8)}, which is not in root.keys`);
    }
  }
}

/**
 * python-tuf refuses (keytype, scheme) pairs securesystemslib does not know, so the RSTUF worker
 * would reject the whole file; @tufjs/models accepts any pair. Sigstore keys are the one pair the
 * worker adds (rstuf-formats.md 1.1).
 */
function checkKeySchemes(keys: Record<string, TufKey> | undefined, where: string): void {
  for (const [keyid, key] of Object.entries(keys ?? {})) {
    if (key?.keytype === 'sigstore-oidc' && key.scheme === 'Fulcio') continue;
    if (typeof key?.keytype !== 'string' || typeof key.scheme !== 'string' || !isVerifiableScheme(key)) {
      throw new SignerError('SCHEME_UNSUPPORTED', `${where}: key ${keyid.slice(0, 8)} has the unsupported key type/scheme "${String(key?.keytype)}/${String(key?.scheme)}", which RSTUF refuses`);
    }
  }
}
