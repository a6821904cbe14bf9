// The one data folder the CLI and the desktop app share: the trust store, the audit log, the key
// list and the shells' own files. This module alone knows where it is and how it is laid out;
// main/core/trust, main/services, the CLI and both shells all ask here.
//
//   $RSTUF_SIGNER_HOME, else $XDG_DATA_HOME/rstuf-offline-signer, else ~/.local/share/rstuf-offline-signer
//
// The app's --data-dir (and Electron's RSTUF_SIGNER_DATA_DIR) overrides it for the app. The folder
// is private to its user (0700): an existing one that is wider is narrowed when it is used.

import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { osReason, SignerError } from '../../../shared/errors.js';

export const DATA_DIR_NAME = 'rstuf-offline-signer';
export const SETTINGS_FILE = 'settings.json';

export interface AppPaths {
  dataDir: string;
  /** Append-only JSON lines with a sha256 hash chain (main/services/audit-log.ts). */
  auditLog: string;
  /** Public keys known to the app (for ceremonies). */
  keyring: string;
  /** PKCS#11 modules the holder chose in the app (main/services/token-modules.ts). */
  tokenModules: string;
  /** The trust store folder (main/core/trust): pinned root and roots verified from it. */
  trust: string;
  /** The repository chosen for reviews, shared by the app and the CLI (main/core/trust/repository-choice.ts). */
  settings: string;
  /** Proofs of possession: imported ones by ceremony, and the ones this laptop made (main/services/proofs.ts). */
  proofs: string;
  /** Copies of dropped files, one folder per import (the renderer never sees these paths). */
  dropped: string;
  /** The browser shell's Chromium profile and the launch page that hands Chromium its address. */
  chromiumProfile: string;
  launchPage: string;
  /** Electron's own userData (Chromium's profile files), kept apart from the signer's files. */
  electronProfile: string;
}

/** $RSTUF_SIGNER_HOME, else $XDG_DATA_HOME/rstuf-offline-signer, else ~/.local/share/rstuf-offline-signer. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env.RSTUF_SIGNER_HOME) return resolve(env.RSTUF_SIGNER_HOME);
  if (env.XDG_DATA_HOME) return resolve(env.XDG_DATA_HOME, DATA_DIR_NAME);
  return resolve(home, '.local', 'share', DATA_DIR_NAME);
}

/**
 * The data folder's layout. Creates the folder (0700) unless `create` is false; a folder that
 * already exists is narrowed to 0700 when it is open to others.
 */
export function appPaths(dataDir: string, options: { create?: boolean } = {}): AppPaths {
  const dir = resolve(dataDir);
  if (options.create !== false) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file is in the way' : osReason(error);
      // Said on the terminal at start, before any page exists: the path is what the user must fix.
      throw new SignerError('OUTPUT_UNWRITABLE', `cannot create the data folder ${dir} (${why}); choose a folder you can write with RSTUF_SIGNER_HOME (the app: --data-dir)`, { cause: error, file: dir });
    }
  }
  restrictToUser(dir);
  return {
    dataDir: dir,
    auditLog: join(dir, 'audit-log.jsonl'),
    keyring: join(dir, 'keyring.json'),
    tokenModules: join(dir, 'pkcs11-modules.json'),
    trust: join(dir, 'trust'),
    settings: join(dir, SETTINGS_FILE),
    proofs: join(dir, 'proofs'),
    dropped: join(dir, 'dropped'),
    chromiumProfile: join(dir, 'chromium-profile'),
    launchPage: join(dir, 'open-signer.html'),
    electronProfile: join(dir, 'electron-profile'),
  };
}

/** chmod 0700 an existing folder that others may read or enter (a no-op on Windows, or when absent). */
function restrictToUser(dir: string): void {
  if (process.platform === 'win32') return;
  let mode: number;
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory()) throw new SignerError('OUTPUT_UNWRITABLE', `the data folder ${dir} is not a folder`, { file: dir });
    mode = stat.mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(dir, 0o700);
  } catch (error) {
    throw new SignerError(
      'OUTPUT_UNWRITABLE',
      `the data folder ${dir} is open to other users (mode ${mode.toString(8).padStart(4, '0')}) and could not be made private (${osReason(error)})`,
      { cause: error, file: dir },
    );
  }
}

/**
 * The data folder the app uses: `--data-dir DIR` (or `--data-dir=DIR`) in `argv`, else
 * $RSTUF_SIGNER_DATA_DIR, else the shared default folder.
 */
export function appDataDir(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { dataDir: string; isDefault: boolean } {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--data-dir' && argv[i + 1] !== undefined) return { dataDir: resolve(argv[i + 1] as string), isDefault: false };
    if (arg.startsWith('--data-dir=')) return { dataDir: resolve(arg.slice('--data-dir='.length)), isDefault: false };
  }
  if (env.RSTUF_SIGNER_DATA_DIR) return { dataDir: resolve(env.RSTUF_SIGNER_DATA_DIR), isDefault: false };
  return { dataDir: defaultDataDir(env), isDefault: true };
}

/** Where the CLI kept its trust store before the shared data folder: the per-user config folder. */
export function legacyTrustStoreDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'rstuf-signer', 'trust');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'rstuf-signer', 'trust');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'rstuf-signer', 'trust');
}

/**
 * Moves the CLI's old trust store (legacyTrustStoreDir) into the default data folder, once: only
 * when the data folder has no trust store yet and the old one exists. It is copied beside its new
 * place and renamed in (an existing trust store is never overwritten), then the old folder is
 * renamed aside (kept, not deleted). Returns the one line for the caller to print, or undefined
 * when there was nothing to move. With $RSTUF_SIGNER_HOME set nothing moves: the CLI's trust
 * store already was $RSTUF_SIGNER_HOME/trust.
 */
export function migrateLegacyTrustStore(env: NodeJS.ProcessEnv = process.env, options: { platform?: NodeJS.Platform; home?: string; now?: Date } = {}): string | undefined {
  if (env.RSTUF_SIGNER_HOME) return undefined;
  const home = options.home ?? homedir();
  const from = resolve(legacyTrustStoreDir(env, options.platform ?? process.platform, home));
  const target = appPaths(defaultDataDir(env, home), { create: false });
  if (from === target.trust || existsSync(target.trust) || !existsSync(from)) return undefined;
  if (!statSync(from).isDirectory()) return undefined;

  const paths = appPaths(target.dataDir);
  const staging = join(paths.dataDir, `.trust-moving-${randomBytes(4).toString('hex')}`);
  try {
    cpSync(from, staging, { recursive: true, errorOnExist: true, force: false, preserveTimestamps: true });
    // Someone else (another process) made the trust store meanwhile: theirs stays, ours is dropped.
    if (existsSync(paths.trust)) {
      rmSync(staging, { recursive: true, force: true });
      return undefined;
    }
    renameSync(staging, paths.trust);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new SignerError('OUTPUT_UNWRITABLE', `could not move the trust store from ${from} to ${paths.trust} (${osReason(error)}); nothing was moved`, { cause: error, file: from });
  }
  let kept = join(dirname(from), 'trust.moved');
  if (existsSync(kept)) kept = `${kept}-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
  let aside = `the old folder is kept as ${kept}`;
  try {
    renameSync(from, kept);
  } catch {
    // The copy is in place and is the one used from now on; the old folder just stays where it was.
    aside = `the old folder ${from} is left in place`;
  }
  return `moved the trust store from ${from} to ${paths.trust}, the data folder shared with the desktop app (${aside})`;
}
