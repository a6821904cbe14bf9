// manifest.json of a USB bundle: what the bundle is for, where it came from, and the size and
// sha256 of every file in it. The manifest is written last, so a folder without a valid one is an
// interrupted write, never a bundle. Its own sha256, shown short, is what two people read aloud
// across the air gap to know they hold the same bundle.

import { createHash } from 'node:crypto';
import { SignerError } from '../../../shared/errors.js';
import { JsonInputError, parseStrictJson, type JsonObject, type JsonValue } from '../../../shared/json/strict-json.js';
import type { DocumentKind } from '../../../shared/tuf/documents.js';

export const MANIFEST_NAME = 'manifest.json';
/** The courier's record of what RSTUF accepted (main/courier/sent-record.ts); not bundle content. */
export const SENT_RECORD_NAME = 'sent.json';
export const MANIFEST_FORMAT = 'rstuf-signer-bundle';
export const MANIFEST_FORMAT_VERSION = 1;

/** What the bundle carries; one exchange per bundle. */
export type BundlePurpose = 'sign-pending' | 'bootstrap' | 'update' | 'delegations' | 'signatures' | 'metadata';
export const BUNDLE_PURPOSES: readonly BundlePurpose[] = ['sign-pending', 'bootstrap', 'update', 'delegations', 'signatures', 'metadata'];

export const PURPOSE_LABELS: Record<BundlePurpose, string> = {
  'sign-pending': 'metadata pending signature (from GET /api/v1/metadata/sign) and the signatures added to it',
  bootstrap: 'a bootstrap (ceremony) payload for POST /api/v1/bootstrap/',
  update: 'a root metadata update payload for POST /api/v1/metadata/',
  delegations: 'a custom delegations payload for POST /api/v1/delegations/',
  signatures: 'signature payloads for POST /api/v1/metadata/sign',
  metadata: 'TUF metadata',
};

export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
  kind: DocumentKind;
}

export interface ManifestSource {
  /** The RSTUF API base URL the content was pulled from. */
  api: string;
  /** The GET /api/v1/bootstrap/ answer at pull time ({"bootstrap", "state", "id"}). */
  bootstrap?: JsonObject;
}

export interface BundleManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  purpose: BundlePurpose;
  /** When the bundle was first written (UTC, seconds). */
  created: string;
  /** When a signature was last added, if ever. */
  updated?: string;
  source?: ManifestSource;
  files: ManifestFile[];
}

const KINDS: readonly DocumentKind[] = ['sign-pending', 'bootstrap', 'update', 'delegations', 'sign-payload', 'metadata'];
/** Plain file names only: a manifest must never point outside its folder. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json$/;

export function isSafeBundleFileName(name: string): boolean {
  return SAFE_NAME.test(name) && name !== MANIFEST_NAME && name !== SENT_RECORD_NAME && !name.includes('..');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** "1a2b 3c4d 5e6f 7a8b": the first 64 bits of a sha256, easy to read aloud and compare. */
export function shortFingerprint(sha256: string): string {
  return (sha256.slice(0, 16).match(/.{4}/g) ?? []).join(' ');
}

export function utcNow(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The bytes written as manifest.json (stable key order, trailing newline). */
export function serializeManifest(manifest: BundleManifest): Uint8Array {
  const ordered: BundleManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: manifest.formatVersion,
    purpose: manifest.purpose,
    created: manifest.created,
    ...(manifest.updated ? { updated: manifest.updated } : {}),
    ...(manifest.source ? { source: manifest.source } : {}),
    files: manifest.files.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256, kind: f.kind })),
  };
  return Buffer.from(`${JSON.stringify(ordered, null, 2)}\n`, 'utf8');
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks manifest.json; every problem is BUNDLE_INVALID naming the field. */
export function parseManifest(bytes: Uint8Array, bundleName: string): BundleManifest {
  const bad = (why: string): SignerError => new SignerError('BUNDLE_INVALID', `${bundleName}/${MANIFEST_NAME}: ${why}`);
  let json: JsonValue;
  try {
    json = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes), { maxLength: 4 * 1024 * 1024 });
  } catch (error) {
    if (error instanceof JsonInputError) throw bad(`not valid JSON (${error.message})`);
    throw bad('not UTF-8 text');
  }
  if (!isObject(json)) throw bad('not a JSON object');
  if (json.format !== MANIFEST_FORMAT) throw bad(`not an rstuf-signer bundle manifest ("format" is ${JSON.stringify(json.format ?? null)})`);
  if (typeof json.formatVersion !== 'number' || !Number.isInteger(json.formatVersion)) throw bad('"formatVersion" must be an integer');
  if (json.formatVersion > MANIFEST_FORMAT_VERSION) throw bad(`bundle format version ${json.formatVersion} was written by a newer rstuf-signer; update this one`);
  if (json.formatVersion < 1) throw bad(`unknown bundle format version ${json.formatVersion}`);
  if (typeof json.purpose !== 'string' || !BUNDLE_PURPOSES.includes(json.purpose as BundlePurpose)) throw bad(`unknown purpose ${JSON.stringify(json.purpose ?? null)}`);
  if (typeof json.created !== 'string') throw bad('"created" must be a date string');
  if (json.updated !== undefined && typeof json.updated !== 'string') throw bad('"updated" must be a date string');
  let source: ManifestSource | undefined;
  if (json.source !== undefined) {
    if (!isObject(json.source) || typeof json.source.api !== 'string') throw bad('"source" must be {"api": URL, ...}');
    if (json.source.bootstrap !== undefined && !isObject(json.source.bootstrap)) throw bad('"source.bootstrap" must be an object');
    source = { api: json.source.api, ...(isObject(json.source.bootstrap) ? { bootstrap: json.source.bootstrap } : {}) };
  }
  if (!Array.isArray(json.files) || json.files.length === 0) throw bad('"files" must list at least one file');
  const seen = new Set<string>();
  const files = json.files.map((f, i): ManifestFile => {
    if (!isObject(f)) throw bad(`files[${i}] is not an object`);
    const { name, size, sha256, kind } = f;
    if (typeof name !== 'string' || !isSafeBundleFileName(name)) throw bad(`files[${i}] has an unsafe or missing name ${JSON.stringify(name ?? null)} (plain *.json names only)`);
    if (seen.has(name.toLowerCase())) throw bad(`${name} is listed twice`);
    seen.add(name.toLowerCase());
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw bad(`${name} has no valid "size"`);
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw bad(`${name} has no valid "sha256"`);
    if (typeof kind !== 'string' || !KINDS.includes(kind as DocumentKind)) throw bad(`${name} has an unknown kind ${JSON.stringify(kind ?? null)}`);
    return { name, size, sha256, kind: kind as DocumentKind };
  });
  return {
    format: MANIFEST_FORMAT,
    formatVersion: json.formatVersion,
    purpose: json.purpose as BundlePurpose,
    created: json.created,
    ...(typeof json.updated === 'string' ? { updated: json.updated } : {}),
    ...(source ? { source } : {}),
    files,
  };
}
