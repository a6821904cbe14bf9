// The app's words for a write that found its file already there. The atomic writer speaks CLI
// ("pass --force"); in the app the holder picks another name instead.

import { basename } from 'node:path';
import { SignerError } from '../../shared/errors.js';

export function friendlyWriteError(error: unknown, target: string): unknown {
  if (error instanceof SignerError && error.code === 'OUTPUT_EXISTS') {
    return new SignerError('OUTPUT_EXISTS', `${basename(target)} already exists there; choose another name or folder (nothing was overwritten)`, { cause: error, file: target });
  }
  return error;
}
