// USB bundles: the plain-Node API the CLI and the desktop app use to move RSTUF files across the
// air gap. A bundle is a folder of RSTUF's own files plus manifest.json (see manifest.ts); any
// single RSTUF file is accepted too. Everything read is checked (hashes, kinds, consistency)
// before it is used, and every write goes through bundle-folder.ts (atomic, manifest last).

import { readRegularFile } from '../platform/read-file.js';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { osReason, SignerError } from '../../../shared/errors.js';
import type { JsonObject } from '../../../shared/json/strict-json.js';
import { delegatedRoleNameWarnings, type ReviewWarning } from '../../../shared/review/index.js';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../../../shared/tuf/documents.js';
import type { RstufSignPayload, TufSignature } from '../../../shared/tuf/types.js';
import { decodeUtf8, loadDocumentText, MAX_INPUT_BYTES, type LoadedDocument } from '../tuf/load-document.js';
import type { SignOutcome } from '../signers/sign-document.js';
import { roleStatus, type RoleStatus } from '../tuf/authorization.js';
import { isTemporaryBundleFolderName, leftoverPartialFolders, recoverInterruptedSwap, writeBundleFolder, type FolderFile } from './bundle-folder.js';
import {
  isSafeBundleFileName,
  MANIFEST_FORMAT,
  MANIFEST_FORMAT_VERSION,
  MANIFEST_NAME,
  parseManifest,
  SENT_RECORD_NAME,
  serializeManifest,
  sha256Hex,
  shortFingerprint,
  utcNow,
  type BundleManifest,
  type BundlePurpose,
  type ManifestFile,
  type ManifestSource,
} from './manifest.js';

export type { BundleManifest, BundlePurpose, ManifestFile, ManifestSource } from './manifest.js';

/** One file of a bundle, checked and parsed. */
export interface BundleFile extends ManifestFile {
  bytes: Uint8Array;
  doc: LoadedDocument;
}

/**
 * The name the audit log, the ceremony record and proofs give what was imported: the RSTUF API the
 * bundle was pulled from, else the file or folder name. One definition for the CLI and the app.
 */
export function exchangeName(bundle: Pick<ImportedBundle, 'manifest'> | undefined, fileName: string): string {
  return bundle?.manifest.source?.api ?? fileName;
}

export interface ImportedBundle {
  /** The folder or file it was read from (absolute). */
  path: string;
  isFolder: boolean;
  purpose: BundlePurpose;
  /** For a single file, a manifest made up on import (nothing is written). */
  manifest: BundleManifest;
  /** sha256 of manifest.json (of the file itself for a single file). */
  sha256: string;
  /** The same, as 4 groups of 4 hex digits to read aloud: "1a2b 3c4d 5e6f 7a8b". */
  fingerprint: string;
  /** The document offline keys act on: the pending or payload file (for signatures-only bundles, the first sign payload). */
  document: LoadedDocument;
  /** The file `document` was read from. */
  documentFile: BundleFile;
  files: BundleFile[];
  /** The sign payloads (POST /api/v1/metadata/sign bodies) in the bundle. */
  signPayloads: BundleFile[];
  /** Set when an interrupted update was undone while opening (the previous bundle was restored from this folder). */
  recoveredFrom?: string;
  /** ".NAME.partial-XXXX" / ".NAME.old-XXXX" folders beside a bundle folder: interrupted writes, never read, safe to delete. */
  leftovers: string[];
}

export interface CreateBundleMeta {
  source?: ManifestSource;
  now?: Date;
}

/** A file to put in a bundle: a path on disk, or a name and its bytes. */
/** A path, or a file's bytes; `doc`, when given, was parsed from exactly these bytes (not parsed again). */
export type BundleInput = string | { name: string; bytes: Uint8Array; doc?: LoadedDocument };

type ManifestInput = FolderFile & { doc?: LoadedDocument };

