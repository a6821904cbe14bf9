// `npm start` where the Electron binary is missing: the same renderer and dispatcher, served on
// 127.0.0.1 behind a per-launch token (see server.ts), with main-side file choosers (chooser.ts).
// Prints the address and opens it in Chromium's app mode when /usr/bin/chromium exists.
//
//   node out/main/shells/browser/start.js [--data-dir DIR] [--files-root DIR] [--no-open]

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { appPaths, defaultDataDir, migrateLegacyTrustStore } from '../../core/platform/data-dir.js';
import { createAppServices } from '../../services/services.js';
import { devicesEventFrom } from '../../services/tokens.js';
import { createDispatcher } from '../../services/dispatcher.js';
import { ChooserDialogs } from './chooser.js';
import { EventQueue } from './event-queue.js';
import { startShellServer } from './server.js';
import { writeFileAtomic } from '../../core/platform/atomic-file.js';

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const CHROMIUM = '/usr/bin/chromium';

/** Chromium flags for the app window: no background traffic, fresh profile under the data dir. */
export function chromiumAppArgs(url: string, profileDir: string): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication',
  ];
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * How Chromium is opened on the shell's address. The address carries the per-launch token, and a
 * process's command line is readable by every local user (ps, /proc/PID/cmdline): with the token
 * anyone on the machine could drive the signer. So Chromium is given a launch page in the private
 * data dir (0700 folder, 0600 file) that forwards to the address, and the token never appears in
 * its arguments.
 */
export function chromiumLaunch(url: string, dataDir: string): { args: string[]; launchPage: string } {
  const { launchPage, chromiumProfile } = appPaths(dataDir);
  const html = `<!doctype html>\n<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${escapeAttribute(url)}"><title>RSTUF Offline Signer</title></head><body></body></html>\n`;
  writeFileAtomic(launchPage, html, { overwrite: true, mode: 0o600 });
  return { args: chromiumAppArgs(pathToFileURL(launchPage).href, chromiumProfile), launchPage };
}

/**
 * What `npm start` prints. The address carries the token, so it is printed only when the holder has
 * to open it; when Chromium was opened on it, stdout (which may end up in a session log) leaves it out.
 */
export function startupMessage(url: string, dataDir: string, openedChromium: boolean): string {
  const open = openedChromium ? 'Opened in Chromium (closing its window stops the signer).' : `Open: ${url}`;
  return `RSTUF Offline Signer (browser shell) is running on 127.0.0.1 only.\n${open}\nApp data: ${dataDir}\nPress Ctrl+C to stop.\n`;
}

/** How long the launch page (holding the token) stays on disk: long enough for Chromium to start. */
const LAUNCH_PAGE_LIFETIME_MS = 60_000;

export async function startBrowserShell(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, 'files-root': { type: 'string' }, 'no-open': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('Usage: npm start -- [--data-dir DIR] [--files-root DIR] [--no-open]\n');
    return;
  }
  // The data folder shared with the CLI (a CLI pin is the app's pin), unless --data-dir says otherwise.
  if (values['data-dir'] === undefined) {
    const moved = migrateLegacyTrustStore();
    if (moved !== undefined) process.stderr.write(`rstuf-signer: ${moved}\n`);
  }
  const { dataDir } = appPaths(values['data-dir'] ?? defaultDataDir());
  const rendererDir = join(APP_ROOT, 'out/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`the renderer is not built (${rendererDir}); run npm run build`);
  const version = (JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  const events = new EventQueue();
  const chooser = new ChooserDialogs({ root: resolve(values['files-root'] ?? homedir()), events: events.sink });
  const services = createAppServices({ dataDir, dialogs: chooser, chooser, shell: 'browser', appVersion: version, events: events.sink });
  const token = randomBytes(32).toString('base64url');
  const shell = await startShellServer({ rendererDir, ipc: { dispatcher: createDispatcher(services), token, events } });
  const url = `${shell.origin}/index.html#token=${token}`;

  let stopWatcher = (): void => undefined;
  try {
    const { watchSecurityKeys } = await import('../../core/tokens/hid-watch.js');
    const watcher = watchSecurityKeys((event) => devicesEventFrom(event, events.sink));
    stopWatcher = () => watcher.stop();
  } catch {
    // node-hid unavailable: the token list is refreshed by hand.
  }
  const stop = async (): Promise<void> => {
    stopWatcher();
    await shell.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const openChromium = !values['no-open'] && existsSync(CHROMIUM);
  process.stdout.write(startupMessage(url, dataDir, openChromium));
  if (openChromium) {
    const { args, launchPage } = chromiumLaunch(url, dataDir);
    const removeLaunchPage = () => rmSync(launchPage, { force: true });
    setTimeout(removeLaunchPage, LAUNCH_PAGE_LIFETIME_MS).unref();
    process.on('exit', removeLaunchPage);
    const child = spawn(CHROMIUM, args, { stdio: 'ignore' });
    child.on('exit', () => void stop());
    child.on('error', (error) => process.stderr.write(`could not open Chromium (${error.message}); open this address yourself: ${url}\n`));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startBrowserShell(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`rstuf-signer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
