// The bootstrap wizard end to end with two root key holders, in Chromium against the real
// dispatcher: import public keys, answer the wizard (rules beside every input), build RSTUF's
// bootstrap payload, review it, then two holders sign in turn on the same laptop and export.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import { verifySignature } from '../../main/core/tuf/verify.js';
import { cliFixture } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, openScreen, saveScreenshot, signWithKeyFileInUi } from '../helpers/app-e2e.js';
import { chromiumAvailable, type Harness } from './harness.js';
import { CHANNELS } from '../../shared/ipc/channels.js';

const ONLINE_KEYID = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';

const signAs = async (page: Page, h: Harness, keyFile: string): Promise<void> => {
  await signWithKeyFileInUi(page, h, keyFile);
};

describe.runIf(chromiumAvailable())('desktop app: bootstrap ceremony', () => {
  // (d) after each test: nothing left 127.0.0.1, no console error or CSP violation (appSessions).
  const app = appSessions();

  it('builds a bootstrap payload in the wizard and collects two root signatures', async () => {
    const h = await app.start();
    const { page } = h;

    // Keys: the two holders' public keys and the online key.
    await openScreen(page, 'Keys');
    await page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();
    for (const file of ['JH.pub', 'JJ.pub', `${ONLINE_KEYID}.pub`]) {
      h.dialogs.nextOpen = cliFixture(file);
      await page.getByRole('button', { name: 'Import public keys or certificates…' }).click();
      await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
    }
    const keyTable = page.getByRole('table');
    await expect.poll(async () => (await keyTable.getByRole('row').count()) - 1).toBe(3);
    await saveScreenshot(page, 'keys');
    await expectAccessible(page, 'keys');

    await openScreen(page, 'Ceremonies');
    await page.getByRole('heading', { level: 1, name: 'Ceremonies' }).waitFor();
    await saveScreenshot(page, 'ceremonies');
    await expectAccessible(page, 'ceremonies');
    await page.getByRole('button', { name: 'Start bootstrap' }).click();

    // Step 1: root keys and threshold, the rule next to the input.
    await page.getByRole('checkbox', { name: /JH/ }).check();
    await page.getByRole('checkbox', { name: /JJ/ }).check();
    await page.getByRole('textbox', { name: /Name for .*JH/ }).fill('JimiHendrix');
    await page.getByRole('textbox', { name: /Name for .*JJ/ }).fill('JanisJoplin');
    // Two keys picked: the threshold is already 2 ("2 or more is safer").
    expect(await page.getByLabel('Root threshold').inputValue()).toBe('2');
    expect(await page.getByText(/between 1 and the number of root keys \(2 picked\)/).count()).toBe(1);
    await saveScreenshot(page, 'ceremony-bootstrap-root-keys');
    await expectAccessible(page, 'bootstrap step 1');
    await page.getByRole('button', { name: 'Next: Online key' }).click();

    // Step 2: the online key is offered only among non-root keys; an invalid URI is named by rule.
    const online = page.getByLabel('Online key', { exact: true });
    const offered = await online.locator('option').allInnerTexts();
    expect(offered.some((o) => o.includes(ONLINE_KEYID.slice(0, 8)))).toBe(true);
    expect(offered.filter((o) => !o.startsWith('Choose'))).toHaveLength(1);
    await online.selectOption({ index: 1 });
    expect(await page.getByLabel('Online key name').inputValue()).not.toBe('');
    await page.getByLabel('Online key name').fill('Online');
    await page.getByLabel('Online key URI').fill(`fn:${ONLINE_KEYID}`);
    await page.getByRole('button', { name: 'Next: Expiry and delegation' }).click();
    expect(await page.getByLabel('root expiry (days)').inputValue()).toBe('365');
    await page.getByRole('button', { name: 'Next: Check and create' }).click();
    await page.getByText('Every rule is met.').waitFor();
    await saveScreenshot(page, 'ceremony-bootstrap-check');
    await expectAccessible(page, 'bootstrap check');
    await page.getByRole('button', { name: 'Create the payload and review it' }).click();

    // The payload goes through the same review: root v1 waiting for 2 of 2.
    const reviewHeading = page.getByRole('heading', { level: 1, name: /^Review: / });
    await reviewHeading.waitFor();
    const bootstrapName = (await reviewHeading.innerText()).replace(/^Review: /, '');
    const progress = page.getByRole('list', { name: 'Signature progress' }).first();
    await expect.poll(() => progress.innerText()).toMatch(/0 of 2: .*missing/);
    // A bootstrap root has nothing to be compared with, so the review shows the whole root instead.
    const overview = page.getByTestId('root-overview');
    expect(await overview.getByRole('row', { name: /^root 2 of 2/ }).innerText()).toMatch(/JimiHendrix.*JanisJoplin|JanisJoplin.*JimiHendrix/);
    expect(await overview.getByRole('row', { name: /^timestamp 1 of 1/ }).count()).toBe(1);
    expect(await overview.innerText()).toContain(`fn:${ONLINE_KEYID}`);
    await saveScreenshot(page, 'review-bootstrap');
    await expectAccessible(page, 'review of a bootstrap payload');

    // First holder, then the next holder on the same laptop (who must confirm the review again).
    await signAs(page, h, 'JH.ed25519');
    await page.getByRole('button', { name: 'Another key holder signs next' }).click();
    await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
    expect(await page.getByRole('checkbox', { name: /I have reviewed this/ }).isChecked()).toBe(false);
    await signAs(page, h, 'JJ.ecdsa');
    const done = page.getByRole('region', { name: 'Signed and verified' }).getByRole('list', { name: 'Signature progress' });
    expect(await done.innerText()).toMatch(/threshold met .*2 of 2: /);

    await page.getByRole('button', { name: 'Export the bundle' }).click();
    const usb = join(h.workDir, 'usb');
    mkdirSync(usb);
    h.dialogs.nextFolder = usb;
    await page.getByRole('button', { name: 'Choose destination and export…' }).click();
    await page.getByRole('heading', { name: /^Exported to / }).waitFor();

    const [bundle] = readdirSync(usb);
    const payloadFile = readdirSync(join(usb, bundle!)).find((f) => f !== 'manifest.json')!;
    const payload = JSON.parse(readFileSync(join(usb, bundle!, payloadFile), 'utf8'));
    const root = payload.metadata.root;
    expect(payload.settings).toBeDefined();
    expect(root.signed.version).toBe(1);
    expect(root.signed.roles.root.threshold).toBe(2);
    expect(root.signed.keys[ONLINE_KEYID]['x-rstuf-online-key-uri']).toBe(`fn:${ONLINE_KEYID}`);
    expect(root.signatures).toHaveLength(2);
    const signed = canonicalBytes(root.signed);
    for (const sig of root.signatures) {
      expect(root.signed.roles.root.keyids).toContain(sig.keyid);
      expect(verifySignature(root.signed.keys[sig.keyid], sig.sig, signed)).toBe(true);
    }
    const names = root.signatures.map((s: { keyid: string }) => root.signed.keys[s.keyid]['x-rstuf-key-name']).sort();
    expect(names).toEqual(['JanisJoplin', 'JimiHendrix']);

    // Issue 12: a sign result belongs to its item. Open RSTUF's pending root update next and go to
    // Sign: it shows its own signatures and a fresh form, never the bootstrap's "Signed and verified".
    await openScreen(page, 'Home');
    h.dialogs.nextOpen = cliFixture('sign_pending_roles.json');
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    const pendingName = 'repository-service-tuf-cli__sign_pending_roles.json';
    await page.getByRole('heading', { level: 1, name: `Review: ${pendingName}` }).waitFor();
    await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
    await page.getByRole('button', { name: 'Continue to signing' }).click();
    await page.getByRole('heading', { level: 1, name: `Sign: ${pendingName}` }).waitFor();
    const sofar = page.getByRole('region', { name: 'Signatures so far' });
    await expect.poll(() => sofar.innerText()).toMatch(/trusted root v1: 1 of 2/);
    expect(await sofar.innerText()).toMatch(/root v2/);
    expect(await page.getByRole('region', { name: 'Signed and verified' }).count()).toBe(0);
    expect(await page.getByText(/JanisJoplin signed root v1/).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Sign' }).count()).toBe(1);
    expect(await page.getByLabel('Passphrase').inputValue()).toBe('');

    // Back to the bootstrap: its own result is still there.
    await openScreen(page, 'Home');
    await page.getByRole('button', { name: `Review ${bootstrapName}` }).click();
    await page.getByRole('heading', { level: 1, name: `Review: ${bootstrapName}` }).waitFor();
    expect(await page.getByRole('checkbox', { name: /I have reviewed this/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continue to signing' }).click();
    await page.getByRole('heading', { level: 1, name: `Sign: ${bootstrapName}` }).waitFor();
    const again = page.getByRole('region', { name: 'Signed and verified' });
    expect(await again.innerText()).toMatch(/JanisJoplin signed root v1/);
    expect(await again.getByRole('list', { name: 'Signature progress' }).innerText()).toMatch(/threshold met .*2 of 2: /);
    expect(await page.getByRole('form', { name: 'Sign' }).count()).toBe(0);
  });

  // Keyboard only (issue 16): Tab to a control and press Enter or Space, never a click.
  const press = async (page: Page, locator: ReturnType<Page['getByRole']>, key = 'Enter') => {
    await locator.focus();
    await page.keyboard.press(key);
  };
  const focusedText = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
  const focusedLabel = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.innerText ?? '');
  /** The texts an element's aria-describedby points at: what a screen reader says after its label. */
  const description = (page: Page) =>
    page.evaluate(() => (document.activeElement?.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.innerText ?? '').join(' | '));
  const typeInto = async (page: Page, locator: ReturnType<Page['getByLabel']>, text: string) => {
    await locator.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  };

  it('refuses each bootstrap step with the rule under the field, by keyboard, and builds what the check step said', async () => {
    // The clock moves 7 s at every reading: the payload must still carry the expiry the check showed.
    let tick = 0;
    const start = Date.parse('2026-12-03T09:18:49Z');
    const h = await app.start({ services: { now: () => new Date(start + 7000 * tick++) } });
    const { page } = h;
    await openScreen(page, 'Keys');
    for (const file of ['JH.pub', 'JJ.pub', `${ONLINE_KEYID}.pub`]) {
      h.dialogs.nextOpen = cliFixture(file);
      await press(page, page.getByRole('button', { name: 'Import public keys or certificates…' }));
      await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
    }
    await openScreen(page, 'Ceremonies');
    await press(page, page.getByRole('button', { name: 'Start bootstrap' }));
    // Starting moves focus to the step's heading, not <body>.
    await expect.poll(() => focusedText(page)).toBe('Step 1: Root keys');

    // Step 1, nothing picked: Enter on Next, twice, stays on step 1 with the rule at the key list.
    const next1 = page.getByRole('button', { name: 'Next: Online key' });
    await press(page, next1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    expect(await description(page)).toContain('at least one key is required');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('heading', { level: 2, name: 'Step 1: Root keys' }).count()).toBe(1);
    expect(await page.locator('.steps li.done').count()).toBe(0);

    await press(page, page.getByRole('checkbox', { name: /JH/ }), 'Space');
    await press(page, page.getByRole('checkbox', { name: /JJ/ }), 'Space');
    const threshold = page.getByLabel('Root threshold');
    expect(await threshold.inputValue()).toBe('2');
    await typeInto(page, threshold, '3');
    await press(page, next1);
    await expect.poll(() => focusedLabel(page)).toBe('Root threshold');
    expect(await threshold.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page)).toContain('a threshold of 3 can never be met with 2 keys');
    // Lowered to 1: allowed, but the check step will say why it is dangerous.
    await typeInto(page, threshold, '1');
    await press(page, next1);
    await expect.poll(() => focusedText(page)).toBe('Step 2: Online key');
    expect(await page.locator('.steps li.done').allTextContents()).toEqual(['1. Root keys (done)']);

    // Step 2: no online key, then a URI the worker cannot load.
    const next2 = page.getByRole('button', { name: 'Next: Expiry and delegation' });
    await press(page, next2);
    await expect.poll(() => focusedLabel(page)).toBe('Online key');
    expect(await description(page)).toContain('choose the online key');
    const online = page.getByLabel('Online key', { exact: true });
    await online.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => online.inputValue()).toBe(ONLINE_KEYID);
    await typeInto(page, page.getByLabel('Online key URI'), 'file:/tmp/online.key');
    await press(page, next2);
    await expect.poll(() => focusedLabel(page)).toBe('Online key URI');
    expect(await page.getByLabel('Online key URI').getAttribute('aria-invalid')).toBe('true');
    expect(await description(page)).toContain('"file:/tmp/online.key" is not a URI the RSTUF worker can load');
    expect(await page.locator('.steps li.done').count()).toBe(1);
    await saveScreenshot(page, 'ceremony-step-refused');
    await expectAccessible(page, 'a refused wizard step');
    // The short key id the screens show is enough: it becomes the whole id when the field is left.
    await typeInto(page, page.getByLabel('Online key URI'), `fn:${ONLINE_KEYID.slice(0, 8)}`);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByLabel('Online key URI').inputValue()).toBe(`fn:${ONLINE_KEYID}`);
    await press(page, next2);
    await expect.poll(() => focusedText(page)).toBe('Step 3: Expiry and delegation');

    // Step 3: an expiry of 0 days.
    const snapshot = page.getByLabel('snapshot expiry (days)');
    await typeInto(page, snapshot, '0');
    const next3 = page.getByRole('button', { name: 'Next: Check and create' });
    await press(page, next3);
    await expect.poll(() => focusedLabel(page)).toBe('snapshot expiry (days)');
    expect(await description(page)).toContain('days until expiry must be a whole number greater than 0');
    await typeInto(page, snapshot, '1');
    await press(page, next3);

    // The check step: the review's own danger for a root threshold of 1, before anything is built,
    // and what will be built. Focus is on the answer.
    const result = page.getByTestId('check-result');
    await result.getByText(/^Every rule is met, but read the warnings/).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('check-result');
    const danger = result.getByRole('region', { name: 'Warnings for The bootstrap root' });
    expect(await danger.innerText()).toMatch(/Danger: The root threshold is 1: a single lost or stolen root key can take over the whole repository\. \(root-threshold-one\)/);
    const summary = page.getByTestId('build-summary');
    const summaryText = await summary.innerText();
    expect(summaryText).toMatch(/Root keys\s+1 of 2 must sign/);
    expect(summaryText).toMatch(/Hash bins\s+256 bins roles signed by the online key, each expiring after 1 day/);
    expect(summaryText).toMatch(/Online roles expire after\s+targets 365 days, snapshot 1 day, timestamp 1 day/);
    expect(summaryText).toContain(`(0d9d3d4b) at fn:${ONLINE_KEYID}`);
    const shownExpiry = /Root expires\s+(\S+) \(in 365 days\)/.exec(summaryText)?.[1];
    expect(shownExpiry).toMatch(/^2027-12-03T09:\d\d:\d\dZ$/);

    await press(page, page.getByRole('button', { name: 'Create the payload and review it' }));
    await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
    const list = (await h.dispatcher.handle(CHANNELS.workspaceList, undefined)) as { ok: boolean; value: { id: string }[] };
    const canonical = (await h.dispatcher.handle(CHANNELS.reviewCanonical, { itemId: list.value[0]!.id, role: 'root' })) as { ok: boolean; value: { text: string } };
    // Canonical JSON keeps the PEM's newlines raw, so it is read with a pattern, not JSON.parse.
    expect(/"expires":"([^"]+)"/.exec(canonical.value.text)?.[1]).toBe(shownExpiry);
  });

  it('shows the current root beside the changes and the threshold-lowering danger at the check step (update, keyboard only)', async () => {
    const h = await app.start();
    const { page } = h;
    h.dialogs.nextOpen = cliFixture('ceremony.json');
    const trust = page.getByRole('region', { name: 'Trust store' });
    await press(page, trust.getByRole('button', { name: 'Pin a root from a file…' }));
    const candidate = trust.getByRole('group', { name: 'Root to pin' });
    await press(page, candidate.getByRole('checkbox', { name: /I compared this fingerprint/ }), 'Space');
    await press(page, candidate.getByRole('button', { name: 'Pin this root' }));
    await trust.getByText('Pinned root fingerprint').waitFor();

    await openScreen(page, 'Ceremonies');
    await press(page, page.getByRole('button', { name: 'Start metadata update' }));
    await expect.poll(() => focusedText(page)).toBe('Step 1: Starting root');
    await press(page, page.getByRole('button', { name: 'Next: Changes' }));
    // Step 2 shows what the pinned root says now.
    const current = page.getByTestId('current-root');
    await current.waitFor();
    expect(await current.innerText()).toMatch(/Root keys\s+2 of 2 must sign: JimiHendrix's Key \(c6d8bf2e\), JanisJoplin's Key \(50d7e110\)/);
    expect(await current.innerText()).toContain('Root expires\n2025-12-31T23:59:59Z');
    expect(await page.getByText(/Leave empty to keep it \(now 2 of 2\)/).count()).toBe(1);

    const threshold = page.getByLabel('New root threshold');
    await typeInto(page, threshold, '0');
    const next = page.getByRole('button', { name: 'Next: Check and create' });
    await press(page, next);
    await expect.poll(() => focusedLabel(page)).toBe('New root threshold');
    expect(await description(page)).toContain('the threshold must be a whole number of at least 1, not 0');
    await typeInto(page, threshold, '1');
    await typeInto(page, page.getByLabel('New root expiry (days from today)'), '365');
    await press(page, next);

    const result = page.getByTestId('check-result');
    const danger = result.getByRole('region', { name: 'Warnings for The new root' });
    await danger.waitFor();
    const text = await danger.innerText();
    expect(text).toContain('Danger: The root threshold drops from 2 to 1: fewer keys will be enough to sign root. (threshold-lowered)');
    expect(text).toContain('(root-threshold-one)');
    expect(await result.innerText()).not.toContain('Every rule is met.\n');
    expect(await page.getByTestId('build-summary').innerText()).toMatch(/Root version\s+2/);
    await expectAccessible(page, 'update check step with dangers');
  });
});
