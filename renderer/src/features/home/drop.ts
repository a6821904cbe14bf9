// Reads a drag-and-drop into the bytes main needs: a dropped bundle folder (walked recursively) or
// one or more files. The renderer has no paths (sandboxed, and a browser has none either), so the
// bytes travel to main, which checks, stores and classifies them like a file opened by its dialog.
import type { DroppedFile } from '../../../../shared/ipc/schemas.js';

/** Same limits as shared/ipc/schemas.ts (MAX_DROP_FILES, MAX_DROP_BYTES); test/renderer checks they agree. */
export const DROP_LIMITS = { files: 256, bytes: 64 * 1024 * 1024 } as const;

export interface DropContent {
  folderName?: string;
  files: DroppedFile[];
}

export class DropError extends Error {}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

interface Collected {
  path: string;
  file: File;
}

const fileOf = (entry: FileSystemFileEntry): Promise<File> => new Promise((resolve, reject) => entry.file(resolve, reject));

async function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries per call; an empty batch means the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, prefix: string, out: Collected[]): Promise<void> {
  if (out.length > DROP_LIMITS.files) throw new DropError(`the dropped folder holds more than ${DROP_LIMITS.files} files; a bundle is much smaller`);
  if (entry.isFile) {
    out.push({ path: prefix + entry.name, file: await fileOf(entry as FileSystemFileEntry) });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries(entry as FileSystemDirectoryEntry)) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

async function encode(collected: Collected[]): Promise<DroppedFile[]> {
  const total = collected.reduce((n, c) => n + c.file.size, 0);
  if (total > DROP_LIMITS.bytes) throw new DropError(`the drop is ${Math.ceil(total / 1048576)} MB; the signer accepts at most ${DROP_LIMITS.bytes / 1048576} MB`);
  return Promise.all(collected.map(async (c) => ({ path: c.path, contentBase64: bytesToBase64(new Uint8Array(await c.file.arrayBuffer())) })));
}

export async function readDrop(data: DataTransfer): Promise<DropContent> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  const dir = entries.length === 1 && entries[0]?.isDirectory ? (entries[0] as FileSystemDirectoryEntry) : null;
  if (dir) {
    const collected: Collected[] = [];
    for (const child of await readAllEntries(dir)) await walk(child, '', collected);
    if (collected.length === 0) throw new DropError(`the dropped folder "${dir.name}" is empty`);
    return { folderName: dir.name, files: await encode(collected) };
  }
  if (entries.some((e) => e?.isDirectory)) throw new DropError('drop one bundle folder, or RSTUF files, not several folders');
  const files = Array.from(data.files);
  if (files.length === 0) throw new DropError('nothing was dropped that the signer can read (drop a bundle folder or an RSTUF JSON file)');
  return { files: await encode(files.map((file) => ({ path: file.name, file }))) };
}
