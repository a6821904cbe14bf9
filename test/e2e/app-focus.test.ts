// Focus stays where the holder is (issue 16), by keyboard only, in Chromium against the real
// dispatcher: the pin card shows the whole root and its full sha256 before the pin, focus lands on
// the candidate, then on the pinned root; an import error takes focus; a new key's result takes focus.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, openScreen, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable, type Harness } from './harness.js';

const press = async (page: Page, locator: Locator, key = 'Enter') => {
  await locator.focus();
  await page.keyboard.press(key);
};
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', text: el?.innerText ?? '', label: el?.getAttribute('aria-label') ?? '', role: el?.getAttribute('role') ?? '' };
  });

/** Opens RSTUF's pending root update, confirms the review and chooses JH's key file, by keyboard. */
async function reviewAndChooseKey(page: Page, h: Harness): Promise<void> {
  h.dialogs.nextOpen = cliFixture('sign_pending_roles.json');
  await press(page, page.getByRole('button', { name: 'Open an RSTUF file…' }));
  await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
  await press(page, page.getByRole('checkbox', { name: /I have reviewed this/ }), 'Space');
  await press(page, page.getByRole('button', { name: 'Continue to signing' }));
  h.dialogs.nextOpen = cliFixture('JH.ed25519');
  await press(page, page.getByRole('button', { name: 'Choose key file…' }));
  await expect.poll(() => page.getByTestId('key-file').innerText()).toContain('JH.ed25519');
}

