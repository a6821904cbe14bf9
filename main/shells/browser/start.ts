// `npm start` where the Electron binary is missing: the same renderer and dispatcher, served on
// 127.0.0.1 behind a one-time launch token (see server.ts), with main-side file choosers
// (chooser.ts) and the holder's questions on the launching terminal (terminal-prompt.ts).
// Opens the address in Chromium's app mode when /usr/bin/chromium exists.
//
//   node out/main/shells/browser/start.js [--data-dir DIR] [--files-root DIR] [--no-open] [--print-url] [--page-questions]

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { printable } from '../../../shared/review/words.js';
import { appPaths, defaultDataDir, migrateLegacyTrustStore } from '../../core/platform/data-dir.js';
import { createAppServices } from '../../services/services.js';
import { devicesEventFrom } from '../../services/tokens.js';
import { createDispatcher } from '../../services/dispatcher.js';
import { ChooserDialogs } from './chooser.js';
import { EventQueue } from './event-queue.js';
import { startShellServer } from './server.js';
import { browserShellDialogs, holderQuestions } from './terminal-prompt.js';
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
 * The launch page: a file in the private data dir (0700 folder, 0600 file) that POSTs the launch
 * token to the shell (a form, token in the body). So the token is neither on Chromium's command
 * line (readable by every local user: ps, /proc/PID/cmdline) nor in any address Chromium loads
 * (an address with `#token=` lands in its history and profile databases even after replaceState).
 * Any browser running as this user can open it by hand; it works once.
 */