/** Default file names, as RSTUF's CLI names them where it has a default. */
export const DEFAULT_FILE_NAMES: Record<Exclude<DocumentKind, 'metadata'>, string> = {
  'sign-pending': 'metadata-sign.json',
  bootstrap: 'ceremony-payload.json',
  update: 'update-payload.json',
  delegations: 'delegations-new.json',
  'sign-payload': 'sign-payload.json',
};

// ---------------------------------------------------------------------------------------------
// Import

/**
 * Opens a bundle folder or any single RSTUF file (sign-pending response, ceremony, update or
 * delegations payload, sign payload, bare metadata), checking manifest hashes, kinds and
 * consistency. Throws SignerError BUNDLE_INCOMPLETE / BUNDLE_TAMPERED / BUNDLE_INVALID naming the file.
 */
export function importBundleOrFile(path: string): ImportedBundle {
  const abs = resolve(path);
  let recoveredFrom: string | undefined;
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    recoveredFrom = recoverInterruptedSwap(abs);
    if (!recoveredFrom) {
      const partial = leftoverPartialFolders(abs)[0];
      if (partial) {
        throw new SignerError('BUNDLE_INCOMPLETE', `${basename(abs)} was never completed: ${basename(partial)} is an interrupted write of it (never a bundle); write the bundle again, then delete ${basename(partial)}`);
      }
      throw new SignerError('INPUT_UNREADABLE', `cannot read ${basename(abs)}: no such file or folder`);
    }
    isDir = true;
  }
  const bundle = isDir ? { ...readBundleFolder(abs), leftovers: leftoverPartialFolders(abs, true) } : readSingleFile(abs);
  return recoveredFrom ? { ...bundle, recoveredFrom } : bundle;
}

function readSingleFile(abs: string): ImportedBundle {
  // A single file has no .partial siblings of its own: RSTUF files are written by other tools.
  const name = basename(abs);
  const bytes = readLimited(abs, name);
  const doc = parseDocument(bytes, name, name);
  const sha256 = sha256Hex(bytes);
  const entry: BundleFile = { name, size: bytes.length, sha256, kind: doc.kind, bytes, doc };
  const purpose = purposeOf([entry], name);
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    purpose,
    created: utcNow(statSync(abs).mtime),
    files: [{ name, size: entry.size, sha256, kind: entry.kind }],
  };
  return { path: abs, isFolder: false, purpose, manifest, sha256, fingerprint: shortFingerprint(sha256), leftovers: [], ...assemble([entry], purpose, name) };
}