describe.runIf(chromiumAvailable())('desktop app: focus after each action', () => {
  const app = appSessions();

  it('shows the whole root and its full sha256 before the pin, and moves focus to the candidate, then the pinned root', async () => {
    const h = await app.start();
    const { page } = h;
    const trust = page.getByRole('region', { name: 'Trust store' });
    h.dialogs.nextOpen = cliFixture('ceremony.json');
    await press(page, trust.getByRole('button', { name: 'Pin a root from a file…' }));
    const candidate = trust.getByRole('group', { name: 'Root to pin' });
    await candidate.waitFor();
    await expect.poll(async () => (await focused(page)).text).toMatch(/^Root version 1 from /);

    // Keys with names and ids, thresholds, expiry, the online key, and the whole sha256 in groups.
    const text = await candidate.innerText();
    expect(text).toMatch(/root\s+2 of 2\s+JimiHendrix's Key, JanisJoplin's Key/);
    expect(text).toMatch(/timestamp\s+1 of 1\s+Online Key/);
    expect(text).toMatch(/Online key: Online Key 0d9d3d4b \(rsassa-pss-sha256\) at fn:0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043/);
    expect(text).toMatch(/JimiHendrix's Key c6d8bf2e4f48b41a ed25519\/ed25519: root/);
    expect(text).toMatch(/Expires\s+2025-12-31 23:59 UTC/);
    expect(text).toContain('Compare this with the other key holders: the sha256 of root v1');
    const groups = await candidate.getByTestId('fingerprint').locator('span').allInnerTexts();
    expect(groups.map((g) => g.trim()).join('')).toBe('1bc167f9070fe3f46e06147b4c5343375b26d32b3caff66f87ca47656a65f32f');
    expect(groups).toHaveLength(16);
    // No group is broken across lines: each group's box is one line high.
    const heights = await candidate.getByTestId('fingerprint').locator('span').evaluateAll((els) => els.map((e) => e.getClientRects().length));
    expect(new Set(heights)).toEqual(new Set([1]));
    await saveScreenshot(page, 'pin-card');
    await expectAccessible(page, 'pin card');

    await press(page, candidate.getByRole('checkbox', { name: /I compared this fingerprint/ }), 'Space');
    await press(page, candidate.getByRole('button', { name: 'Pin this root' }));
    await trust.getByText('Pinned root fingerprint').waitFor();
    await expect.poll(async () => (await focused(page)).label).toBe('Pinned root');

    // Cancel a second candidate: focus goes back to the button that chose it.
    h.dialogs.nextOpen = cliFixture('v1.json');
    await press(page, trust.getByRole('button', { name: 'Pin a newer root from a file…' }));
    await candidate.waitFor();
    await press(page, candidate.getByRole('button', { name: 'Cancel' }));
    await expect.poll(async () => (await focused(page)).text).toBe('Pin a newer root from a file…');
  });

  it('moves focus to an import error and to a new key', async () => {
    const h = await app.start();
    const { page } = h;
    const bad = join(h.workDir, 'not-rstuf.json');
    writeFileSync(bad, '{"hello": "world"}');
    h.dialogs.nextOpen = bad;
    await press(page, page.getByRole('button', { name: 'Open an RSTUF file…' }));
    const alert = page.getByRole('region', { name: 'Import' }).getByRole('alert');
    await alert.waitFor();
    await expect.poll(async () => (await focused(page)).role).toBe('alert');
    expect((await focused(page)).text).toContain('Import failed');

    await openScreen(page, 'Keys');
    // A refused form: focus on the first field that breaks its rule.
    await press(page, page.getByRole('button', { name: 'Generate and save…' }));
    await expect.poll(async () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.innerText)).toBe('Name');
    h.dialogs.nextOpen = cliFixture('JH.pub');
    await press(page, page.getByRole('button', { name: 'Import public keys or certificates…' }));
    await expect.poll(async () => (await focused(page)).text).toMatch(/^Imported /);

    // Inside the wizard, a private key file chosen by mistake is refused where it was imported.
    await openScreen(page, 'Ceremonies');
    await press(page, page.getByRole('button', { name: 'Start bootstrap' }));
    h.dialogs.nextOpen = cliFixture('JJ.ecdsa');
    await press(page, page.getByRole('group', { name: 'Root keys' }).getByRole('button', { name: 'Import public keys or certificates…' }));
    await expect.poll(async () => (await focused(page)).role).toBe('alert');
    expect((await focused(page)).text).toContain('The key could not be imported');
  });

  it('moves focus off "Close and drop" so a second Enter keeps the signatures', async () => {
    const h = await app.start();
    const { page } = h;
    await reviewAndChooseKey(page, h);
    await page.getByLabel('Passphrase').focus();
    await page.keyboard.type(FIXTURE_PASSWORD);
    await press(page, page.getByRole('button', { name: 'Sign with this key' }));
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();

    await openScreen(page, 'Home');
    const name = 'repository-service-tuf-cli__sign_pending_roles.json';
    await press(page, page.getByRole('button', { name: `Close ${name}` }));
    await expect.poll(async () => (await focused(page)).text).toBe('Keep it open');
    // The Enter pressed twice by habit lands on "Keep it open": the signature stays.
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: `Close ${name}` }).waitFor();
    expect(await page.getByRole('button', { name: `Review ${name}` }).count()).toBe(1);
    // Dropping it is a deliberate Tab and Enter; focus then goes to the import buttons, not <body>.
    await press(page, page.getByRole('button', { name: `Close ${name}` }));
    await expect.poll(async () => (await focused(page)).text).toBe('Keep it open');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toMatch(/^Close and drop 1 signature/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: `Review ${name}` }).count()).toBe(0);
    await expect.poll(async () => (await focused(page)).text).toBe('Open a bundle folder…');
  });

  it('marks a wrong passphrase invalid, tied to its error and focused, then focuses the signature made', async () => {
    const h = await app.start();
    const { page } = h;
    await reviewAndChooseKey(page, h);
    const passphrase = page.getByLabel('Passphrase');
    await passphrase.focus();
    await page.keyboard.type('not the passphrase');
    await page.keyboard.press('Enter');
    // Back on the field at once (not 11 Tabs away), marked invalid and described by the error.
    await expect.poll(() => passphrase.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(async () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.innerText)).toBe('Passphrase');
    const described = await page.evaluate(() => (document.activeElement?.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.innerText ?? '').join(' | '));
    expect(described).toMatch(/passphrase/i);
    await page.keyboard.type(FIXTURE_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();
    await expect.poll(async () => (await focused(page)).text).toBe('Signed and verified');
  });
});

