// What an RSTUF file is, and which metadata in it waits for offline signatures.
// Pure: runs in main, CLI and renderer. Signature checks live in main/core/tuf.

import { SignerError } from '../errors.js';
import type { JsonObject, JsonValue } from '../json/strict-json.js';
import type { RootMetadata, RstufSignPayload, TargetsMetadata, TufMetadata, TufSignedBase } from './types.js';

export type DocumentKind =
  | 'sign-pending' // GET /api/v1/metadata/sign response
  | 'bootstrap' // POST /api/v1/bootstrap/ payload (ceremony)
  | 'update' // POST /api/v1/metadata/ payload (root update)
  | 'delegations' // POST/PUT /api/v1/delegations/ payload
  | 'sign-payload' // POST /api/v1/metadata/sign payload
  | 'metadata'; // bare TUF metadata

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  'sign-pending': 'RSTUF metadata pending signature (GET /api/v1/metadata/sign response)',
  bootstrap: 'RSTUF bootstrap (ceremony) payload',
  update: 'RSTUF metadata update payload',
  delegations: 'RSTUF delegations payload',
  'sign-payload': 'RSTUF signature payload (POST /api/v1/metadata/sign)',
  metadata: 'TUF metadata',
};

/** One piece of metadata inside a document that offline keys sign. */
export interface PendingRole {
  /** Role name as RSTUF uses it in the sign payload ("root", or a delegated role name). */
  name: string;
  metadata: TufMetadata;
}