export function writeLaunchPage(origin: string, token: string, dataDir: string): string {
  const { launchPage } = appPaths(dataDir);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>RSTUF Offline Signer</title></head>
<body><form method="post" action="${escapeAttribute(`${origin}/index.html`)}"><input type="hidden" name="token" value="${escapeAttribute(token)}"><noscript><button type="submit">Open the RSTUF Offline Signer</button></noscript></form>
<script>document.forms[0].submit();</script></body></html>
`;
  writeFileAtomic(launchPage, html, { overwrite: true, mode: 0o600 });
  return launchPage;
}

/** Chromium opened on the launch page (its file URL holds no token), with its profile in the data dir. */
export function chromiumLaunch(launchPage: string, dataDir: string): string[] {
  return chromiumAppArgs(pathToFileURL(launchPage).href, appPaths(dataDir).chromiumProfile);
}

export type ChromiumPlan = { open: true } | { open: false; why: string };

/**
 * Whether to open Chromium. As root it is not started: Chromium refuses to run as root with its
 * sandbox on, and the signer will not add --no-sandbox, because the sandbox is what contains a
 * page that draws text from untrusted files (and root's signer would also leave root-owned keys
 * and data behind). The holder is told to start it as a normal user instead.
 */
export function chromiumPlan(options: { noOpen: boolean; chromiumExists: boolean; uid: number | undefined }): ChromiumPlan {
  if (options.noOpen) return { open: false, why: 'Not opening Chromium (--no-open).' };
  if (!options.chromiumExists) return { open: false, why: `Chromium is not installed (${CHROMIUM}).` };
  if (options.uid === 0) {
    return {
      open: false,
      why: 'Running as root: Chromium will not start as root unless its sandbox is turned off, and the signer does not turn off the sandbox of a page that shows text from untrusted files. Stop it (Ctrl+C) and run npm start as a normal user.',
    };
  }
  return { open: true };
}

/** How to open the page by hand; the address with the token only with --print-url. */
export function openByHand(launchPage: string, printUrl: boolean, url: string): string {
  const page = `open ${pathToFileURL(launchPage).href} in a browser running as you (a page only you can read; it opens the signer once)`;
  return printUrl ? `To open it by hand: ${page}, or open ${url} (works once).` : `To open it by hand: ${page}; or stop the signer and start it again with --print-url to get the address.`;
}

/** What npm start prints. The token is left out unless --print-url asks for it (stdout may end up in a log). */
export function startupMessage(options: { origin: string; url: string; dataDir: string; printUrl: boolean; plan: ChromiumPlan; launchPage: string; questions: string }): string {
  const address = options.printUrl ? `Address: ${options.url} (works once)` : `Address: ${options.origin}/ (with a one-time token that is not printed; --print-url prints it)`;
  const open = options.plan.open ? 'Opening it in Chromium through the launch page (closing its window stops the signer).' : `${options.plan.why}\n${openByHand(options.launchPage, options.printUrl, options.url)}`;
  return `RSTUF Offline Signer (browser shell) is running on 127.0.0.1 only.\n${address}\n${open}\n${options.questions}\nApp data: ${options.dataDir}\nPress Ctrl+C to stop.\n`;
}

/** Chromium exiting this soon did not show the signer (no display, a refused start, a crash). */
export const EARLY_EXIT_MS = 5000;

/** The last lines of Chromium's stderr, made printable, indented. */
export function stderrTail(text: string, lines = 8): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .map((line) => `  | ${printable(line)}`)
    .join('\n');
}

/**
 * What to do when Chromium exits. After the page had its session (the launch token was used), the
 * signer stops with it: no other page can get in. Before that, an early exit is reported (with
 * Chromium's last words) and the signer keeps running so the holder can open the page by hand.
 */
export function chromiumExitReport(exit: { code: number | null; signal: string | null; elapsedMs: number; stderr: string; launchUsed: boolean; howToOpen: string }): { keepRunning: boolean; message: string } {
  const how = exit.signal !== null ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
  const tail = stderrTail(exit.stderr);
  const said = tail === '' ? '' : `\nChromium said:\n${tail}`;
  if (exit.launchUsed || exit.elapsedMs >= EARLY_EXIT_MS) {
    if (exit.code === 0 && exit.signal === null) return { keepRunning: false, message: 'Chromium was closed: stopping the signer.\n' };
    return { keepRunning: false, message: `Chromium ${how}: stopping the signer (start it again with npm start).${said}\n` };
  }
  if (exit.code === 0 && exit.signal === null) {
    // A Chromium already running with this profile takes the window and the new one returns at once.
    return { keepRunning: true, message: `Chromium returned at once without an error (a Chromium already running with this profile may have taken the window, which then does not stop the signer). The signer is still running; press Ctrl+C to stop it.\n${exit.howToOpen}\n` };
  }
  return { keepRunning: true, message: `Chromium ${how} right away and did not open the signer.${said}\nThe signer is still running. ${exit.howToOpen}\n` };
}

/** Keeps the last `max` characters a stream wrote. */
function captureTail(child: ChildProcess, max = 8192): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-max);
  });
  return () => text;
}

const USAGE = `Usage: npm start -- [options]
  --data-dir DIR     the app data folder (default: the one the CLI uses)
  --files-root DIR   the folder tree the file chooser shows (default: your home folder)
  --no-open          do not open Chromium; open the launch page (printed) yourself
  --print-url        also print the address with its one-time token (it works once)
  --page-questions   ask confirmations, passphrases and PINs in the page even on a terminal
                     (weaker: code in the page could answer them; for CI and the e2e harness,
                     which is the fallback anyway when stdin or stdout is not a terminal)
  --help             this text
`;

export async function startBrowserShell(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      'files-root': { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'print-url': { type: 'boolean', default: false },
      'page-questions': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
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
  const questions = holderQuestions(process.stdin, process.stdout, { pageQuestions: values['page-questions'] });
  const services = createAppServices({ dataDir, dialogs: browserShellDialogs(chooser, questions), chooser, shell: 'browser', appVersion: version, events: events.sink });
  const token = randomBytes(32).toString('base64url');
  let launchPage = '';
  let launchUsed = false;
  const removeLaunchPage = (): void => {
    if (launchPage !== '') rmSync(launchPage, { force: true });
  };
  const shell = await startShellServer({
    rendererDir,
    ipc: {
      dispatcher: createDispatcher(services),
      token,
      events,
      // The page is open: the launch page (holding the now dead token) is not needed any more.
      onLaunchUsed: () => {
        launchUsed = true;
        removeLaunchPage();
      },
    },
  });
  const url = `${shell.origin}/index.html#token=${token}`;
  launchPage = writeLaunchPage(shell.origin, token, dataDir);
  process.on('exit', removeLaunchPage);
  // However the process ends, the terminal is not left in raw mode.
  process.on('exit', () => questions.close());

  let stopWatcher = (): void => undefined;
  try {
    const { watchSecurityKeys } = await import('../../core/tokens/hid-watch.js');
    const watcher = watchSecurityKeys((event) => devicesEventFrom(event, events.sink));
    stopWatcher = () => watcher.stop();
  } catch {
    // node-hid unavailable: the token list is refreshed by hand.
  }
  const stop = async (): Promise<void> => {
    questions.close();
    stopWatcher();
    await shell.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const plan = chromiumPlan({ noOpen: values['no-open'], chromiumExists: existsSync(CHROMIUM), uid: process.getuid?.() });
  const printUrl = values['print-url'];
  process.stdout.write(startupMessage({ origin: shell.origin, url, dataDir, printUrl, plan, launchPage, questions: questions.where }));
  if (plan.open) {
    const started = Date.now();
    const child = spawn(CHROMIUM, chromiumLaunch(launchPage, dataDir), { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr = captureTail(child);
    child.on('exit', (code, signal) => {
      const report = chromiumExitReport({ code, signal, elapsedMs: Date.now() - started, stderr: stderr(), launchUsed, howToOpen: openByHand(launchPage, printUrl, url) });
      process.stderr.write(report.message);
      if (!report.keepRunning) void stop();
    });
    child.on('error', (error) => process.stderr.write(`Could not start Chromium (${error.message}). The signer is still running. ${openByHand(launchPage, printUrl, url)}\n`));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startBrowserShell(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`rstuf-signer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
