// Changing a wizard's answers after Review (issue 16), in Chromium against the real dispatcher, by
// keyboard only: a bootstrap is built and reviewed; "Change answers" opens the wizard with every
// answer kept; the root threshold and the root expiry are changed and the payload is built again.
// The Review shows the new values, Home lists one item (the new one), and nothing of the old item
// (its review confirmation) shows on the new one. A payload that already carries a signature asks
// before building again drops it, and keeping it changes nothing.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CHANNELS } from '../../shared/ipc/channels.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, openScreen, pinRootInUi, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable, type Harness } from './harness.js';

const ONLINE_KEYID = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';

const press = async (page: Page, locator: Locator, key = 'Enter') => {
  await locator.focus();
  await page.keyboard.press(key);
};
const typeInto = async (page: Page, locator: Locator, text: string) => {
  await locator.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
};
const focusedText = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');

type Listed = { ok: boolean; value: { id: string; signaturesAdded: number; roles: { expires: string }[] }[] };
const openItems = async (h: Harness) => ((await h.dispatcher.handle(CHANNELS.workspaceList, undefined)) as Listed).value;
const daysFromNow = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / 86_400_000);

/** Keys imported, a bootstrap answered (2 of 2 root keys, root expiry 365) and built: on its Review. */
async function buildBootstrap(page: Page, h: Harness): Promise<void> {
  await openScreen(page, 'Keys');
  for (const file of ['JH.pub', 'JJ.pub', `${ONLINE_KEYID}.pub`]) {
    h.dialogs.nextOpen = cliFixture(file);
    await press(page, page.getByRole('button', { name: 'Import public keys or certificates…' }));
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
  }
  await openScreen(page, 'Ceremonies');
  await press(page, page.getByRole('button', { name: 'Start bootstrap' }));
  await expect.poll(() => focusedText(page)).toBe('Step 1: Root keys');
  await press(page, page.getByRole('checkbox', { name: /JH/ }), 'Space');
  await press(page, page.getByRole('checkbox', { name: /JJ/ }), 'Space');
  await typeInto(page, page.getByRole('textbox', { name: /Name for .*JH/ }), 'JimiHendrix');
  await typeInto(page, page.getByRole('textbox', { name: /Name for .*JJ/ }), 'JanisJoplin');
  await press(page, page.getByRole('button', { name: 'Next: Online key' }));
  await page.getByLabel('Online key', { exact: true }).selectOption(ONLINE_KEYID);
  await typeInto(page, page.getByLabel('Online key name'), 'Online');
  await typeInto(page, page.getByLabel('Online key URI'), `fn:${ONLINE_KEYID}`);
  await press(page, page.getByRole('button', { name: 'Next: Expiry and delegation' }));
  await press(page, page.getByRole('button', { name: 'Next: Check and create' }));
  await page.getByTestId('check-result').getByText(/^Every rule is met/).waitFor();
  await press(page, page.getByRole('button', { name: 'Create the payload and review it' }));
  await expect.poll(() => focusedText(page)).toMatch(/^Review: ceremony-payload\.json/);
}

const rootRow = (page: Page) => page.getByTestId('root-overview').getByRole('row', { name: /^root \d of \d/ });