function readBundleFolder(abs: string): Omit<ImportedBundle, 'leftovers'> {
  const label = basename(abs);
  if (isTemporaryBundleFolderName(label)) {
    throw new SignerError('BUNDLE_INCOMPLETE', `${label} is the temporary folder of an interrupted bundle write, never a complete bundle; use the bundle without ".partial"/".old" in its name, or export again`);
  }
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch (error) {
    throw new SignerError('INPUT_UNREADABLE', `cannot read the folder ${label}: ${osReason(error)}`, { cause: error, file: abs });
  }
  if (!entries.includes(MANIFEST_NAME)) {
    const jsonFiles = entries.filter((e) => e.endsWith('.json'));
    throw new SignerError(
      'BUNDLE_INCOMPLETE',
      jsonFiles.length > 0
        ? `${label} has no ${MANIFEST_NAME}, so it is not a complete bundle (an export may have been interrupted); export it again, or open one of its files on its own`
        : `${label} is not a bundle: it has no ${MANIFEST_NAME}`,
    );
  }
  // A link would make the signer read (and, for sent.json, carry back out on the stick) a file of
  // the laptop's choosing by the stick's choosing: every file of a bundle must be a plain file.
  for (const name of [MANIFEST_NAME, ...(entries.includes(SENT_RECORD_NAME) ? [SENT_RECORD_NAME] : [])]) requirePlainFile(abs, name, label);
  const manifestBytes = readLimited(resolve(abs, MANIFEST_NAME), `${label}/${MANIFEST_NAME}`, true);
  const manifest = parseManifest(manifestBytes, label);

  const listed = new Set(manifest.files.map((f) => f.name));
  // Dot files are what desktops leave on USB sticks (._*, .DS_Store); they are never read.
  const unexpected = entries.filter((e) => !listed.has(e) && e !== MANIFEST_NAME && e !== SENT_RECORD_NAME && !e.startsWith('.'));
  if (unexpected.length > 0) {
    throw new SignerError('BUNDLE_INVALID', `${label} holds ${unexpected.map((e) => `"${e}"`).join(', ')}, which its manifest does not list; a bundle holds only the files its manifest lists`);
  }

  const tampered: string[] = [];
  const files: BundleFile[] = [];
  for (const f of manifest.files) {
    if (!entries.includes(f.name)) {
      throw new SignerError('BUNDLE_INCOMPLETE', `${label}/${f.name} is listed in the manifest but missing; the bundle is incomplete (copy it again)`);
    }
    requirePlainFile(abs, f.name, label);
    const bytes = readLimited(resolve(abs, f.name), `${label}/${f.name}`, true);
    const sha256 = sha256Hex(bytes);
    // Say what differs: a manifest that lies only about a size would otherwise show two equal hashes.
    const differences = [
      ...(bytes.length !== f.size ? [`${bytes.length} bytes, the manifest says ${f.size}`] : []),
      ...(sha256 !== f.sha256 ? [`sha256 ${sha256.slice(0, 16)}…, the manifest says ${f.sha256.slice(0, 16)}…`] : []),
    ];
    if (differences.length > 0) {
      tampered.push(`${f.name} (${differences.join('; ')})`);
      continue;
    }
    const doc = parseDocument(bytes, f.name, `${label}/${f.name}`);
    if (doc.kind !== f.kind) {
      throw new SignerError('BUNDLE_INVALID', `${label}/${f.name} is ${DOCUMENT_KIND_LABELS[doc.kind]}, but the manifest says it is ${DOCUMENT_KIND_LABELS[f.kind]}`);
    }
    files.push({ ...f, bytes, doc });
  }
  if (tampered.length > 0) {
    throw new SignerError('BUNDLE_TAMPERED', `${label}: ${tampered.length === 1 ? 'a file was' : 'files were'} changed after the bundle was written: ${tampered.join('; ')}. Do not use this bundle; export it again from a copy you trust`);
  }
  const purpose = purposeOf(files, label);
  if (purpose !== manifest.purpose) {
    throw new SignerError('BUNDLE_INVALID', `${label}: the manifest says the bundle is for ${manifest.purpose}, but its files make it ${purpose}`);
  }
  const sha256 = sha256Hex(manifestBytes);
  return { path: abs, isFolder: true, purpose, manifest, sha256, fingerprint: shortFingerprint(sha256), ...assemble(files, purpose, label) };
}

function requirePlainFile(dir: string, name: string, label: string): void {
  if (!lstatSync(resolve(dir, name)).isFile()) {
    throw new SignerError('BUNDLE_INVALID', `${label}/${name} is not a plain file (a link or a folder); a bundle holds only plain files. Copy the bundle again from the online side`);
  }
}

/** O_NOFOLLOW where the platform has it: a file swapped for a link after the check is not followed. */
function readLimited(path: string, label: string, insideBundle = false): Uint8Array {
  // Inside a bundle a symbolic link is never followed (a planted link could pull a laptop file onto the stick).
  return readRegularFile(path, {
    label,
    maxBytes: MAX_INPUT_BYTES,
    noFollow: insideBundle,
    folderCode: 'BUNDLE_INVALID',
    tooLarge: () => `${label} is larger than the ${MAX_INPUT_BYTES / 1048576} MB limit for RSTUF files`,
  });
}

function parseDocument(bytes: Uint8Array, name: string, label: string): LoadedDocument {
  return loadDocumentText(decodeUtf8(bytes, label), label);
}

