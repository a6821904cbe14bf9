// Writes that never leave half a file and never overwrite by accident: write a temp file beside
// the target, fsync it, then move it into place (link for no-clobber, rename when overwriting),
// and fsync the directory. On any failure the temp file is removed and the target is untouched.

import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { osReason, SignerError } from '../../../shared/errors.js';

export interface AtomicWriteOptions {
  /** Replace an existing file. Off by default: existing files are never silently overwritten. */
  overwrite?: boolean;
  /** File mode; private material uses 0o600. */
  mode?: number;
}

export function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const { overwrite = false, mode = 0o644 } = options;
  if (!overwrite && existsSync(target)) {
    throw new SignerError('OUTPUT_EXISTS', `${basename(target)} already exists; choose another name or pass --force to replace it`, { file: target });
  }
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (overwrite) {
      renameSync(temp, target);
    } else {
      moveNoClobber(temp, target);
    }
    fsyncDirectory(dir);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // the temp file was never created, or already moved
    }
    throw mapWriteError(error, target);
  }
}

function moveNoClobber(temp: string, target: string): void {
  try {
    // link() fails with EEXIST instead of replacing: no window where a racing file is clobbered.
    linkSync(temp, target);
    unlinkSync(temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // FAT/exFAT USB sticks have no hard links: fall back to check-then-rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      if (existsSync(target)) throw new SignerError('OUTPUT_EXISTS', `${basename(target)} already exists; choose another name or pass --force to replace it`, { file: target });
      renameSync(temp, target);
      return;
    }
    throw error;
  }
}

export function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open directories; the rename is still atomic there.
  }
}

/** A write failure in words: the file and its folder by name, the path in `file` (see SignerError). */
export function mapWriteError(error: unknown, target: string): SignerError {
  if (error instanceof SignerError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const folder = basename(dirname(target));
  const options = { cause: error, file: target };
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new SignerError('OUTPUT_DISK_FULL', `the disk holding the folder ${folder} is full; nothing was written. Free some space or choose another drive`, options);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new SignerError('OUTPUT_UNWRITABLE', `cannot write to the folder ${folder} (${osReason(error)}); nothing was written`, options);
    case 'ENOENT':
    case 'ENOTDIR':
      return new SignerError('OUTPUT_UNWRITABLE', `the folder ${folder} does not exist; nothing was written`, options);
    case 'EEXIST':
      return new SignerError('OUTPUT_EXISTS', `${basename(target)} already exists; choose another name or pass --force to replace it`, options);
    default:
      return new SignerError('OUTPUT_UNWRITABLE', `cannot write ${basename(target)} (${osReason(error)}); nothing was written`, options);
  }
}
