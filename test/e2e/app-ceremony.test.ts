// The bootstrap wizard end to end with two root key holders, in Chromium against the real
// dispatcher: import public keys, answer the wizard (rules beside every input), build RSTUF's
// bootstrap payload, review it, then two holders sign in turn on the same laptop and export.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import { verifySignature } from '../../main/core/tuf/verify.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, openScreen, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable, type Harness } from './harness.js';

const ONLINE_KEYID = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';

async function signAs(page: Page, h: Harness, keyFile: string): Promise<void> {
  await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
  await page.getByRole('button', { name: 'Continue to signing' }).click();
  h.dialogs.nextOpen = cliFixture(keyFile);
  await page.getByRole('button', { name: 'Choose key file…' }).click();
  await expect.poll(() => page.getByTestId('key-file').innerText()).toContain(keyFile);
  await page.getByLabel('Passphrase').fill(FIXTURE_PASSWORD);
  await page.getByRole('button', { name: 'Sign with this key' }).click();
  await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();
}

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
    await page.getByLabel('Root threshold').fill('2');
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
    await page.getByLabel('Online key URI').fill('file:/tmp/online.key');
    await page.getByRole('button', { name: 'Next: Expiry and delegation' }).click();
    expect(await page.getByLabel('root expiry (days)').inputValue()).toBe('365');
    await page.getByRole('button', { name: 'Next: Check and create' }).click();
    const problems = page.getByRole('alert');
    await problems.waitFor();
    expect(await problems.innerText()).toContain('online_key.uri');
    expect(await page.getByRole('button', { name: 'Create the payload and review it' }).isDisabled()).toBe(true);

    // Fix it where it belongs and check again.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    const uri = page.getByLabel('Online key URI');
    expect(await uri.getAttribute('aria-invalid')).toBe('true');
    await uri.fill(`fn:${ONLINE_KEYID}`);
    await page.getByRole('button', { name: 'Next: Expiry and delegation' }).click();
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
});
