// Export: the workspace item (with every signature made here) written as a bundle folder into the
// folder the user chose in main's dialog. The exchange module writes it atomically (manifest last)
// and never over an existing folder; the manifest fingerprint is returned to be read aloud.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportResult } from '../../shared/ipc/schemas.js';
import { createBundle } from '../core/exchange/bundle.js';
import { shortFingerprint } from '../core/exchange/manifest.js';
import type { ProgressContext, WorkspaceEntry } from './workspace.js';

const MAX_NAME_TRIES = 100;

/** A bundle folder name under `folder` that does not exist yet: NAME, NAME-2, NAME-3, ... */
export function freeFolderName(folder: string, base: string): string {
  for (let i = 1; i <= MAX_NAME_TRIES; i += 1) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!existsSync(join(folder, name))) return name;
  }
  return `${base}-${Date.now()}`;
}

export function exportBaseName(entry: WorkspaceEntry): string {
  const stem = entry.displayName.replace(/\.json$/i, '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '') || 'rstuf';
  return entry.signatures.length > 0 ? `${stem}-signed` : `${stem}-bundle`;
}

export function exportEntry(entry: WorkspaceEntry, folder: string, now: Date, progress: ProgressContext): ExportResult {
  const name = freeFolderName(folder, exportBaseName(entry));
  progress.emit('signer:event.progress', { operationId: progress.operationId, task: 'export', phase: 'start', message: `Writing ${name}`, completed: 0, total: entry.files.length });
  const bundle = createBundle(
    // The document is the one in the workspace, made from exactly these bytes: not parsed again.
    entry.files.map((f) => ({ name: f.name, bytes: f.bytes, ...(f.name === entry.documentFileName ? { doc: entry.doc } : {}) })),
    join(folder, name),
    { now, ...(entry.manifestSource ? { source: entry.manifestSource } : {}) },
  );
  progress.emit('signer:event.progress', { operationId: progress.operationId, task: 'export', phase: 'done', message: `Wrote ${name}`, completed: entry.files.length, total: entry.files.length });
  return { destinationName: name, files: bundle.files.map((f) => f.name).concat('manifest.json'), manifestFingerprint: bundle.sha256, fingerprintShort: shortFingerprint(bundle.sha256) };
}