export interface RstufDocument {
  kind: DocumentKind;
  /** The whole document as imported; signing returns a modified copy, never mutates this. */
  json: JsonObject;
  pending: PendingRole[];
  trustedRoot?: RootMetadata;
  trustedTargets?: TargetsMetadata;
  signPayload?: RstufSignPayload;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function describeShape(v: unknown): string {
  if (!isObject(v)) return Array.isArray(v) ? 'a JSON array' : `a JSON ${v === null ? 'null' : typeof v}`;
  const keys = Object.keys(v);
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 6).map((k) => `"${k}"`).join(', ')}${keys.length > 6 ? ', ...' : ''}`;
}

function requireMetadata(v: unknown, where: string): TufMetadata {
  if (!isObject(v)) throw new SignerError('INPUT_NOT_TUF', `${where} is not TUF metadata (found ${describeShape(v)})`);
  if (!isObject(v.signed)) throw new SignerError('INPUT_NOT_TUF', `${where} has no "signed" object`);
  if (!Array.isArray(v.signatures)) throw new SignerError('INPUT_NOT_TUF', `${where} has no "signatures" list`);
  if (typeof v.signed._type !== 'string') throw new SignerError('INPUT_NOT_TUF', `${where}.signed has no "_type"`);
  return v as unknown as TufMetadata;
}

function requireType<T extends TufMetadata>(md: TufMetadata, type: string, where: string): T {
  if (md.signed._type !== type) {
    throw new SignerError('METADATA_INVALID', `${where} must be ${type} metadata, but its _type is "${String(md.signed._type)}"`);
  }
  return md as T;
}

/**
 * The _type a sign-pending entry must hold, from the name it is filed under: "root" holds root
 * metadata, every other pending entry ("targets" or a delegated role) targets metadata. A file
 * that files one role's metadata under another's name is refused here, on import, so neither the
 * review nor a signature ever treats it as the role it claims to be.
 */
function pendingTypeOf(name: string): 'root' | 'targets' {
  return name === 'root' ? 'root' : 'targets';
}

/** Detects the kind of `json` and finds its pending roles. Throws INPUT_NOT_TUF / INPUT_UNKNOWN_KIND. */
export function readDocument(json: JsonValue): RstufDocument {
  if (!isObject(json)) throw new SignerError('INPUT_NOT_TUF', `expected a JSON object, found ${describeShape(json)}`);

  // GET /api/v1/metadata/sign: {"data": {"metadata": {role: Metadata, trusted_root?, trusted_targets?}}}
  if (isObject(json.data) && 'metadata' in json.data) {
    const metadata = json.data.metadata;
    if (!isObject(metadata)) throw new SignerError('INPUT_NOT_TUF', 'data.metadata of the sign-pending response is not an object');
    const doc: RstufDocument = { kind: 'sign-pending', json, pending: [] };
    for (const [name, value] of Object.entries(metadata)) {
      const md = requireMetadata(value, `data.metadata.${name}`);
      if (name === 'trusted_root') doc.trustedRoot = requireType<RootMetadata>(md, 'root', 'data.metadata.trusted_root');
      else if (name === 'trusted_targets') doc.trustedTargets = requireType<TargetsMetadata>(md, 'targets', 'data.metadata.trusted_targets');
      else if (md.signed._type === 'root' || md.signed._type === 'targets') doc.pending.push({ name, metadata: requireType(md, pendingTypeOf(name), `data.metadata.${name}`) });
      else throw new SignerError('METADATA_INVALID', `data.metadata.${name} is ${String(md.signed._type)} metadata, which offline keys never sign`);
    }
    if (doc.pending.length === 0) throw new SignerError('INPUT_NOT_TUF', 'the sign-pending response holds no metadata waiting for a signature');
    return doc;
  }
  if (isObject(json.data) && !('metadata' in json.data) && typeof json.message === 'string') {
    throw new SignerError('INPUT_NOT_TUF', `this RSTUF response holds no pending metadata (RSTUF said: "${json.message}")`);
  }
  if ('message' in json && !('data' in json) && typeof json.message === 'string' && Object.keys(json).length <= 2) {
    throw new SignerError('INPUT_NOT_TUF', `this RSTUF response holds no pending metadata (RSTUF said: "${json.message}")`);
  }

  // POST /api/v1/bootstrap/ and POST /api/v1/metadata/: {"settings"?, "metadata": {"root": Metadata}}
  if (isObject(json.metadata)) {
    const names = Object.keys(json.metadata);
    if (names.length !== 1 || names[0] !== 'root') {
      throw new SignerError('INPUT_UNKNOWN_KIND', `a bootstrap or update payload holds exactly {"metadata": {"root": ...}}, found metadata for ${names.map((n) => `"${n}"`).join(', ') || 'nothing'}`);
    }
    const root = requireType<RootMetadata>(requireMetadata(json.metadata.root, 'metadata.root'), 'root', 'metadata.root');
    const kind: DocumentKind = 'settings' in json ? 'bootstrap' : 'update';
    return { kind, json, pending: [{ name: 'root', metadata: root }] };
  }

  // POST/PUT /api/v1/delegations/: {"delegations": {"keys": {...}, "roles": [...]}}
  if (isObject(json.delegations)) {
    if (!isObject(json.delegations.keys) || !Array.isArray(json.delegations.roles)) {
      throw new SignerError('INPUT_NOT_TUF', 'a delegations payload needs "delegations.keys" (object) and "delegations.roles" (list)');
    }
    return { kind: 'delegations', json, pending: [] };
  }

  // POST /api/v1/metadata/sign: {"role": str, "signature": {"keyid", "sig"}}
  if (typeof json.role === 'string' && isObject(json.signature)) {
    const sig = json.signature;
    if (typeof sig.keyid !== 'string' || typeof sig.sig !== 'string') throw new SignerError('INPUT_NOT_TUF', 'a sign payload needs "signature.keyid" and "signature.sig" strings');
    return { kind: 'sign-payload', json, pending: [], signPayload: json as unknown as RstufSignPayload };
  }

  // Bare metadata: {"signed": {...}, "signatures": [...]}
  if ('signed' in json || 'signatures' in json) {
    const md = requireMetadata(json, 'the file');
    return { kind: 'metadata', json, pending: [{ name: String(md.signed._type), metadata: md }] };
  }

  throw new SignerError('INPUT_UNKNOWN_KIND', `not an RSTUF file or TUF metadata: found ${describeShape(json)}`);
}

export function signedOf<S extends TufSignedBase>(md: TufMetadata<S>): S {
  return md.signed;
}

/** Path of a pending role's metadata inside the document, for writing a signed copy. */
export function pendingPath(doc: RstufDocument, role: PendingRole): string[] {
  switch (doc.kind) {
    case 'sign-pending':
      return ['data', 'metadata', role.name];
    case 'bootstrap':
    case 'update':
      return ['metadata', 'root'];
    default:
      return [];
  }
}
