// The browser shell end to end in Chromium: the built renderer served with the shell's bridge,
// IPC over 127.0.0.1 with the per-launch token, the main-side chooser, and the checks that keep
// other pages (other origins, missing token) out.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../main/services/services.js';
import { ChooserDialogs } from '../../main/shells/browser/chooser.js';
import { EventQueue } from '../../main/shells/browser/event-queue.js';
import { browserShellDialogs, pageQuestions, TerminalQuestions, type HolderQuestions } from '../../main/shells/browser/terminal-prompt.js';
import { chromiumLaunch, writeLaunchPage } from '../../main/shells/browser/start.js';
import { startShellServer, type ShellServer } from '../../main/shells/browser/server.js';
import { createDispatcher } from '../../main/services/dispatcher.js';
import { cliFixture } from '../helpers/fixtures.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, RENDERER_DIR } from './harness.js';

/**
 * The browser shell as start.ts wires it (chooser over `filesRoot`, the questions given, the real
 * dispatcher), on a fresh data dir under `work`; `onCall` sees every IPC call before it is handled.
 */
function startShell(work: string, filesRoot: string, token: string, options: { questions?: HolderQuestions; onCall?: () => void; onLaunchUsed?: () => void } = {}): Promise<ShellServer> {
  const events = new EventQueue();
  const chooser = new ChooserDialogs({ root: filesRoot, events: events.sink });
  const services = createAppServices({ dataDir: join(work, 'data'), dialogs: browserShellDialogs(chooser, options.questions ?? pageQuestions('--page-questions')), chooser, shell: 'browser', events: events.sink });
  const dispatcher = createDispatcher(services);
  const handle: typeof dispatcher.handle = async (channel, arg) => (options.onCall?.(), dispatcher.handle(channel, arg));
  return startShellServer({ rendererDir: RENDERER_DIR, ipc: { dispatcher: { handle }, token, events, ...(options.onLaunchUsed ? { onLaunchUsed: options.onLaunchUsed } : {}) } });
}

