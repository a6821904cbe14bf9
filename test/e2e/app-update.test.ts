// The metadata update wizard end to end (root rotation), in Chromium against the real dispatcher:
// pin RSTUF's root v1, add JoeCocker's key and remove JimiHendrix's, review the new root v2, and
// collect the signatures both thresholds need (old root v1 and new root v2) from three holders.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cliFixture } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, openScreen, pinRootInUi, saveScreenshot, signWithKeyFileInUi } from '../helpers/app-e2e.js';
import { chromiumAvailable, type Harness } from './harness.js';

/** One holder signs, then hands over to the next; returns the signature progress after the signature. */
async function signAs(page: Page, h: Harness, keyFile: string): Promise<string> {
  const result = await signWithKeyFileInUi(page, h, keyFile);
  const progress = await result.getByRole('list', { name: 'Signature progress' }).innerText();
  await page.getByRole('button', { name: 'Another key holder signs next' }).click();
  await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
  return progress;
}

describe.runIf(chromiumAvailable())('desktop app: metadata update (root rotation)', () => {
  const app = appSessions();

  it('rotates a root key from the pinned root and collects old and new thresholds', async () => {
    const h = await app.start();
    const { page } = h;

    await pinRootInUi(page, h, 'ceremony.json');

    await openScreen(page, 'Keys');
    h.dialogs.nextOpen = cliFixture('JC.pub');
    await page.getByRole('button', { name: 'Import public keys or certificates…' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();

    await openScreen(page, 'Ceremonies');
    await page.getByRole('button', { name: 'Start metadata update' }).click();
    expect(await page.getByLabel('Root to update').inputValue()).toBe('pinned');
    await page.getByRole('button', { name: 'Next: Changes' }).click();
    await page.getByLabel('New root expiry (days from today)').fill('365');
    await page.getByRole('checkbox', { name: /JC/ }).check();
    await page.getByRole('textbox', { name: /Name for .*JC/ }).fill('JoeCocker');
    await page.getByRole('checkbox', { name: /JimiHendrix/ }).check();
    await page.getByRole('button', { name: 'Next: Check and create' }).click();
    await page.getByText('Every rule is met.').waitFor();
    const summary = await page.getByRole('region', { name: /^Step 3/ }).innerText();
    expect(summary).toMatch(/JoeCocker/);
    expect(summary).toMatch(/JimiHendrix/);
    await saveScreenshot(page, 'ceremony-update-check');
    await expectAccessible(page, 'update check');
    await page.getByRole('button', { name: 'Create the payload and review it' }).click();

    await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
    const changes = page.getByRole('list', { name: 'Changes in root' });
    await expect.poll(() => changes.innerText()).toContain('Version 1 -> 2.');
    expect(await changes.innerText()).toMatch(/New key in root: JoeCocker/);
    expect(await changes.innerText()).toMatch(/Key removed from root: JimiHendrix/);
    // Judged against the pinned root, and the screen says so.
    expect(await page.getByTestId('trust-anchor').innerText()).toMatch(/pinned|trust store/i);
    const before = await page.getByRole('list', { name: 'Signature progress' }).first().innerText();
    expect(before).toMatch(/trusted root v1: 0 of 2/);
    expect(before).toMatch(/new root v2: 0 of 2/);

    // JanisJoplin is in both roots; JimiHendrix only in the old one; JoeCocker only in the new one.
    expect(await signAs(page, h, 'JJ.ecdsa')).toMatch(/trusted root v1: 1 of 2[\s\S]*new root v2: 1 of 2/);
    expect(await signAs(page, h, 'JH.ed25519')).toMatch(/threshold met trusted root v1: 2 of 2[\s\S]*new root v2: 1 of 2/);
    const last = await signAs(page, h, 'JC.rsa');
    expect(last).toMatch(/threshold met trusted root v1: 2 of 2/);
    expect(last).toMatch(/threshold met new root v2: 2 of 2/);
    expect(await page.getByRole('heading', { level: 2, name: /^root v2 / }).innerText()).toContain('fully signed');
  });
});
