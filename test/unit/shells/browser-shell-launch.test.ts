// How the browser shell hands Chromium its address and what it says: the one-time launch token must
// not be on Chromium's command line (every local user can read it: ps, /proc/PID/cmdline), nor in
// any address Chromium loads, nor on stdout unless --print-url asks. And when Chromium cannot
// start, the holder is told why and how to open the page by hand, and the signer keeps running.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chromiumExitReport, chromiumLaunch, chromiumPlan, openByHand, startupMessage, writeLaunchPage, type ChromiumPlan } from '../../../main/shells/browser/start.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rstuf-launch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'Zm9vYmFyYmF6cXV4LXRva2VuLWZvci10ZXN0cy0xMjM0NTY';
const ORIGIN = 'http://127.0.0.1:41234';
const URL_WITH_TOKEN = `${ORIGIN}/index.html#token=${TOKEN}`;

describe('the launch page and Chromium arguments', () => {
  it('keeps the token off the command line', () => {
    const args = chromiumLaunch(writeLaunchPage(ORIGIN, TOKEN, dir), dir);
    expect(args.join(' ')).not.toContain(TOKEN);
    expect(args).toContain('--disable-background-networking');
    expect(args).not.toContain('--no-sandbox');
  });

  it('opens a launch page readable by this user only, which POSTs the token (no address holds it)', () => {
    const launchPage = writeLaunchPage(ORIGIN, TOKEN, dir);
    const app = chromiumLaunch(launchPage, dir).find((a) => a.startsWith('--app='))!.slice('--app='.length);
    expect(fileURLToPath(app)).toBe(launchPage);
    expect(statSync(launchPage).mode & 0o077).toBe(0);
    const html = readFileSync(launchPage, 'utf8');
    expect(html).toContain(`<form method="post" action="${ORIGIN}/index.html">`);
    expect(html).toContain(`<input type="hidden" name="token" value="${TOKEN}">`);
    expect(html).not.toContain('#token=');
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toContain('<meta name="referrer" content="no-referrer"');
  });

  it('puts the profile in the data dir, not in a shared place', () => {
    expect(chromiumLaunch(writeLaunchPage(ORIGIN, TOKEN, dir), dir)).toContain(`--user-data-dir=${join(dir, 'chromium-profile')}`);
  });
});

describe('chromiumPlan', () => {
  it('opens Chromium for a normal user', () => {
    expect(chromiumPlan({ noOpen: false, chromiumExists: true, uid: 1000 })).toEqual({ open: true });
  });

  it('does not start Chromium as root (it would need --no-sandbox) and says to run as a normal user', () => {
    const plan = chromiumPlan({ noOpen: false, chromiumExists: true, uid: 0 });
    expect(plan.open).toBe(false);
    if (!plan.open) expect(plan.why).toMatch(/Running as root.*sandbox.*as a normal user/);
  });

  it('says why it does not open Chromium', () => {
    expect(chromiumPlan({ noOpen: true, chromiumExists: true, uid: 1000 })).toEqual({ open: false, why: 'Not opening Chromium (--no-open).' });
    expect(chromiumPlan({ noOpen: false, chromiumExists: false, uid: 1000 })).toMatchObject({ open: false, why: expect.stringContaining('not installed') });
  });
});

