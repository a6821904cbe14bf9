// Helpers for the desktop-app e2e specs (test/e2e/app-*.test.ts): start the built renderer in the
// harness (real dispatcher), save screenshots for docs, run axe-core, and check the run stayed
// clean (no console errors or CSP violations, no request off 127.0.0.1).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, expect, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { launchHarness, type Harness, type HarnessOptions } from '../e2e/harness.js';
import { cliFixture, FIXTURE_PASSWORD, REPO_ROOT } from './fixtures.js';

// Every e2e run saves its screenshots under test-results/ (not committed); the ones shown in the
// README live in docs/screenshots and are refreshed with UPDATE_SCREENSHOTS=1.
export const SCREENSHOT_DIR = join(REPO_ROOT, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');

// expect.poll waits 1 s by default; a shared CI machine may take longer to answer an IPC round trip
// through Chromium, and a poll that gives up early is a flaky failure, not a finding.
vi.setConfig({ expect: { poll: { timeout: 15_000, interval: 100 } } });
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Opens the app and waits until Home has rendered. axe-core is added as an init script: the
 * brief's page.addScriptTag({path}) inserts an INLINE <script>, which the app's production CSP
 * (script-src 'self') refuses ("Executing inline script violates ... CSP"), and weakening the CSP
 * for tests (bypassCSP) would hide the CSP violations this suite must catch. Init scripts are
 * injected by the DevTools protocol, outside the page's CSP, so the app runs under its real policy.
 */
export async function startApp(options: HarnessOptions = {}): Promise<Harness> {
  const h = await launchHarness({ viewport: { width: 1280, height: 900 }, ...options });
  await h.context.addInitScript({ path: AXE_PATH });
  await h.page.goto(h.url);
  await h.page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  return h;
}

/** Goes to a screen through the sidebar, as a user would. */
export async function openScreen(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`${label}$`) }).click();
}

/** The whole page by default; `fullPage: false` keeps just the viewport (for very long screens). */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core (loaded by startApp) on the current page; returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as any).axe === 'object');
  if (!loaded) throw new Error('axe-core is not loaded: open the page with startApp()');
  const results = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n: any) => n.target.join(' ')) }));
  });
  return (results as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Every screen must pass axe (no serious or critical violations). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations, `axe on ${screen}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** The run stayed clean: nothing left 127.0.0.1, no console error, no CSP violation. */
export function expectCleanRun(h: Harness): void {
  expect(h.externalRequests, 'requests that left 127.0.0.1').toEqual([]);
  expect(h.consoleErrors, 'console errors / CSP violations').toEqual([]);
}

/**
 * Call inside a describe: `start()` opens the app for one test; after each test the run is checked
 * to have stayed clean (expectCleanRun) and the harness is closed even when that check fails.
 */
export function appSessions(): { start(options?: HarnessOptions): Promise<Harness> } {
  let current: Harness | undefined;
  afterEach(async () => {
    const h = current;
    current = undefined;
    if (!h) return;
    try {
      expectCleanRun(h);
    } finally {
      await h.close();
    }
  });
  return {
    start: async (options) => {
      current = await startApp(options);
      return current;
    },
  };
}

/**
 * The holder's path from a review to a signature with an RSTUF test key file (its passphrase typed in
 * the page): "I have reviewed this", Continue, choose the key in main's dialog, sign. Resolves with
 * the "Signed and verified" region once it shows.
 */
export async function signWithKeyFileInUi(page: Page, h: Harness, keyFile: string) {
  await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
  await page.getByRole('button', { name: 'Continue to signing' }).click();
  h.dialogs.nextOpen = cliFixture(keyFile);
  await page.getByRole('button', { name: 'Choose key file…' }).click();
  await expect.poll(() => page.getByTestId('key-file').innerText()).toContain(keyFile);
  await page.getByLabel('Passphrase').fill(FIXTURE_PASSWORD);
  await page.getByRole('button', { name: 'Sign with this key' }).click();
  const result = page.getByRole('region', { name: 'Signed and verified' });
  await result.waitFor();
  return result;
}

/** Pins an RSTUF test root from Home's trust store card, after ticking both confirmations. */
export async function pinRootInUi(page: Page, h: Harness, rootFixture: string): Promise<void> {
  h.dialogs.nextOpen = cliFixture(rootFixture);
  const trust = page.getByRole('region', { name: 'Trust store' });
  await trust.getByRole('button', { name: 'Pin a root from a file…' }).click();
  const candidate = trust.getByRole('group', { name: 'Root to pin' });
  await candidate.getByRole('checkbox', { name: /I compared this fingerprint/ }).check();
  // A root with warnings (expired, a re-pin) asks for them to be read as well.
  const warnings = candidate.getByRole('checkbox', { name: /I have read the warnings/ });
  if ((await warnings.count()) > 0) await warnings.check();
  await candidate.getByRole('button', { name: 'Pin this root' }).click();
  await trust.getByText('Pinned root fingerprint').waitFor();
}