describe.runIf(chromiumAvailable())('browser shell', () => {
  let work: string;
  let shell: ShellServer;
  let other: ShellServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  const token = 'T'.repeat(20) + '-token_' + 'x'.repeat(16);
  const external: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rstuf-shell-e2e-'));
    const files = join(work, 'files');
    mkdirSync(join(files, 'inbox'), { recursive: true });
    copyFileSync(cliFixture('sign_pending_roles.json'), join(files, 'inbox', 'sign-pending.json'));
    shell = await startShell(work, files, token);
    other = await startShellServer({ rendererDir: RENDERER_DIR });
    url = `${shell.origin}/index.html#token=${token}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext();
    context.on('request', (r) => {
      const u = new URL(r.url());
      if (u.hostname !== '127.0.0.1') external.push(r.url());
    });
    page = await context.newPage();
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.close();
    await other?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('installs window.signer from the bridge, removes the token from the address bar and reaches main', async () => {
    expect(new URL(page.url()).hash).toBe('');
    const info = await page.evaluate(() => (window as any).signer.appInfo());
    expect(info).toEqual({ ok: true, value: { name: 'RSTUF Offline Signer', version: '0.0.0', shell: 'browser', questions: 'page' } });
  });

  it('imports through the main-side chooser: the page sees names and ids, never paths', async () => {
    const result = await page.evaluate(async () => {
      const signer = (window as any).signer;
      const views: any[] = [];
      const chosen = new Promise<void>((resolve) => {
        const off = signer.onChooser(async (view: any) => {
          views.push(view);
          const inbox = view.entries.find((e: any) => e.name === 'inbox');
          const file = view.entries.find((e: any) => e.name === 'sign-pending.json');
          if (inbox) await signer.chooserNavigate({ chooserId: view.chooserId, entryId: inbox.entryId });
          else if (file) {
            off();
            await signer.chooserChoose({ chooserId: view.chooserId, entryId: file.entryId });
            resolve();
          }
        });
      });
      const imported = signer.workspaceImportWithDialog({ pick: 'file' });
      await chosen;
      return { imported: await imported, views };
    });
    expect(result.imported).toMatchObject({ ok: true, value: { kind: 'sign-pending', displayName: 'sign-pending.json' } });
    expect(result.views[0]).toMatchObject({ mode: 'open-file', location: 'files' });
    expect(JSON.stringify(result.views)).not.toContain(work);
  });

  it('answers CANCELLED when the chooser is cancelled', async () => {
    const result = await page.evaluate(async () => {
      const signer = (window as any).signer;
      const off = signer.onChooser((view: any) => {
        off();
        void signer.chooserCancel({ chooserId: view.chooserId });
      });
      return signer.keysChooseKeyFile();
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('refuses calls without the token', async () => {
    const status = await page.evaluate(async () => {
      const r = await fetch('/__signer/ipc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ channel: 'signer:app.info' }) });
      return r.status;
    });
    expect(status).toBe(401);
  });

  it('refuses another page even when it knows the token: no CORS preflight answer, and the Origin check', async () => {
    // about:blank has no CSP, so what blocks the call here is the shell server, not a page policy.
    const otherPage = await browser.newPage();
    const outcome = await otherPage.evaluate(
      async ({ target, token: t }) => {
        try {
          const r = await fetch(`${target}/__signer/ipc`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signer-Token': t }, body: JSON.stringify({ channel: 'signer:app.info' }) });
          return `status ${r.status}`;
        } catch (e) {
          return `blocked: ${(e as Error).message}`;
        }
      },
      { target: shell.origin, token },
    );
    expect(outcome).toMatch(/^blocked/);
    await otherPage.close();
    // Without a browser in the way (a local process forging headers), the Origin check still refuses.
    const forged = await page.request.post(`${shell.origin}/__signer/ipc`, { headers: { 'Content-Type': 'application/json', 'X-Signer-Token': token, Origin: other.origin }, data: { channel: 'signer:app.info' } });
    expect(forged.status()).toBe(403);
    // With the right Origin, the launch token opens nothing either: the page traded it for its session.
    const right = await page.request.post(`${shell.origin}/__signer/ipc`, { headers: { 'Content-Type': 'application/json', 'X-Signer-Token': token, Origin: shell.origin }, data: { channel: 'signer:app.info' } });
    expect(right.status()).toBe(401);
  });

  it('gives a second page opened with the same address nothing, while the first keeps working', async () => {
    const second = await page.context().newPage();
    await second.goto(url);
    expect(new URL(second.url()).hash).toBe('');
    const refused = await second.evaluate(() => (window as any).signer.appInfo());
    expect(refused).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN_SENDER' } });
    await second.close();
    expect(await page.evaluate(() => (window as any).signer.appInfo())).toMatchObject({ ok: true });
  });

  it('made no request outside 127.0.0.1', () => {
    expect(external).toEqual([]);
  });
});

/** Every file under `dir` (a Chromium profile) that holds `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    try {
      if (readFileSync(path).includes(needle)) found.push(path);
    } catch {
      // a socket or a file Chromium removed meanwhile
    }
  }
  return found;
}

