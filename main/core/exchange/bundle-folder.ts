// Atomic folder writes for bundles on USB sticks.
//
// A bundle is built in a sibling folder ".NAME.partial-XXXX": every file written and fsynced,
// manifest.json LAST, then the folder is renamed into place. Updating a bundle builds the new
// version the same way and swaps it in with two renames (old -> ".NAME.old-XXXX", new -> NAME).
// A kill at any moment therefore leaves NAME either absent, the old complete bundle or the new
// complete one; ".partial" folders are never accepted as bundles, and an interrupted swap (NAME
// missing, ".NAME.old-XXXX" present) is undone by recoverInterruptedSwap before the next use.

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import { fsyncDirectory, mapWriteError } from '../platform/atomic-file.js';
import { MANIFEST_NAME } from './manifest.js';

export interface FolderFile {
  name: string;
  bytes: Uint8Array;
}

export const PARTIAL_MARK = '.partial-';
export const OLD_MARK = '.old-';

/** True for the temporary folders of an unfinished or interrupted bundle write. */
export function isTemporaryBundleFolderName(name: string): boolean {
  return name.startsWith('.') && (name.includes(PARTIAL_MARK) || name.includes(OLD_MARK));
}

/**
 * Writes `files` then `manifest` as the folder `target`.
 * mode "create": `target` must not exist. mode "replace": `target` is an existing bundle swapped out.
 * `extras` are written too but are not bundle content (they are not in the manifest).
 */
export function writeBundleFolder(
  target: string,
  files: FolderFile[],
  manifest: Uint8Array,
  mode: 'create' | 'replace',
  extras: FolderFile[] = [],
  /** For "replace": the sha256 of the manifest the update was built from; another writer's change in between aborts it. */
  expectedManifestSha256?: string,
): void {
  const absTarget = resolve(target);
  const parent = dirname(absTarget);
  const base = basename(absTarget);
  if (mode === 'create' && existsSync(absTarget)) {
    throw new SignerError('OUTPUT_EXISTS', `${basename(target)} already exists; choose another folder name (bundles are never overwritten)`, { file: target });
  }
  const partial = join(parent, `.${base}${PARTIAL_MARK}${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(partial);
  } catch (error) {
    throw mapWriteError(error, absTarget);
  }
  try {
    for (const file of files) {
      writeSyncedFile(join(partial, file.name), file.bytes);
      testPause('file');
    }
    // Files kept beside the content but not part of it (the courier's sent.json).
    for (const file of extras) writeSyncedFile(join(partial, file.name), file.bytes);
    writeSyncedFile(join(partial, MANIFEST_NAME), manifest);
    fsyncDirectory(partial);
    if (mode === 'create') {
      // rename() would replace an empty folder of the same name; check again right before it.
      if (existsSync(absTarget)) throw new SignerError('OUTPUT_EXISTS', `${basename(target)} already exists; choose another folder name (bundles are never overwritten)`, { file: target });
      renameSync(partial, absTarget);
    } else {
      if (expectedManifestSha256 !== undefined && currentManifestSha256(absTarget) !== expectedManifestSha256) {
        throw new SignerError('BUNDLE_INVALID', `${basename(target)} was changed by someone else while this signature was being added; nothing was written. Open it again and sign again`, { file: target });
      }
      const old = join(parent, `.${base}${OLD_MARK}${randomBytes(4).toString('hex')}`);
      renameSync(absTarget, old);
      testPause('swap');
      try {
        renameSync(partial, absTarget);
      } catch (error) {
        renameSync(old, absTarget);
        throw error;
      }
      fsyncDirectory(parent);
      rmSync(old, { recursive: true, force: true });
    }
    fsyncDirectory(parent);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw mapWriteError(error, absTarget);
  }
}

function currentManifestSha256(dir: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(join(dir, MANIFEST_NAME))).digest('hex');
  } catch {
    return undefined;
  }
}

function writeSyncedFile(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The ".NAME.partial-XXXX" folders beside `target` (writes of it that were interrupted: a kill, a
 * pulled stick), and, with `includeOld`, ".NAME.old-XXXX" (a previous version whose clean-up was cut
 * short). They are never read; they are reported so the holder knows they can go.
 */
export function leftoverPartialFolders(target: string, includeOld = false): string[] {
  const absTarget = resolve(target);
  const parent = dirname(absTarget);
  const base = basename(absTarget);
  const marks = includeOld ? [PARTIAL_MARK, OLD_MARK] : [PARTIAL_MARK];
  const isLeftover = (n: string): boolean => marks.some((m) => n.startsWith(`.${base}${m}`) && /^[0-9a-f]{8}$/.test(n.slice(base.length + 1 + m.length)));
  try {
    return readdirSync(parent)
      .filter(isLeftover)
      .sort()
      .map((n) => join(parent, n));
  } catch {
    return [];
  }
}

/**
 * If an update of `target` was killed between its two renames, `target` is missing and the old
 * complete bundle sits in ".NAME.old-XXXX": put it back. Returns the folder restored from, if any.
 */
export function recoverInterruptedSwap(target: string): string | undefined {
  const absTarget = resolve(target);
  if (existsSync(absTarget)) return undefined;
  const parent = dirname(absTarget);
  const prefix = `.${basename(absTarget)}${OLD_MARK}`;
  let candidates: string[];
  try {
    // Only real folders: a link planted under this name would make a folder elsewhere the bundle.
    candidates = readdirSync(parent).filter((n) => n.startsWith(prefix) && lstatSync(join(parent, n)).isDirectory() && existsSync(join(parent, n, MANIFEST_NAME)));
  } catch {
    return undefined;
  }
  if (candidates.length === 0) return undefined;
  const newest = candidates.map((n) => join(parent, n)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] as string;
  renameSync(newest, absTarget);
  fsyncDirectory(parent);
  return newest;
}

/**
 * Test hook: RSTUF_SIGNER_TEST_EXPORT_PAUSE="<file|swap>:<marker path>" makes the writer create
 * the marker and block at that stage, so tests can SIGKILL it mid-export.
 */
function testPause(stage: 'file' | 'swap'): void {
  const hook = process.env.RSTUF_SIGNER_TEST_EXPORT_PAUSE;
  if (!hook) return;
  const sep = hook.indexOf(':');
  if (hook.slice(0, sep) !== stage) return;
  writeFileSync(hook.slice(sep + 1), String(process.pid));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}
