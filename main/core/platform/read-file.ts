// The one way main reads a file someone chose (an RSTUF file, a bundle member, a key file): opened
// without blocking, so a named pipe cannot freeze the process until something writes to it; only a
// regular file is read, and only up to a size limit checked before reading.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { osReason, SignerError, type SignerErrorCode } from '../../../shared/errors.js';

export interface ReadFileOptions {
  /** How messages name the file (its name, or "bundle/file.json"): never a full path for the app. */
  label: string;
  maxBytes: number;
  /** The sentence for a file over maxBytes. */
  tooLarge: (size: number) => string;
  /** Refuse a symbolic link as the last path component (files inside a bundle folder). */
  noFollow?: boolean;
  /** The code for "a folder, not a file" (INPUT_UNREADABLE unless the caller knows better). */
  folderCode?: SignerErrorCode;
  /** The code for unreadable files (INPUT_UNREADABLE by default; KEY_UNREADABLE for key files). */
  unreadableCode?: SignerErrorCode;
  /** The code for a file over maxBytes (INPUT_TOO_LARGE by default). */
  tooLargeCode?: SignerErrorCode;
  /** Sees the open file's stats before it is read (e.g. to warn about its mode). */
  inspect?: (stats: Stats) => void;
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const NON_BLOCK = constants.O_NONBLOCK ?? 0;

export function readRegularFile(path: string, options: ReadFileOptions): Buffer {
  const unreadable = options.unreadableCode ?? 'INPUT_UNREADABLE';
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | NON_BLOCK | (options.noFollow ? NO_FOLLOW : 0));
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new SignerError(options.folderCode ?? unreadable, `${options.label} is a folder, not a file`, { file: path });
    if (!st.isFile()) throw new SignerError(unreadable, `${options.label} is not a regular file (a named pipe, a device or a socket); nothing was read from it`, { file: path });
    if (st.size > options.maxBytes) throw new SignerError(options.tooLargeCode ?? 'INPUT_TOO_LARGE', options.tooLarge(st.size), { file: path });
    options.inspect?.(st);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch (error) {
    if (error instanceof SignerError) throw error;
    throw new SignerError(unreadable, `cannot read ${options.label}: ${osReason(error)}`, { cause: error, file: path });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
