// Several repositories in the desktop app (issue 16, Pinning: "more than one repository can be
// pinned"), by keyboard only, in Chromium against the real dispatcher: two roots pinned under two
// names on the pin card (a bad name refused under its field in the CLI's words), both listed, the
// workspace switched from one to the other, and the review saying which repository and root it was
// checked against; the holder's confirmation does not survive the switch.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { cliFixture } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, saveScreenshot } from '../helpers/app-e2e.js';
import { freshKey, rootSigned, signedRoot } from '../helpers/review-keys.js';
import { chromiumAvailable } from './harness.js';

const press = async (page: Page, locator: Locator, key = 'Enter') => {
  await locator.focus();
  await page.keyboard.press(key);
};
/** Replaces a text field's value by typing, as a holder would. */
const typeInto = async (page: Page, field: Locator, text: string) => {
  await field.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
};
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
const goTo = (page: Page, screen: string) => press(page, page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: new RegExp(`${screen}$`) }));

describe.runIf(chromiumAvailable())('desktop app: several pinned repositories', () => {
  const app = appSessions();

  it('pins two roots under two names, switches between them, and the review says which one it was checked against', async () => {
    const h = await app.start();
    const { page } = h;
    // Repository two's root: its own keys, signed by them (not RSTUF's fixture root).
    const keys = [freshKey('Ola'), freshKey('Per')];
    const other = await signedRoot(rootSigned({ version: 1, root: keys, threshold: 2, online: freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:other' }) }), keys);
    const otherFile = join(h.workDir, 'other-1.root.json');
    writeFileSync(otherFile, JSON.stringify(other));

    const trust = page.getByRole('region', { name: 'Trust store' });
    const candidate = trust.getByRole('group', { name: 'Root to pin' });
    const nameField = candidate.getByRole('textbox', { name: 'Repository this root belongs to' });

    // 1. RSTUF's root v1 (the bootstrap payload) as repository "one".
    h.dialogs.nextOpen = cliFixture('ceremony.json');
    await press(page, trust.getByRole('button', { name: 'Pin a root from a file…' }));
    await candidate.waitFor();
    expect(await nameField.inputValue()).toBe('default');
    await typeInto(page, nameField, 'one');
    await page.keyboard.press('Enter');
    await expect.poll(() => candidate.innerText()).toContain('Nothing is pinned for repository “one” yet');
    await press(page, candidate.getByRole('checkbox', { name: /I compared this fingerprint/ }), 'Space');
    await press(page, candidate.getByRole('button', { name: 'Pin this root' }));
    await expect.poll(() => focusedLabel(page)).toBe('Pinned root');
    expect(await trust.getByTestId('repository-in-use').innerText()).toBe('repository one');
    expect(h.dialogs.confirmations.at(-1)?.message).toMatch(/^Pin root v1 from \S*ceremony\.json as the trusted root of repository "one"\?$/);

    // 2. Another repository's root: judged against "one" first (not newer: a re-pin), then renamed.
    h.dialogs.nextOpen = otherFile;
    await press(page, trust.getByRole('button', { name: 'Pin a newer root from a file…' }));
    await candidate.waitFor();
    expect(await nameField.inputValue()).toBe('one');
    await expect.poll(() => candidate.innerText()).toContain('not newer than the root pinned for repository “one”');
    // A name with bad characters: refused under the field, in the CLI's --repository words.
    await typeInto(page, nameField, 'Two Repo');
    await page.keyboard.press('Enter');
    const nameError = candidate.locator('.field-error').first();
    await expect.poll(() => nameError.innerText()).toBe('"Two Repo" is not a usable repository name; use lower-case letters, digits, ".", "_" and "-" (at most 64)');
    expect(await nameField.getAttribute('aria-invalid')).toBe('true');
    expect(await candidate.getByRole('button', { name: 'Pin this root' }).isDisabled()).toBe(true);
    await typeInto(page, nameField, 'two');
    await page.keyboard.press('Enter');
    await expect.poll(() => candidate.innerText()).toContain('Nothing is pinned for repository “two” yet');
    expect(await nameField.getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page, 'pin card with a repository name');
    await press(page, candidate.getByRole('checkbox', { name: /I compared this fingerprint/ }), 'Space');
    await press(page, candidate.getByRole('button', { name: 'Pin this root' }));
    await expect.poll(() => focusedLabel(page)).toBe('Pinned root');

    // Both listed; the workspace stays on "one".
    const table = trust.getByRole('list', { name: 'Pinned repositories' });
    const rows = table.getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/^one\s*In use for reviews\s+root v1, fingerprint 1bc1 67f9 070f e3f4, expires 2025-12-31 23:59 UTC/);
    expect(await rows.nth(1).innerText()).toMatch(/^two\s+root v1, fingerprint [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}, expires .*\s+Review against two$/);
    expect(await trust.getByTestId('repository-in-use').innerText()).toBe('repository one');
    await expectAccessible(page, 'Home with two repositories');
    await saveScreenshot(page, 'pin-repositories');

    // 3. RSTUF's pending root update, reviewed against "one" and confirmed.
    h.dialogs.nextOpen = cliFixture('sign_pending_roles.json');
    await press(page, page.getByRole('button', { name: 'Open an RSTUF file…' }));
    await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
    await expect.poll(() => page.getByTestId('checked-against').innerText()).toBe('Checked against repository one, root v1.');
    await press(page, page.getByRole('checkbox', { name: /I have reviewed this/ }), 'Space');
    expect(await page.getByRole('button', { name: 'Continue to signing' }).isEnabled()).toBe(true);

    // 4. Switch to "two": the file's trusted root is not two's, and the confirmation is gone.
    await goTo(page, 'Home');
    await press(page, table.getByRole('button', { name: 'Review against two' }));
    await expect.poll(() => trust.getByTestId('repository-in-use').innerText()).toBe('repository two');
    await expect.poll(() => focusedLabel(page)).toBe('Pinned root');
    await goTo(page, 'Review');
    const refused = page.getByRole('alert').filter({ hasText: 'The review could not be built' });
    await expect.poll(() => refused.innerText()).toContain('repository "two"');
    expect(await page.getByTestId('checked-against').count()).toBe(0);

    // 5. Back to "one": checked against it again, and the holder must confirm again.
    await goTo(page, 'Home');
    await press(page, table.getByRole('button', { name: 'Review against one' }));
    await expect.poll(() => trust.getByTestId('repository-in-use').innerText()).toBe('repository one');
    await goTo(page, 'Review');
    await expect.poll(() => page.getByTestId('checked-against').innerText()).toBe('Checked against repository one, root v1.');
    await expect.poll(() => page.getByRole('checkbox', { name: /I have reviewed this/ }).isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: 'Continue to signing' }).isDisabled()).toBe(true);
  });
});