/** Warnings about a delegations payload's role names (RSTUF cannot serve capitals or "_" back). */
export function delegationsPayloadWarnings(file: Pick<BundleFile, 'kind' | 'doc'>): ReviewWarning[] {
  if (file.kind !== 'delegations') return [];
  const delegations = (file.doc.json as { delegations?: { roles?: unknown } }).delegations;
  const roles = Array.isArray(delegations?.roles) ? (delegations.roles as unknown[]) : [];
  return delegatedRoleNameWarnings(roles.map((r) => (typeof r === 'object' && r !== null ? (r as { name?: unknown }).name : undefined)));
}

// ---------------------------------------------------------------------------------------------
// Consistency: one exchange per bundle, and signatures that belong to it

const PURPOSE_BY_KIND: Record<DocumentKind, BundlePurpose> = {
  'sign-pending': 'sign-pending',
  bootstrap: 'bootstrap',
  update: 'update',
  delegations: 'delegations',
  'sign-payload': 'signatures',
  metadata: 'metadata',
};

/** What the files make the bundle for; mixed content is BUNDLE_INVALID saying what was found. */
export function purposeOf(files: Pick<ManifestFile, 'name' | 'kind'>[], label: string): BundlePurpose {
  if (files.length === 0) throw new SignerError('BUNDLE_INVALID', `${label} holds no RSTUF file`);
  const main = files.filter((f) => f.kind !== 'sign-payload');
  const payloads = files.filter((f) => f.kind === 'sign-payload');
  const found = (): string => files.map((f) => `${f.name} (${DOCUMENT_KIND_LABELS[f.kind]})`).join(', ');
  if (main.length === 0) return 'signatures';
  if (main.length > 1) {
    throw new SignerError('BUNDLE_INVALID', `${label} mixes several exchanges; a bundle carries one. Found: ${found()}`);
  }
  const only = main[0] as Pick<ManifestFile, 'name' | 'kind'>;
  if (payloads.length > 0 && only.kind !== 'sign-pending') {
    throw new SignerError('BUNDLE_INVALID', `${label} mixes signature payloads with ${DOCUMENT_KIND_LABELS[only.kind]}; signatures travel with the sign-pending response they sign. Found: ${found()}`);
  }
  return PURPOSE_BY_KIND[only.kind];
}

function assemble(files: BundleFile[], purpose: BundlePurpose, label: string): Pick<ImportedBundle, 'document' | 'documentFile' | 'files' | 'signPayloads'> {
  const signPayloads = files.filter((f) => f.kind === 'sign-payload');
  const documentFile = (purpose === 'signatures' ? signPayloads[0] : files.find((f) => f.kind !== 'sign-payload')) as BundleFile;
  const seen = new Map<string, string>();
  for (const p of signPayloads) {
    const payload = p.doc.signPayload as RstufSignPayload;
    const id = `${payload.role}\n${payload.signature.keyid}`;
    const twin = seen.get(id);
    if (twin) throw new SignerError('BUNDLE_INVALID', `${label}: ${p.name} and ${twin} both hold a signature by key ${payload.signature.keyid.slice(0, 8)} for ${payload.role}`);
    seen.set(id, p.name);
  }
  if (purpose === 'sign-pending') {
    for (const p of signPayloads) checkPayloadBelongs(documentFile.doc, p, label);
  }
  return { document: documentFile.doc, documentFile, files, signPayloads };
}

