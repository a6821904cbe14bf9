// The browser shell end to end in Chromium: the built renderer served with the shell's bridge,
// IPC over 127.0.0.1 with the per-launch token, the main-side chooser, and the checks that keep
// other pages (other origins, missing token) out.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../main/services/services.js';
import { ChooserDialogs } from '../../main/shells/browser/chooser.js';
import { EventQueue } from '../../main/shells/browser/event-queue.js';
import { startShellServer, type ShellServer } from '../../main/shells/browser/server.js';
import { createDispatcher } from '../../main/services/dispatcher.js';
import { cliFixture } from '../helpers/fixtures.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, RENDERER_DIR } from './harness.js';

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
    const events = new EventQueue();
    const chooser = new ChooserDialogs({ root: files, events: events.sink });
    const services = createAppServices({ dataDir: join(work, 'data'), dialogs: chooser, chooser, shell: 'browser', events: events.sink });
    shell = await startShellServer({ rendererDir: RENDERER_DIR, ipc: { dispatcher: createDispatcher(services), token, events } });
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
    expect(info).toEqual({ ok: true, value: { name: 'RSTUF Offline Signer', version: '0.0.0', shell: 'browser' } });
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
    const right = await page.request.post(`${shell.origin}/__signer/ipc`, { headers: { 'Content-Type': 'application/json', 'X-Signer-Token': token, Origin: shell.origin }, data: { channel: 'signer:app.info' } });
    expect(right.status()).toBe(200);
  });

  it('made no request outside 127.0.0.1', () => {
    expect(external).toEqual([]);
  });
});
