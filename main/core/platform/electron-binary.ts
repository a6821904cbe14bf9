// The Electron binary's path, or undefined, WITHOUT require('electron'): since Electron 3x that call
// DOWNLOADS the binary when it is missing, i.e. a network request from an air-gapped tool. This
// reads the same path.txt the electron package writes, and never downloads.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const full = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron') : executable ? join(dir, 'dist', executable) : undefined;
  return full && existsSync(full) ? full : undefined;
}