/** A sign payload in a sign-pending bundle must sign a pending role and be in its pending copy. */
function checkPayloadBelongs(doc: LoadedDocument, file: BundleFile, label: string): void {
  const payload = file.doc.signPayload as RstufSignPayload;
  const pending = doc.pending.find((p) => p.name === payload.role);
  if (!pending) {
    throw new SignerError('BUNDLE_INVALID', `${label}/${file.name} signs role "${payload.role}", which is not pending in this bundle (pending: ${doc.pending.map((p) => p.name).join(', ')})`);
  }
  const copy = (pending.metadata.signatures ?? []).find((s: TufSignature) => s.keyid === payload.signature.keyid);
  if (!copy || copy.sig !== payload.signature.sig) {
    throw new SignerError('BUNDLE_INVALID', `${label}/${file.name} holds a signature that the pending ${payload.role} metadata in the bundle does not; the bundle was edited by hand or mixed`);
  }
  const status = roleStatus(doc, pending);
  const check = status.signatures.find((s) => s.keyid === payload.signature.keyid);
  const acceptable = check?.state === 'valid' || (check?.state === 'unauthorized' && status.missingAuthorizer !== undefined);
  if (!acceptable) {
    throw new SignerError('BUNDLE_INVALID', `${label}/${file.name}: the signature by ${check?.name ?? payload.signature.keyid.slice(0, 8)} does not verify over ${payload.role} v${status.version} (${check?.reason ?? check?.state ?? 'unknown'})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Create

/**
 * Wraps RSTUF files into a new bundle folder `outDir` (which must not exist) and returns it
 * re-read from disk. The files are written unchanged; their kinds must make one exchange.
 */
export function createBundle(inputs: BundleInput[], outDir: string, meta: CreateBundleMeta = {}): ImportedBundle {
  const label = basename(resolve(outDir));
  const files = inputs.map((input): ManifestInput => {
    if (typeof input !== 'string') return input;
    return { name: basename(input), bytes: readLimited(resolve(input), basename(input)) };
  });
  const { manifest, parsed, purpose } = buildManifest(files, label, { created: utcNow(meta.now), ...(meta.source ? { source: meta.source } : {}) });
  const manifestBytes = serializeManifest(manifest);
  writeBundleFolder(outDir, files, manifestBytes, 'create');
  // Read back what the stick holds: the bytes parsed above, byte for byte, or the export fails.
  // (Parsing them again would prove nothing more, and takes seconds for a big role.)
  const abs = resolve(outDir);
  for (const f of [...parsed, { name: MANIFEST_NAME, sha256: sha256Hex(manifestBytes) }]) {
    const now = sha256Hex(readLimited(resolve(abs, f.name), `${label}/${f.name}`, true));
    if (now !== f.sha256) throw new SignerError('BUNDLE_TAMPERED', `${label}/${f.name} does not read back as written (sha256 ${now.slice(0, 16)}…, written ${f.sha256.slice(0, 16)}…); the disk or stick may be failing: export again to another one`);
  }
  const sha256 = sha256Hex(manifestBytes);
  return { path: abs, isFolder: true, purpose, manifest, sha256, fingerprint: shortFingerprint(sha256), leftovers: leftoverPartialFolders(abs, true), ...assemble(parsed, purpose, label) };
}

function buildManifest(files: ManifestInput[], label: string, base: Pick<BundleManifest, 'created' | 'updated' | 'source'>): { manifest: BundleManifest; parsed: BundleFile[]; purpose: BundlePurpose } {
  const seen = new Set<string>();
  const parsed = files.map((f): BundleFile => {
    if (!isSafeBundleFileName(f.name)) {
      throw new SignerError('BUNDLE_INVALID', `cannot put "${f.name}" in a bundle: file names must be plain *.json names (letters, digits, ".", "_", "-"), not ${MANIFEST_NAME} or ${SENT_RECORD_NAME}; rename it`);
    }
    if (seen.has(f.name.toLowerCase())) throw new SignerError('BUNDLE_INVALID', `two files are named ${f.name}; a bundle needs distinct names`);
    seen.add(f.name.toLowerCase());
    const doc = f.doc ?? parseDocument(f.bytes, f.name, f.name);
    return { name: f.name, size: f.bytes.length, sha256: sha256Hex(f.bytes), kind: doc.kind, bytes: f.bytes, doc };
  });
  const purpose = purposeOf(parsed, label);
  assemble(parsed, purpose, label);
  const manifest: BundleManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    purpose,
    created: base.created,
    ...(base.updated ? { updated: base.updated } : {}),
    ...(base.source ? { source: base.source } : {}),
    files: parsed.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256, kind: f.kind })),
  };
  return { manifest, parsed, purpose };
}

// ---------------------------------------------------------------------------------------------
// Add a signature

export interface AddSignatureOptions {
  /** Write the result as a new bundle here instead of updating the bundle in place. */
  outDir?: string;
  now?: Date;
}

/** File name of the sign payload for one signature: sign-payload-<role>-v<N>-<keyid8>.json. */
export function signPayloadFileName(role: string, version: number, keyid: string): string {
  const safeRole = role.replace(/[^A-Za-z0-9_-]/g, '_');
  return `sign-payload-${safeRole}-v${version}-${keyid.slice(0, 8)}.json`;
}

/** RSTUF's POST /api/v1/metadata/sign body, in the key order of RSTUF's CLI (sign.json). */
export function serializeSignPayload(payload: RstufSignPayload): Uint8Array {
  return jsonBytes({ signature: payload.signature, role: payload.role });
}

/**
 * JSON as the signer writes a document, with a final newline: laid out like `layoutOf` (the file it
 * came from) when that is compact, so a 24 MB API answer does not grow by half on the stick;
 * indented otherwise.
 */
export function jsonBytes(value: unknown, layoutOf?: Uint8Array): Buffer {
  return Buffer.from(`${layoutOf !== undefined && isCompactJson(layoutOf) ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`, 'utf8');
}

/** No line break before the last byte: JSON written on one line (RSTUF's API answers are). */
function isCompactJson(bytes: Uint8Array): boolean {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  return Buffer.from(bytes.buffer, bytes.byteOffset, end).indexOf(0x0a) === -1;
}

/**
 * Adds a signature made with signDocument over `target`'s document. For a sign-pending bundle it
 * adds one sign payload file and the signature to the pending copy (so threshold progress shows);
 * for ceremony/update payloads and bare metadata the document itself accumulates signatures.
 * Updates the bundle folder in place atomically, or writes a new bundle to `outDir` (required when
 * `target` is a single file). A second signature by the same key is refused (KEY_ALREADY_SIGNED).
 */
export function addSignature(target: string | ImportedBundle, outcome: SignOutcome, options: AddSignatureOptions = {}): ImportedBundle {
  const bundle = importBundleOrFile(typeof target === 'string' ? target : target.path);
  const label = basename(bundle.path);
  if (typeof target !== 'string' && target.sha256 !== bundle.sha256) {
    throw new SignerError('BUNDLE_INVALID', `${label} changed since it was opened (fingerprint ${target.fingerprint}, now ${bundle.fingerprint}); open it again and sign again`);
  }
  if (!bundle.isFolder && options.outDir === undefined) {
    throw new SignerError('BUNDLE_INVALID', `${label} is a single file, not a bundle folder; give a folder to write the signed bundle to (--out DIR)`);
  }
  if (bundle.purpose === 'signatures' || bundle.purpose === 'delegations') {
    throw new SignerError('BUNDLE_INVALID', `${label} holds ${bundle.purpose === 'signatures' ? 'signature payloads' : 'a delegations payload'}; there is nothing in it to sign`);
  }
  const pending = bundle.document.pending.find((p) => p.name === outcome.role);
  if (!pending) throw new SignerError('BUNDLE_INVALID', `${label} has no pending role "${outcome.role}" to add this signature to`);
  const existing = (pending.metadata.signatures ?? []).find((s) => s.keyid === outcome.keyid);
  const payloadName = signPayloadFileName(outcome.role, outcome.version, outcome.keyid);
  if (bundle.files.some((f) => f.name === payloadName) || (existing && isValidIn(bundle.document, outcome.role, outcome.keyid))) {
    throw new SignerError('KEY_ALREADY_SIGNED', `${outcome.keyName} has already signed ${outcome.role} v${outcome.version} in ${label}; the existing signature is kept and nothing was changed`);
  }

  const mainName = bundle.documentFile.name;
  const files: FolderFile[] = bundle.files.map((f) => ({ name: f.name, bytes: f.name === mainName ? jsonBytes(outcome.signedDocument as JsonObject, f.bytes) : f.bytes }));
  if (bundle.purpose === 'sign-pending') files.push({ name: payloadName, bytes: serializeSignPayload(outcome.signPayload) });

  const now = utcNow(options.now);
  const { manifest } = buildManifest(files, label, {
    created: bundle.isFolder ? bundle.manifest.created : now,
    updated: now,
    ...(bundle.manifest.source ? { source: bundle.manifest.source } : {}),
  });
  // The new document must carry exactly this signature, checked before anything is written.
  const check = importCheckSignature(files.find((f) => f.name === mainName) as FolderFile, outcome);
  if (!check) throw new SignerError('SIGNATURE_INVALID', `the signature by ${outcome.keyName} does not verify over ${outcome.role} v${outcome.version} of ${label}; nothing was written`);

  const dest = options.outDir ?? bundle.path;
  const inPlace = options.outDir === undefined;
  // In place, the courier's record of what RSTUF already accepted stays with the bundle.
  const sentRecord = inPlace ? readSentRecord(bundle.path) : undefined;
  writeBundleFolder(dest, files, serializeManifest(manifest), inPlace ? 'replace' : 'create', sentRecord ? [{ name: SENT_RECORD_NAME, bytes: sentRecord }] : [], inPlace ? bundle.sha256 : undefined);
  return importBundleOrFile(dest);
}

/** The courier's record, checked as a plain file when the bundle was opened; never followed through a link. */
function readSentRecord(bundlePath: string): Uint8Array | undefined {
  const path = resolve(bundlePath, SENT_RECORD_NAME);
  try {
    lstatSync(path);
  } catch {
    return undefined;
  }
  return readLimited(path, `${basename(bundlePath)}/${SENT_RECORD_NAME}`, true);
}

function isValidIn(doc: LoadedDocument, role: string, keyid: string): boolean {
  const pending = doc.pending.find((p) => p.name === role);
  if (!pending) return false;
  const status = roleStatus(doc, pending);
  return status.signatures.some((s) => s.keyid === keyid && (s.state === 'valid' || (s.state === 'unauthorized' && status.missingAuthorizer !== undefined)));
}

function importCheckSignature(main: FolderFile, outcome: SignOutcome): boolean {
  const doc = parseDocument(main.bytes, main.name, main.name);
  const pending = doc.pending.find((p) => p.name === outcome.role);
  const sig = pending?.metadata.signatures.find((s) => s.keyid === outcome.keyid);
  return sig?.sig === outcome.signature.sig && isValidIn(doc, outcome.role, outcome.keyid);
}

/**
 * A folder name that says what a bundle is for, e.g. "rstuf-bundle-2026-11-25T1200Z-root-v2"
 * (what the app proposes when exporting; the CLI takes the name given with --out).
 */
export function suggestBundleName(bundle: Pick<ImportedBundle, 'purpose' | 'document'>, now = new Date()): string {
  const stamp = utcNow(now).replace(/:\d{2}Z$/, 'Z').replace(/[-:]/g, (c) => (c === ':' ? '' : '-'));
  const roles = bundle.document.pending.map((p) => `${p.name.replace(/[^A-Za-z0-9_-]/g, '_')}-v${p.metadata.signed.version}`);
  return ['rstuf-bundle', stamp, ...(roles.length > 0 ? roles : [bundle.purpose])].join('-');
}

// ---------------------------------------------------------------------------------------------
// Verify

export interface BundleReport {
  bundle: ImportedBundle;
  /** Signature status of every pending role (threshold progress; not a bundle error when unmet). */
  roles: RoleStatus[];
}

/**
 * Checks a bundle folder (or single file) completely: hashes, kinds, one exchange, signatures
 * belonging to it. Throws on any problem; returns the signature status of its pending roles.
 */
export function verifyBundle(path: string): BundleReport {
  const bundle = importBundleOrFile(path);
  return { bundle, roles: bundle.document.pending.map((p) => roleStatus(bundle.document, p)) };
}