describe.runIf(chromiumAvailable())('browser shell launch: Chromium opened on the launch page', () => {
  // Chromium as `npm start` opens it (chromiumLaunch), headless and, because these tests may run as
  // root, without its sandbox (npm start itself never does that: see chromiumPlan).
  it('opens the app without any address holding the token, which is then nowhere in the profile', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rstuf-shell-launch-'));
    const token = randomLaunchToken();
    let answered!: () => void;
    const appCalled = new Promise<void>((resolve) => (answered = resolve));
    let launchesUsed = 0;
    const shell = await startShell(work, work, token, { onCall: () => answered(), onLaunchUsed: () => (launchesUsed += 1) });
    try {
      const launchPage = writeLaunchPage(shell.origin, token, join(work, 'data'));
      const args = [...chromiumLaunch(launchPage, join(work, 'data')), '--headless=new', '--no-sandbox', '--disable-gpu'];
      expect(args.join(' ')).not.toContain(token);
      const chromium = spawn(CHROMIUM_PATH, args, { stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => chromium.on('exit', () => resolve()));
      // The renderer reached main with the session it got from the launch form.
      await appCalled;
      expect(launchesUsed).toBe(1);
      // A clean shutdown writes the profile's databases (History, Sessions, ukm) to disk.
      chromium.kill('SIGTERM');
      await exited;
      const profile = join(work, 'data', 'chromium-profile');
      expect(filesHolding(profile, token)).toEqual([]);
      const history = join(profile, 'Default', 'History');
      const urls = spawnSync('/usr/bin/python3', ['-c', 'import sqlite3,sys; print("\\n".join(u for (u,) in sqlite3.connect(sys.argv[1]).execute("select url from urls")))', history], { encoding: 'utf8' });
      expect(urls.status).toBe(0);
      expect(urls.stdout).not.toContain('token');
    } finally {
      await shell.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe.runIf(chromiumAvailable())('browser shell launch page opened in a browser', () => {
  it('shows the app at /index.html, with its assets and no error, and the page works', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rstuf-shell-form-'));
    const token = randomLaunchToken();
    const shell = await startShell(work, work, token);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
      });
      await page.goto(pathToFileURL(writeLaunchPage(shell.origin, token, join(work, 'data'))).href);
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      expect(page.url()).toBe(`${shell.origin}/index.html`);
      expect(await page.locator('meta[name="rstuf-signer-session"]').count()).toBe(0);
      expect(await page.evaluate(() => (window as any).signer.appInfo())).toMatchObject({ ok: true, value: { shell: 'browser' } });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await shell.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

const randomLaunchToken = (): string => `launch-${Math.random().toString(36).slice(2)}-${'L'.repeat(24)}`;

describe.runIf(chromiumAvailable())('browser shell: the terminal asks, the page cannot answer', () => {
  let work: string;
  let shell: ShellServer;
  let browser: Browser;
  let page: Page;
  const keys = new PassThrough();
  let screen = '';
  let printed: (() => void) | undefined;
  const terminal = new TerminalQuestions(keys, {
    write: (text: string) => {
      screen += text;
      if (screen.includes('[y/N]')) printed?.();
    },
  });
  /** Resolves when the terminal asks its yes/no question; clears the screen for the next one. */
  const asked = () =>
    new Promise<string>((resolve) => {
      const done = () => {
        printed = undefined;
        const text = screen;
        screen = '';
        resolve(text);
      };
      if (screen.includes('[y/N]')) done();
      else printed = done;
    });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rstuf-shell-tty-'));
    const files = join(work, 'files');
    mkdirSync(files);
    copyFileSync(cliFixture('root.json'), join(files, 'root.json'));
    const token = randomLaunchToken();
    shell = await startShell(work, files, token, { questions: terminal });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage();
    await page.goto(`${shell.origin}/index.html#token=${token}`);
  });

  afterAll(async () => {
    terminal.close();
    await browser?.close();
    await shell?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The page pins root.json by itself (acceptWarnings and all), as code in a compromised page could. */
  const pinFromPage = () =>
    page.evaluate(async () => {
      const signer = (window as any).signer;
      const off = signer.onChooser((view: any) => {
        const file = view.entries.find((e: any) => e.name === 'root.json');
        if (file) {
          off();
          void signer.chooserChoose({ chooserId: view.chooserId, entryId: file.entryId });
        }
      });
      const candidate = (await signer.trustPreview({ source: { from: 'dialog' } })).value;
      const pin = await signer.trustPin({ candidateId: candidate.candidateId, confirm: true, acceptWarnings: true });
      return { pin, pinned: (await signer.trustGet()).value.pinned };
    });

  it('says the terminal asks', async () => {
    expect(await page.evaluate(() => (window as any).signer.appInfo())).toMatchObject({ ok: true, value: { questions: 'main' } });
  });

  it('pins nothing when the holder answers no on the terminal, and pins on yes', async () => {
    const refused = pinFromPage();
    const question = await asked();
    expect(question).toContain('Pin a root in the trust store');
    expect(question).toMatch(/Fingerprint: /);
    keys.write('n\r');
    const no = await refused;
    expect(no.pin).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(no.pinned).toBeNull();

    const accepted = pinFromPage();
    await asked();
    keys.write('y\r');
    const yes = await accepted;
    expect(yes.pin).toMatchObject({ ok: true });
    expect(yes.pinned).not.toBeNull();
  });
});
