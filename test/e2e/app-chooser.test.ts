// The browser shell's on-screen chooser by keyboard only (issue 16): the list is one Tab stop, the
// arrows, Home/End and typing the start of a name move within it, Enter opens, and focus goes back
// to the control that opened the chooser when it closes.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { cliFixture } from '../helpers/fixtures.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, RENDERER_DIR } from './harness.js';

const focusedText = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim());
const inDialog = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));

describe.runIf(chromiumAvailable())('browser shell chooser by keyboard', () => {
  let work: string;
  let shell: ShellServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const token = `${'K'.repeat(24)}-kb_${'z'.repeat(16)}`;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rstuf-chooser-kb-'));
    const files = join(work, 'files');
    // A folder of 24 files, as in the issue, plus the one to open.
    mkdirSync(join(files, 'inbox'), { recursive: true });
    mkdirSync(join(files, 'archive'), { recursive: true });
    for (let i = 0; i < 23; i += 1) writeFileSync(join(files, 'inbox', `a-${String(i).padStart(2, '0')}.json`), '{}');
    copyFileSync(cliFixture('sign_pending_roles.json'), join(files, 'inbox', 'sign-pending.json'));
    const events = new EventQueue();
    const chooser = new ChooserDialogs({ root: files, events: events.sink });
    const services = createAppServices({ dataDir: join(work, 'data'), dialogs: browserShellDialogs(chooser, pageQuestions('--page-questions')), chooser, shell: 'browser', events: events.sink });
    shell = await startShellServer({ rendererDir: RENDERER_DIR, ipc: { dispatcher: createDispatcher(services), token, events } });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(`${shell.origin}/index.html#token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('moves in the list with arrows, Home/End and type-ahead, one Tab stop, and opens with Enter', async () => {
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Import an RSTUF file' });
    await dialog.getByRole('button', { name: /inbox/ }).waitFor();
    expect(await dialog.getByText('Enter on a file opens it; Enter on a folder goes into it.').count()).toBe(1);
    // Focus moves to the heading once the folder is drawn (an effect after render: waited for, not raced).
    await expect.poll(() => focusedText(page)).toBe('Import an RSTUF file');
    // From the heading, one Tab reaches the list, the next leaves it (for Cancel).
    await page.keyboard.press('Tab');
    const first = await focusedText(page);
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Cancel');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedText(page)).toBe(first);
    // Type-ahead: "in" picks the inbox folder.
    await page.keyboard.type('in');
    expect(await focusedText(page)).toBe('📁 inbox');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'sign-pending.json' }).waitFor();
    // Another folder: focus is back on the heading, so the next Tab reaches the list again.
    await expect.poll(() => focusedText(page)).toBe('Import an RSTUF file');
    await page.keyboard.press('Tab');
    await page.keyboard.press('End');
    expect(await focusedText(page)).toBe('sign-pending.json');
    await page.keyboard.press('Home');
    expect(await focusedText(page)).toMatch(/Up one folder/);
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toBe('a-00.json');
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toBe('a-01.json');
    // Only one entry of the 25 is a Tab stop.
    expect(await dialog.locator('.chooser-entries button[tabindex="0"]').count()).toBe(1);
    await page.keyboard.type('si');
    expect(await focusedText(page)).toBe('sign-pending.json');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Review: sign-pending.json' }).waitFor();
  });

  it('gives focus back to the control that opened it after Escape', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Home$/ }).click();
    const opener = page.getByRole('button', { name: 'Open a bundle folder…' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect.poll(() => inDialog(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => focusedText(page)).toBe('Open a bundle folder…');
  });

  it('logged no console error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
