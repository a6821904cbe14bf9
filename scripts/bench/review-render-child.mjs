// "Review first screen in the UI": the built renderer in Debian's Chromium (headless, the e2e
// flags), served by the browser shell's server with its loopback IPC transport in front of the
// real dispatcher and app services, which run in a process of their own as with `npm start`
// (scripts/bench/review-shell-child.mjs). The holder clicks "Open an RSTUF file…" (a scripted
// dialog picks the file). One app start per run, so the import code is as cold as in a freshly
// started app.
//
// Times are taken by the page itself, on its own clock, from the click event: when the Review
// screen first shows the role (for a targets role, its artifact overview: "100,000 artifacts in
// ..."), and when every role's signatures are checked (no "checking signatures" badge left). Each
// is the first frame after the DOM changed (requestAnimationFrame, then a message: the frame was
// produced). The driver only reads them: an observer that shares a busy event loop (Playwright in
// main's process, as this bench had it until 2026-12-03) sees the screen late, not when the
// holder does. Main's log of IPC calls (wall clock, as the page's timeOrigin + now) splits the
// time into phases.
// argv: <compiled out dir> <input.json>
// Prints one JSON line: {readyMs (first screen painted), checkedMs (signatures checked, painted),
// phases: {name: ms}, calls, cpuMs (main's process), maxRssKb (main's process)}.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
// The e2e suites' flags (test/e2e/harness.ts): headless, no background traffic.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const [outDir, input] = process.argv.slice(2);

// Runs in the page before its own scripts: marks the first click, then the first frame showing
// the first screen and the first frame showing every signature checked (page clock, ms).
function installMarks() {
  const marks = {};
  window.__benchMarks = marks;
  document.addEventListener('click', (event) => (marks.click ??= event.timeStamp), true);
  const afterFrame = (name) => {
    if (marks[`${name}Dom`] !== undefined) return;
    marks[`${name}Dom`] = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (marks[name] = performance.now());
      channel.port2.postMessage(null);
    });
  };
  const check = () => {
    if (marks.click === undefined) return;
    const roles = [...document.querySelectorAll('section[data-role]')];
    if (roles.length === 0) return;
    // A targets role's section is shown with its artifact overview ("100,000 artifacts in ...").
    const overviews = roles.map((r) => r.querySelector('[data-testid="artifact-overview"]'));
    if (overviews.every((o) => o === null || /artifacts? in /.test(o.textContent ?? ''))) afterFrame('firstScreen');
    if (roles.every((r) => !/checking signatures/.test(r.querySelector('h2')?.textContent ?? ''))) afterFrame('checked');
  };
  const start = () => new MutationObserver(check).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  if (document.documentElement) start();
  else document.addEventListener('readystatechange', start, { once: true });
}

const app = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'review-shell-child.mjs'), outDir, input], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: app.stdout });
const nextLine = () =>
  new Promise((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line)));
    app.once('exit', (code) => reject(new Error(`the app process exited (${code}) before answering`)));
  });

let browser;
try {
  const { origin, token } = await nextLine();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(installMarks);
  await page.goto(`${origin}/index.html#token=${token}`);
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  const open = page.getByRole('button', { name: 'Open an RSTUF file…' });
  await open.waitFor();
  await open.click();
  await page.waitForFunction(() => window.__benchMarks.checked !== undefined, null, { timeout: 60_000, polling: 50 }).catch(async (error) => {
    // Say what the screen shows instead (an import error, a dialog), not just "timeout".
    throw new Error(`the review did not show up: ${error.message}\nthe page says:\n${(await page.locator('main').innerText()).slice(0, 2000)}`);
  });
  const { marks, timeOrigin } = await page.evaluate(() => ({ marks: window.__benchMarks, timeOrigin: performance.timeOrigin }));
  app.stdin.write('report\n');
  const main = await nextLine();

  const clickEpoch = timeOrigin + marks.click;
  const since = (epoch) => epoch - clickEpoch;
  const importCall = main.calls.find((c) => c.channel === 'signer:workspace.importWithDialog');
  const firstCall = main.calls.find((c) => c.channel === 'signer:review.get' && c.firstScreen);
  const fullCall = main.calls.find((c) => c.channel === 'signer:review.get' && !c.firstScreen && c.startEpochMs >= (firstCall?.endEpochMs ?? 0));
  const phases = {};
  if (importCall && firstCall && fullCall) {
    phases['click to import call'] = since(importCall.startEpochMs);
    phases['workspace.import (main)'] = importCall.endEpochMs - importCall.startEpochMs;
    phases['to first-screen call (page: Review screen, request)'] = firstCall.startEpochMs - importCall.endEpochMs;
    phases['review.get firstScreen (main)'] = firstCall.endEpochMs - firstCall.startEpochMs;
    phases['to first screen painted (page)'] = marks.firstScreen - marks.click - since(firstCall.endEpochMs);
    phases['full review.get (main, after)'] = fullCall.endEpochMs - fullCall.startEpochMs;
  }
  const calls = main.calls.map((c) => ({ channel: c.channel.replace(/^signer:/, '') + (c.firstScreen ? ' (firstScreen)' : ''), atMs: since(c.startEpochMs), ms: c.endEpochMs - c.startEpochMs, responseChars: c.responseChars }));
  process.stdout.write(`${JSON.stringify({ readyMs: marks.firstScreen - marks.click, checkedMs: marks.checked - marks.click, phases, calls, cpuMs: main.cpuMs, maxRssKb: main.maxRssKb })}\n`);
} finally {
  await browser?.close();
  if (app.exitCode === null) app.kill();
}