describe('startupMessage', () => {
  const launchPage = '/home/alice/.local/share/rstuf-offline-signer/open-signer.html';
  const base = { origin: ORIGIN, url: URL_WITH_TOKEN, dataDir: '/home/alice/.local/share/rstuf-offline-signer', launchPage, questions: 'Confirmations, passphrases and PINs are asked here, in this terminal (never in the page).' };
  const opening: ChromiumPlan = { open: true };
  const notOpening: ChromiumPlan = { open: false, why: 'Not opening Chromium (--no-open).' };

  // What npm start prints can end up in logs (a desktop launcher's session log, journald).
  it.each([
    ['Chromium opened', opening],
    ['--no-open', notOpening],
  ])('leaves the token out by default (%s) and prints the address without it', (_what, plan) => {
    const text = startupMessage({ ...base, printUrl: false, plan });
    expect(text).not.toContain(TOKEN);
    expect(text).toContain(`Address: ${ORIGIN}/ `);
    expect(text).toContain('127.0.0.1 only');
    expect(text).toContain('asked here, in this terminal');
  });

  it('says how the page is opened: Chromium, or the launch page by hand', () => {
    expect(startupMessage({ ...base, printUrl: false, plan: opening })).toContain('Opening it in Chromium through the launch page');
    const byHand = startupMessage({ ...base, printUrl: false, plan: notOpening });
    expect(byHand).toContain('Not opening Chromium (--no-open).');
    expect(byHand).toContain('file:///home/alice/.local/share/rstuf-offline-signer/open-signer.html');
    expect(byHand).toContain('--print-url');
  });

  it('prints the full address with --print-url', () => {
    expect(startupMessage({ ...base, printUrl: true, plan: notOpening })).toContain(`Address: ${URL_WITH_TOKEN} (works once)`);
  });
});

describe('chromiumExitReport', () => {
  const howToOpen = openByHand('/data/open-signer.html', false, URL_WITH_TOKEN);
  const rootStderr = '[1203/142233.1:ERROR:zygote_host_impl_linux.cc(101)] Running as root without --no-sandbox is not supported. See https://crbug.com/638180.\n';

  it('reports an early failure with Chromium\'s last words and keeps the signer running', () => {
    const report = chromiumExitReport({ code: 1, signal: null, elapsedMs: 400, stderr: `noise\n${rootStderr}`, launchUsed: false, howToOpen });
    expect(report.keepRunning).toBe(true);
    expect(report.message).toContain('exited with code 1 right away');
    expect(report.message).toContain('Running as root without --no-sandbox is not supported');
    expect(report.message).toContain('The signer is still running');
    expect(report.message).toContain('file:///data/open-signer.html');
    expect(report.message).toContain('--print-url');
    expect(report.message).not.toContain(TOKEN);
  });

  it('prints the address with the token in that report only with --print-url', () => {
    const report = chromiumExitReport({ code: 1, signal: null, elapsedMs: 400, stderr: '', launchUsed: false, howToOpen: openByHand('/data/open-signer.html', true, URL_WITH_TOKEN) });
    expect(report.message).toContain(URL_WITH_TOKEN);
  });

  it('reports a crash by signal the same way', () => {
    const report = chromiumExitReport({ code: null, signal: 'SIGSEGV', elapsedMs: 100, stderr: 'Missing X server or $DISPLAY', launchUsed: false, howToOpen });
    expect(report).toMatchObject({ keepRunning: true, message: expect.stringContaining('was stopped by SIGSEGV') });
    expect(report.message).toContain('Missing X server or $DISPLAY');
  });

  it('makes Chromium\'s stderr printable (no escape codes reach the terminal)', () => {
    const report = chromiumExitReport({ code: 1, signal: null, elapsedMs: 100, stderr: 'bad \u001b[2J\u001b]0;title\u0007 line', launchUsed: false, howToOpen });
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(report.message).not.toMatch(/[\u001b\u0007]/);
  });

  it('keeps running when Chromium handed the window to one already running (exit 0 at once)', () => {
    expect(chromiumExitReport({ code: 0, signal: null, elapsedMs: 300, stderr: '', launchUsed: false, howToOpen })).toMatchObject({ keepRunning: true, message: expect.stringContaining('Ctrl+C') });
  });

  it('stops the signer when the window is closed later, or once the page had its session', () => {
    expect(chromiumExitReport({ code: 0, signal: null, elapsedMs: 60_000, stderr: '', launchUsed: true, howToOpen })).toEqual({ keepRunning: false, message: 'Chromium was closed: stopping the signer.\n' });
    const crashedAfterOpening = chromiumExitReport({ code: 1, signal: null, elapsedMs: 1000, stderr: 'boom', launchUsed: true, howToOpen });
    expect(crashedAfterOpening.keepRunning).toBe(false);
    expect(crashedAfterOpening.message).toContain('boom');
  });
});