describe.runIf(chromiumAvailable())('desktop app: changing a wizard’s answers after Review', () => {
  const app = appSessions();

  it('keeps every answer, rebuilds with a new threshold and expiry, and replaces the old item', async () => {
    const h = await app.start();
    const { page } = h;
    await buildBootstrap(page, h);
    await expect.poll(() => rootRow(page).innerText()).toMatch(/^root\s+2 of 2/);
    const [old] = await openItems(h);
    expect(daysFromNow(old!.roles[0]!.expires)).toBe(365);
    // The old item's review is confirmed: that confirmation must not follow the answers.
    const reviewed = page.getByRole('checkbox', { name: /I have reviewed this/ });
    await expect.poll(() => reviewed.isEnabled()).toBe(true);
    await press(page, reviewed, 'Space');
    expect(await reviewed.isChecked()).toBe(true);

    // No signature yet: straight back to the wizard, focus on the first step's heading, answers kept.
    await press(page, page.getByRole('button', { name: 'Change answers', exact: true }));
    await expect.poll(() => focusedText(page)).toBe('Step 1: Root keys');
    expect(await page.getByTestId('changing-answers').innerText()).toMatch(/Changing the answers of ceremony-payload\.json: building it again replaces that item\. Cancel keeps it as it is\./);
    expect(await page.getByRole('checkbox', { name: /JH/ }).isChecked()).toBe(true);
    expect(await page.getByRole('textbox', { name: /Name for .*JJ/ }).inputValue()).toBe('JanisJoplin');
    const threshold = page.getByLabel('Root threshold');
    expect(await threshold.inputValue()).toBe('2');
    await typeInto(page, threshold, '1');
    await press(page, page.getByRole('button', { name: 'Next: Online key' }));
    await expect.poll(() => focusedText(page)).toBe('Step 2: Online key');
    expect(await page.getByLabel('Online key URI').inputValue()).toBe(`fn:${ONLINE_KEYID}`);
    await press(page, page.getByRole('button', { name: 'Next: Expiry and delegation' }));
    const rootExpiry = page.getByLabel('root expiry (days)');
    expect(await rootExpiry.inputValue()).toBe('365');
    await typeInto(page, rootExpiry, '200');
    await press(page, page.getByRole('button', { name: 'Next: Check and create' }));
    const result = page.getByTestId('check-result');
    await result.getByText(/^Every rule is met, but read the warnings/).waitFor();
    expect(await result.innerText()).toMatch(/threshold/i);

    // From the check step any step opens again: focus on the step being changed, and back.
    await press(page, page.getByRole('button', { name: 'Change step 2: Online key' }));
    await expect.poll(() => focusedText(page)).toBe('Step 2: Online key');
    expect(await page.getByLabel('Online key name').inputValue()).toBe('Online');
    await press(page, page.getByRole('button', { name: 'Next: Expiry and delegation' }));
    await press(page, page.getByRole('button', { name: 'Next: Check and create' }));
    await result.getByText(/^Every rule is met/).waitFor();
    await saveScreenshot(page, 'wizard-change-answers', { fullPage: true });
    await expectAccessible(page, 'the check step while changing answers');
    await press(page, page.getByRole('button', { name: 'Build again and review it' }));

    // The new payload's Review, focus on its heading: the new threshold and expiry, nothing confirmed.
    await expect.poll(() => focusedText(page)).toMatch(/^Review: ceremony-payload\.json/);
    await expect.poll(() => rootRow(page).innerText()).toMatch(/^root\s+1 of 2/);
    expect(await page.getByRole('checkbox', { name: /I have reviewed this/ }).isChecked()).toBe(false);
    const items = await openItems(h);
    expect(items).toHaveLength(1);
    expect(items[0]!.id).not.toBe(old!.id);
    expect(daysFromNow(items[0]!.roles[0]!.expires)).toBe(200);
    // main closed the old item: its review is gone.
    const gone = (await h.dispatcher.handle(CHANNELS.reviewGet, { itemId: old!.id })) as { ok: boolean; error?: { message: string } };
    expect(gone.ok).toBe(false);
    expect(gone.error?.message).toMatch(/no longer open/);

    // Home lists the one item.
    await openScreen(page, 'Home');
    const rows = page.getByRole('region', { name: 'Open items' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByRole('button', { name: /^Review ceremony-payload\.json/ }).count()).toBe(1);
  });

  it('asks before building again drops a signature, and keeping it changes nothing', async () => {
    const h = await app.start();
    const { page } = h;
    await buildBootstrap(page, h);

    // JimiHendrix signs, by keyboard.
    const reviewed = page.getByRole('checkbox', { name: /I have reviewed this/ });
    await expect.poll(() => reviewed.isEnabled()).toBe(true);
    await press(page, reviewed, 'Space');
    await press(page, page.getByRole('button', { name: 'Continue to signing' }));
    h.dialogs.nextOpen = cliFixture('JH.ed25519');
    await press(page, page.getByRole('button', { name: 'Choose key file…' }));
    await expect.poll(() => page.getByTestId('key-file').innerText()).toContain('JH.ed25519');
    await typeInto(page, page.getByLabel('Passphrase'), FIXTURE_PASSWORD);
    await press(page, page.getByRole('button', { name: 'Sign with this key' }));
    await page.getByRole('region', { name: 'Signed and verified' }).waitFor();
    const [signed] = await openItems(h);
    expect(signed!.signaturesAdded).toBe(1);

    await openScreen(page, 'Review');
    const change = page.getByTestId('change-answers');
    await press(page, change.getByRole('button', { name: 'Change answers', exact: true }));
    const ask = change.getByRole('group', { name: 'Drop the signatures?' });
    expect(await ask.innerText()).toMatch(/ceremony-payload\.json carries 1 signature made here\. A changed payload has other bytes, so building it again drops that signature/);
    // Focus on keeping it: Enter twice never drops a signature.
    await expect.poll(() => focusedText(page)).toBe('Keep the signature');
    await expectAccessible(page, 'the question before signatures are dropped');
    await page.keyboard.press('Enter');
    expect(await ask.count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1, name: /^Review: / }).count()).toBe(1);
    expect((await openItems(h))[0]!.signaturesAdded).toBe(1);

    // Asked again, and this time yes: the wizard says what building again does, the button too.
    await press(page, change.getByRole('button', { name: 'Change answers', exact: true }));
    await press(page, page.getByRole('button', { name: 'Change answers and drop 1 signature' }));
    await expect.poll(() => focusedText(page)).toBe('Step 1: Root keys');
    expect(await page.getByTestId('changing-answers').innerText()).toContain('building it again replaces that item and drops its 1 signature');
    // Cancel: the signed item stays as it was.
    await press(page, page.getByRole('button', { name: 'Cancel the ceremony' }));
    expect((await openItems(h)).map((i) => [i.id, i.signaturesAdded])).toEqual([[signed!.id, 1]]);

    await openScreen(page, 'Review');
    await press(page, page.getByTestId('change-answers').getByRole('button', { name: 'Change answers', exact: true }));
    await press(page, page.getByRole('button', { name: 'Change answers and drop 1 signature' }));
    await expect.poll(() => focusedText(page)).toBe('Step 1: Root keys');
    await press(page, page.getByRole('button', { name: 'Next: Online key' }));
    await press(page, page.getByRole('button', { name: 'Next: Expiry and delegation' }));
    await typeInto(page, page.getByLabel('timestamp expiry (days)'), '2');
    await press(page, page.getByRole('button', { name: 'Next: Check and create' }));
    await page.getByTestId('check-result').getByText(/^Every rule is met/).waitFor();
    await press(page, page.getByRole('button', { name: 'Build again and review it (drops 1 signature)' }));
    await expect.poll(() => focusedText(page)).toMatch(/^Review: ceremony-payload\.json/);
    const items = await openItems(h);
    expect(items.map((i) => i.signaturesAdded)).toEqual([0]);
    expect(items[0]!.id).not.toBe(signed!.id);
    const progress = page.getByRole('list', { name: 'Signature progress' }).first();
    await expect.poll(() => progress.innerText()).toMatch(/0 of 2: .*missing/);
  });
});

