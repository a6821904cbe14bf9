// The documents the user imported, held in main under opaque ids. The renderer gets an id and a
// display name; the path, the bytes and every signed revision stay here. Items live for the
// session (memory); the audit log is what persists.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SignerError } from '../../shared/errors.js';
import type { DroppedFile, WorkspaceItem } from '../../shared/ipc/schemas.js';
import { MAX_DROP_BYTES } from '../../shared/ipc/schemas.js';
import { DOCUMENT_KIND_LABELS } from '../../shared/tuf/documents.js';
import type { RstufSignPayload, TufMetadata } from '../../shared/tuf/types.js';
import { decodeUtf8, loadDocumentText, type LoadedDocument } from '../core/tuf/load-document.js';
import type { ManifestSource } from '../core/exchange/manifest.js';
import { shortFingerprint } from '../core/exchange/manifest.js';
import type { EventSink } from './events.js';
import { mintId } from './ids.js';

export interface SignedPayload {
  role: string;
  version: number;
  keyid: string;
  payload: RstufSignPayload;
}

export interface WorkspaceEntry {
  id: string;
  /** Every file of the item as it would be exported now (the document, sign payloads, ...). */
  files: { name: string; bytes: Uint8Array }[];
  /** Where the bundle came from, carried into exported manifests. */
  manifestSource?: ManifestSource;
  displayName: string;
  source: 'file' | 'bundle';
  /** The file name the document came in (used again on export). */
  documentFileName: string;
  /** The document as it is now (with every signature made here added). */
  doc: LoadedDocument;
  fingerprint: string;
  manifestFingerprint: string | null;
  repository: string;
  importedAt: string;
  signatures: SignedPayload[];
  /** Current versions of pending delegated roles the holder brought to compare with (checked), by role. */
  previous?: Record<string, { metadata: TufMetadata; source: string }>;
}

export interface ProgressContext {
  operationId: string | null;
  emit: EventSink;
}

export function parseDocumentBytes(bytes: Uint8Array, name: string): LoadedDocument {
  return loadDocumentText(decodeUtf8(bytes, name), name);
}

export class Workspace {
  private readonly items = new Map<string, WorkspaceEntry>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  add(entry: Omit<WorkspaceEntry, 'id' | 'importedAt' | 'signatures'>): WorkspaceEntry {
    const full: WorkspaceEntry = { ...entry, id: mintId('item'), importedAt: this.now().toISOString(), signatures: [] };
    this.items.set(full.id, full);
    return full;
  }

  get(id: string): WorkspaceEntry {
    const entry = this.items.get(id);
    if (!entry) throw new SignerError('INPUT_UNREADABLE', 'this item is no longer open (it was removed or the app restarted); import it again');
    return entry;
  }

  list(): WorkspaceEntry[] {
    return [...this.items.values()];
  }

  remove(id: string): void {
    this.get(id);
    this.items.delete(id);
  }
}

export function describeItem(e: WorkspaceEntry): WorkspaceItem {
  return {
    id: e.id,
    displayName: e.displayName,
    source: e.source,
    kind: e.doc.kind,
    kindLabel: DOCUMENT_KIND_LABELS[e.doc.kind],
    roles: e.doc.pending.map((p) => ({ role: p.name, type: String(p.metadata.signed._type), version: p.metadata.signed.version, expires: String(p.metadata.signed.expires) })),
    fingerprint: e.fingerprint,
    manifestFingerprint: e.manifestFingerprint,
    fingerprintShort: shortFingerprint(e.fingerprint),
    importedAt: e.importedAt,
    signaturesAdded: e.signatures.length,
  };
}

/**
 * Writes dropped files under `dir` (a fresh folder main created) after checking their total size;
 * paths were already checked by the schema (relative, no "..", no control characters).
 */
export function materializeDrop(dir: string, files: DroppedFile[]): { paths: string[]; bytes: number } {
  let total = 0;
  const decoded = files.map((f) => {
    const bytes = Buffer.from(f.contentBase64, 'base64');
    total += bytes.length;
    if (total > MAX_DROP_BYTES) throw new SignerError('INPUT_TOO_LARGE', `the dropped files are larger than the ${MAX_DROP_BYTES / 1048576} MB limit for RSTUF files and bundles`);
    return { path: f.path, bytes };
  });
  const seen = new Set<string>();
  const written: string[] = [];
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const f of decoded) {
    if (seen.has(f.path)) throw new SignerError('BUNDLE_INVALID', `the dropped folder lists ${f.path} twice`);
    seen.add(f.path);
    const target = join(dir, ...f.path.split('/'));
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(target, f.bytes, { flag: 'wx', mode: 0o600 });
    written.push(target);
  }
  return { paths: written, bytes: total };
}
