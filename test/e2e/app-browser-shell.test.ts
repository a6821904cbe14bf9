// The screens in the browser shell (`npm start` where Electron is missing): the same renderer over
// the shell's HTTP bridge, with main's file chooser drawn by the renderer as a modal dialog. A holder
// imports, signs and exports by clicking through that chooser; no path ever reaches the page.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../main/services/services.js';
import { ChooserDialogs } from '../../main/shells/browser/chooser.js';
import { EventQueue } from '../../main/shells/browser/event-queue.js';
import { browserShellDialogs, pageQuestions } from '../../main/shells/browser/terminal-prompt.js';
import { startShellServer, type ShellServer } from '../../main/shells/browser/server.js';
import { createDispatcher } from '../../main/services/dispatcher.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { expectAccessible, saveScreenshot } from '../helpers/app-e2e.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, RENDERER_DIR } from './harness.js';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Walks the on-screen chooser: up to the chooser's root when needed, then into each named entry. */
async function walk(page: Page, names: string[]): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const name of names) {
    const target = dialog.getByRole('button', { name: new RegExp(`(^|📁 )${name.replace(/\./g, '\\.')}$`) });
    const up = dialog.getByRole('button', { name: /Up one folder/ });
    // The listing arrives from main after the dialog opens: wait for the entry or the way up.
    for (let step = 0; step < 5; step += 1) {
      await target.or(up).first().waitFor();
      if ((await target.count()) > 0) break;
      await up.click();
      await page.waitForTimeout(100);
    }
    await target.click();
  }
}

describe.runIf(chromiumAvailable())('desktop screens in the browser shell', () => {
  let work: string;
  let files: string;
  let shell: ShellServer;
  let browser: Browser;
  let page: Page;
  const external: string[] = [];
  const consoleErrors: string[] = [];
  const token = `${'S'.repeat(24)}-ui_${'y'.repeat(16)}`;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rstuf-shell-ui-'));
    files = join(work, 'files');
    for (const dir of ['inbox', 'keys', 'usb']) mkdirSync(join(files, dir), { recursive: true });
    copyFileSync(cliFixture('sign_pending_roles.json'), join(files, 'inbox', 'sign-pending.json'));
    copyFileSync(cliFixture('JH.ed25519'), join(files, 'keys', 'JH.ed25519'));
    const events = new EventQueue();
    const chooser = new ChooserDialogs({ root: files, events: events.sink });
    const services = createAppServices({ dataDir: join(work, 'data'), dialogs: browserShellDialogs(chooser, pageQuestions('--page-questions')), chooser, shell: 'browser', events: events.sink });
    shell = await startShellServer({ rendererDir: RENDERER_DIR, ipc: { dispatcher: createDispatcher(services), token, events } });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript({ path: AXE_PATH });
    context.on('request', (r) => {
      if (new URL(r.url()).origin !== shell.origin) external.push(r.url());
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    await page.goto(`${shell.origin}/index.html#token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('imports, signs and exports through the on-screen chooser', async () => {
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import an RSTUF file' });
    await dialog.waitFor();
    expect(await dialog.innerText()).not.toContain(work);
    await dialog.getByRole('button', { name: /inbox/ }).click();
    await dialog.getByRole('button', { name: 'sign-pending.json' }).waitFor();
    await saveScreenshot(page, 'browser-shell-chooser');
    await expectAccessible(page, 'chooser dialog');
    await dialog.getByRole('button', { name: 'sign-pending.json' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review: sign-pending.json' }).waitFor();

    await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
    await page.getByRole('button', { name: 'Continue to signing' }).click();
    await page.getByRole('button', { name: 'Choose key file…' }).click();
    expect(await page.getByRole('dialog').getByRole('heading').innerText()).toBe('Choose your private key file');
    await walk(page, ['keys', 'JH.ed25519']);
    await expect.poll(() => page.getByTestId('key-file').innerText()).toContain('JH.ed25519');
    await page.getByLabel('Passphrase').fill(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: 'Sign with this key' }).click();
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();

    await page.getByRole('button', { name: 'Export the bundle' }).click();
    await page.getByRole('button', { name: 'Choose destination and export…' }).click();
    await walk(page, ['usb']);
    await page.getByRole('dialog').getByRole('button', { name: 'Use this folder' }).click();
    await page.getByRole('heading', { name: /^Exported to / }).waitFor();
    const [bundle] = readdirSync(join(files, 'usb'));
    expect(existsSync(join(files, 'usb', bundle!, 'manifest.json'))).toBe(true);
  });

  it('cancels the chooser with Escape and nothing happens', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Home$/ }).click();
    await page.getByRole('button', { name: 'Open a bundle folder…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Focus stays inside the modal chooser: the app behind it is inert.
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Import' }).getByRole('alert').count()).toBe(0);
  });

  it('stayed on 127.0.0.1 with no console error or CSP violation', () => {
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
