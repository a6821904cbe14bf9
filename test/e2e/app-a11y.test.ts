// Every screen by keyboard alone and through axe-core (no serious or critical violations), with a
// screenshot of each for the docs. Also proves the axe check can fail, so a pass means something.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, saveScreenshot, seriousAxeViolations } from '../helpers/app-e2e.js';
import { chromiumAvailable } from './harness.js';

/** Presses Tab until the focused element matches, or fails after `max` presses. */
async function tabTo(page: Page, matches: (el: { tag: string; text: string; label: string | null }) => boolean, max = 60): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { tag: a?.tagName ?? '', text: (a?.innerText ?? '').trim(), label: a?.getAttribute('aria-label') ?? (a?.id ? (document.querySelector(`label[for="${a.id}"]`)?.textContent ?? null) : null) };
    });
    if (matches(el)) return;
  }
  throw new Error('the element was not reachable with Tab');
}

/** The focused element shows a visible focus ring (outline), as the CSS promises. */
async function focusRingWidth(page: Page): Promise<number> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    return Number.parseFloat(getComputedStyle(a).outlineWidth) || 0;
  });
}

describe.runIf(chromiumAvailable())('desktop app: keyboard and accessibility', () => {
  // (d) after each test: nothing left 127.0.0.1, no console error or CSP violation (appSessions).
  const app = appSessions();

  it('axe reports a planted violation (the check is live)', async () => {
    const h = await app.start();
    await h.page.evaluate(() => {
      const b = document.createElement('button');
      b.id = 'planted';
      document.body.append(b);
    });
    const violations = await seriousAxeViolations(h.page);
    expect(violations.map((v) => v.id)).toContain('button-name');
    await h.page.evaluate(() => document.getElementById('planted')?.remove());
    expect(await seriousAxeViolations(h.page)).toEqual([]);
  });

  it('runs under the production CSP: an inline script is refused and reported (the clean-run check is live)', async () => {
    const h = await app.start();
    await h.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await expect.poll(() => h.consoleErrors.length).toBeGreaterThan(0);
    expect(h.consoleErrors.join('\n')).toContain('Content Security Policy');
    expect(await h.page.evaluate(() => (window as any).__inlineRan)).toBeUndefined();
    // Handled here on purpose; the session's clean-run check must not see it.
    h.consoleErrors.splice(0);
  });

  it('imports, reviews, signs and exports by keyboard alone, with visible focus', async () => {
    const h = await app.start();
    const { page } = h;
    await expectAccessible(page, 'home (empty)');

    h.dialogs.nextOpen = cliFixture('sign_pending_roles.json');
    await tabTo(page, (el) => el.text === 'Open an RSTUF file…');
    expect(await focusRingWidth(page)).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
    // Focus moved to the new screen's heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    await tabTo(page, (el) => el.text.startsWith('I have reviewed this') || (el.tag === 'INPUT' && (el.label ?? '').includes('I have reviewed')));
    await page.keyboard.press('Space');
    await tabTo(page, (el) => el.text === 'Continue to signing');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Sign: / }).waitFor();

    h.dialogs.nextOpen = cliFixture('JH.ed25519');
    await tabTo(page, (el) => el.text === 'Choose key file…');
    await page.keyboard.press('Enter');
    await page.getByTestId('key-file').waitFor();
    await tabTo(page, (el) => el.tag === 'INPUT' && el.label === 'Passphrase');
    await page.keyboard.type(FIXTURE_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();

    h.dialogs.nextFolder = h.workDir;
    await tabTo(page, (el) => el.text === 'Export the bundle');
    await page.keyboard.press('Enter');
    await tabTo(page, (el) => el.text === 'Choose destination and export…');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Exported to / }).waitFor();

    // Back to Home through the sidebar by keyboard: it now lists the item.
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, (el) => el.text.endsWith('Home'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Open items' }).waitFor();
    await expectAccessible(page, 'home (with items)');
  });

  it('pins a root in the trust store, generates a key and exports the audit log, screen by screen', async () => {
    const h = await app.start();
    const { page } = h;

    // Trust store: pin RSTUF's root v1 after confirming the fingerprint.
    h.dialogs.nextOpen = cliFixture('ceremony.json');
    const trust = page.getByRole('region', { name: 'Trust store' });
    await trust.getByRole('button', { name: 'Pin a root from a file…' }).click();
    const candidate = trust.getByRole('group', { name: 'Root to pin' });
    await candidate.waitFor();
    const pin = candidate.getByRole('button', { name: 'Pin this root' });
    expect(await pin.isDisabled()).toBe(true);
    await candidate.getByRole('checkbox', { name: /I compared this fingerprint/ }).check();
    // The bootstrap payload's root v1 is signed by its own keys and carries no warning: comparing is enough.
    expect(await candidate.innerText()).not.toContain('Warning:');
    expect(await pin.isDisabled()).toBe(false);
    await expectAccessible(page, 'home (pin a root)');
    await pin.click();
    await trust.getByText('Pinned root fingerprint').waitFor();
    expect(await trust.innerText()).toContain('version 1');
    await saveScreenshot(page, 'home-trust-store');

    // Keys: generate an encrypted key; the private key file is written where main's dialog said.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Keys$/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Alice');
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Generate and save…' }).click();
    expect(await page.getByText('Use at least 8 characters.').count()).toBe(1);
    await expectAccessible(page, 'keys (form errors)');
    const keyPath = join(h.workDir, 'alice.key');
    h.dialogs.nextSave = keyPath;
    await page.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await page.getByLabel('Passphrase again').fill('correct horse battery');
    await page.getByRole('button', { name: 'Generate and save…' }).click();
    await page.getByRole('status').filter({ hasText: 'Generated Alice' }).waitFor();
    expect(readFileSync(keyPath, 'utf8')).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    await expectAccessible(page, 'keys');

    // Ceremony wizard: update from the pinned root, one step shown.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Ceremonies$/ }).click();
    await page.getByRole('button', { name: 'Start metadata update' }).click();
    expect(await page.getByLabel('Root to update').inputValue()).toBe('pinned');
    await page.getByRole('button', { name: 'Next: Changes' }).click();
    await page.getByLabel('New root threshold').fill('1');
    await saveScreenshot(page, 'ceremony-update-changes');
    await expectAccessible(page, 'update wizard');
    await page.getByRole('button', { name: 'Next: Check and create' }).click();
    await expect.poll(async () => (await page.getByRole('button', { name: 'Check again' }).isEnabled()) && (await page.locator('.notice').count()) > 0).toBe(true);
    await saveScreenshot(page, 'ceremony-update-lowered-threshold');
    await expectAccessible(page, 'update check');

    // Audit log: empty, exportable.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Audit log$/ }).click();
    h.dialogs.nextSave = join(h.workDir, 'audit.json');
    await page.getByRole('button', { name: 'Export as JSON…' }).click();
    await page.getByRole('status').filter({ hasText: 'Exported 0 entries' }).waitFor();
    await expectAccessible(page, 'audit log');
  });
});