describe.runIf(chromiumAvailable())('desktop app: changing an update wizard’s answers after Review', () => {
  const app = appSessions();

  it('brings back the update’s answers (added and removed keys, expiry) and rebuilds from the pinned root', async () => {
    const h = await app.start();
    const { page } = h;
    await pinRootInUi(page, h, 'ceremony.json');
    await openScreen(page, 'Keys');
    h.dialogs.nextOpen = cliFixture('JC.pub');
    await press(page, page.getByRole('button', { name: 'Import public keys or certificates…' }));
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();

    await openScreen(page, 'Ceremonies');
    await press(page, page.getByRole('button', { name: 'Start metadata update' }));
    await expect.poll(() => focusedText(page)).toBe('Step 1: Starting root');
    await press(page, page.getByRole('button', { name: 'Next: Changes' }));
    await typeInto(page, page.getByLabel('New root expiry (days from today)'), '365');
    await press(page, page.getByRole('checkbox', { name: /JC/ }), 'Space');
    await typeInto(page, page.getByRole('textbox', { name: /Name for .*JC/ }), 'JoeCocker');
    await press(page, page.getByRole('button', { name: 'Next: Check and create' }));
    await page.getByText('Every rule is met.').waitFor();
    await press(page, page.getByRole('button', { name: 'Create the payload and review it' }));
    await expect.poll(() => focusedText(page)).toMatch(/^Review: update-payload\.json/);
    const changes = page.getByRole('list', { name: 'Changes in root' });
    await expect.poll(() => changes.innerText()).toMatch(/New key in root: JoeCocker/);
    expect(await changes.innerText()).not.toMatch(/Key removed from root/);
    const [first] = await openItems(h);
    expect(daysFromNow(first!.roles[0]!.expires)).toBe(365);

    // Back in the wizard: the added key and its name and the expiry are kept; JimiHendrix is removed now.
    await press(page, page.getByRole('button', { name: 'Change answers', exact: true }));
    await expect.poll(() => focusedText(page)).toBe('Step 1: Starting root');
    await press(page, page.getByRole('button', { name: 'Next: Changes' }));
    expect(await page.getByRole('checkbox', { name: /JC/ }).isChecked()).toBe(true);
    expect(await page.getByRole('textbox', { name: /Name for .*JC/ }).inputValue()).toBe('JoeCocker');
    expect(await page.getByLabel('New root expiry (days from today)').inputValue()).toBe('365');
    await typeInto(page, page.getByLabel('New root expiry (days from today)'), '200');
    await press(page, page.getByRole('checkbox', { name: /JimiHendrix/ }), 'Space');
    await press(page, page.getByRole('button', { name: 'Next: Check and create' }));
    await page.getByText('Every rule is met.').waitFor();
    await press(page, page.getByRole('button', { name: 'Build again and review it', exact: true }));
    await expect.poll(() => focusedText(page)).toMatch(/^Review: update-payload\.json/);
    await expect.poll(() => changes.innerText()).toMatch(/Key removed from root: JimiHendrix/);
    expect(await changes.innerText()).toMatch(/New key in root: JoeCocker/);
    // One item, the new one, built from the pinned root v1 again.
    const items = await openItems(h);
    expect(items).toHaveLength(1);
    expect(items[0]!.id).not.toBe(first!.id);
    expect(daysFromNow(items[0]!.roles[0]!.expires)).toBe(200);
    expect(await changes.innerText()).toContain('Version 1 -> 2.');
  });
});
