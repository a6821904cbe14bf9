// Errors cross to the renderer with file and folder names, never paths (a compromised page would
// learn the user name and the disk's layout).

import { basename, dirname, sep } from 'node:path';
import { SignerError } from '../../shared/errors.js';

/**
 * The renderer gets file and folder names, never paths: a message naming `path` (or its folder) is
 * rewritten to name the file alone, and the folder by its own name.
 */
export function withoutPath(error: unknown, path: string): unknown {
  if (!(error instanceof SignerError)) return error;
  let message = error.message;
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    message = message.split(`${dir}${sep}`).join('').split(dir).join(basename(dir));
  }
  return message === error.message ? error : new SignerError(error.code, message, { cause: error });
}

/** Runs `work`; an error it throws names files, not paths (see withoutPath). */
export function hidingPath<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw withoutPath(error, path);
  }
}

/** The atomic writer speaks CLI ("--force"); in the app the user picks another name instead. */
export function friendlyWriteError(error: unknown, target: string): unknown {
  if (error instanceof SignerError && error.code === 'OUTPUT_EXISTS') {
    return new SignerError('OUTPUT_EXISTS', `${basename(target)} already exists there; choose another name or folder (nothing was overwritten)`, { cause: error });
  }
  return error;
}
