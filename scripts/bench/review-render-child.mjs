// "Review first render in the UI": the built renderer in Debian's Chromium (headless, the e2e
// flags), served by the browser shell's server with its loopback IPC transport in front of the
// real dispatcher and app services (main/shells/browser/server.ts, as `npm start` runs them where
// Electron is missing). The holder clicks "Open an RSTUF file…" (the file is chosen by a scripted
// dialog); the timer runs from the click until the Review screen shows the role: its section,
// and for a targets role the artifact overview with its count. One import per process, so the
// import code is as cold as in a freshly started app.
// argv: <compiled out dir> <input.json>
// Prints one JSON line: {readyMs (click to review shown), cpuMs (this process: main side only), maxRssKb}.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
// The e2e suites' flags (test/e2e/harness.ts): headless, no background traffic.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const [outDir, input] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(outDir, rel)).href);
const [{ createAppServices }, { createDispatcher }, { startShellServer }, { EventQueue }] = await Promise.all([
  load('main/services/services.js'),
  load('main/services/dispatcher.js'),
  load('main/shells/browser/server.js'),
  load('main/shells/browser/event-queue.js'),
]);

const workDir = mkdtempSync(join(tmpdir(), 'rstuf-bench-ui-'));
let browser;
let shell;
try {
  // The holder picks `input` in the first open dialog; every other dialog is cancelled.
  const dialogs = { openFile: async () => input, openFolder: async () => null, chooseFolder: async () => null, saveFile: async () => null, questions: 'page', confirm: async () => true, askSecret: async () => null };
  const events = new EventQueue();
  const services = createAppServices({ dataDir: join(workDir, 'data'), dialogs, shell: 'browser', events: events.sink });
  const token = 'bench-' + Math.random().toString(36).slice(2);
  shell = await startShellServer({ rendererDir: join(outDir, 'renderer'), ipc: { dispatcher: createDispatcher(services), token, events } });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${shell.origin}/index.html#token=${token}`);
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();

  const open = page.getByRole('button', { name: 'Open an RSTUF file…' });
  await open.waitFor();
  const started = performance.now();
  await open.click();
  await page
    .getByRole('heading', { level: 1, name: `Review: ${basename(input)}` })
    .waitFor({ timeout: 60_000 })
    .catch(async (error) => {
      // Say what the screen shows instead (an import error, a dialog), not just "timeout".
      throw new Error(`the review did not show up: ${error.message}\nthe page says:\n${(await page.locator('main').innerText()).slice(0, 2000)}`);
    });
  const role = page.locator('section[data-role]').first();
  await role.waitFor();
  // A targets role's section renders with its artifact overview ("100,000 artifacts in ...").
  const overview = role.getByTestId('artifact-overview');
  if ((await overview.count()) > 0) await overview.getByText(/artifacts in /).waitFor();
  const readyMs = performance.now() - started;
  const usage = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ readyMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS })}\n`);
} finally {
  await browser?.close();
  await shell?.close();
  rmSync(workDir, { recursive: true, force: true });
}
