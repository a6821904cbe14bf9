// Custom delegations in the bootstrap wizard (issue 14 item 6), in Chromium against the real
// dispatcher, by keyboard: a role RSTUF could never serve for signing and a threshold above its keys
// are refused under their fields by the CLI's own rules; a bins online key on a role without bins
// is refused by main's check under its field; two valid roles are built (the second with nested bins
// and their own online key, x-rstuf-role-online-key), and the payload is, canonically and byte for
// byte, what `rstuf-signer ceremony` builds from the same answers.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import { CHANNELS } from '../../shared/ipc/channels.js';
import { cliFixture } from '../helpers/fixtures.js';
import { runSigner } from '../helpers/cli.js';
import { appSessions, expectAccessible, openScreen, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable } from './harness.js';

const ONLINE_KEYID = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';
/** RSTUF's second test online key: here the key that signs the "dev" role's nested bins. */
const BINS_KEYID = 'cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2';

const press = async (page: Page, locator: Locator, key = 'Enter') => {
  await locator.focus();
  await page.keyboard.press(key);
};
const typeInto = async (page: Page, locator: Locator, text: string) => {
  await locator.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
};
const focusedLabel = (page: Page) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.innerText ?? '');
const focusedText = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
/** What a screen reader says after the field's label: the texts its aria-describedby points at. */
/** A <select> set by arrow keys, as a keyboard user does it. */
const chooseByKeyboard = async (page: Page, select: Locator, value: string) => {
  const values = await select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  const from = values.indexOf(await select.inputValue());
  const to = values.indexOf(value);
  expect(to).toBeGreaterThanOrEqual(0);
  await select.focus();
  for (let i = 0; i < Math.abs(to - from); i += 1) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  await expect.poll(() => select.inputValue()).toBe(value);
};
const describedBy = (locator: Locator) =>
  locator.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.innerText ?? '').join(' | '));

describe.runIf(chromiumAvailable())('desktop app: bootstrap with custom delegations', () => {
  const app = appSessions();

  it('refuses a role RSTUF cannot serve and an unreachable threshold, then builds what rstuf-signer ceremony builds', async () => {
    const h = await app.start();
    const { page } = h;
    await openScreen(page, 'Keys');
    for (const file of ['JH.pub', 'JJ.pub', 'JC.pub', `${ONLINE_KEYID}.pub`, `${BINS_KEYID}.pub`]) {
      h.dialogs.nextOpen = cliFixture(file);
      await press(page, page.getByRole('button', { name: 'Import public keys or certificates…' }));
      await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
    }
    await openScreen(page, 'Ceremonies');
    await press(page, page.getByRole('button', { name: 'Start bootstrap' }));
    await expect.poll(() => focusedText(page)).toBe('Step 1: Root keys');

    // Steps 1 and 2 as in any bootstrap: two root keys, the online key.
    await press(page, page.getByRole('checkbox', { name: /JH/ }), 'Space');
    await press(page, page.getByRole('checkbox', { name: /JJ/ }), 'Space');
    await typeInto(page, page.getByRole('textbox', { name: /Name for .*JH/ }), 'JimiHendrix');
    await typeInto(page, page.getByRole('textbox', { name: /Name for .*JJ/ }), 'JanisJoplin');
    await press(page, page.getByRole('button', { name: 'Next: Online key' }));
    await expect.poll(() => focusedText(page)).toBe('Step 2: Online key');
    await page.getByLabel('Online key', { exact: true }).selectOption(ONLINE_KEYID);
    await typeInto(page, page.getByLabel('Online key name'), 'Online');
    await typeInto(page, page.getByLabel('Online key URI'), `fn:${ONLINE_KEYID}`);
    await press(page, page.getByRole('button', { name: 'Next: Expiry and delegation' }));
    await expect.poll(() => focusedText(page)).toBe('Step 3: Expiry and delegation');

    // Step 3: custom delegations instead of hash bins; the bins' own questions go away.
    await press(page, page.getByRole('radio', { name: 'Custom delegations' }), 'Space');
    expect(await page.getByLabel('Hash bins', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('bins expiry (days)').count()).toBe(0);

    // Role 1, wrong twice: "Prod_Team" is lower-cased and cut at "_" by RSTUF; 3 of 2 keys.
    await typeInto(page, page.getByLabel('Role 1 name'), 'Prod_Team');
    await typeInto(page, page.getByLabel('Role 1 path patterns'), 'prod/*\nrelease/*');
    const role1Keys = page.getByRole('group', { name: 'Role 1 keys' });
    await press(page, role1Keys.getByRole('checkbox', { name: /JC/ }), 'Space');
    await press(page, role1Keys.getByRole('checkbox', { name: /JH/ }), 'Space');
    await typeInto(page, role1Keys.getByRole('textbox', { name: /Name for .*JC/ }), 'JoeCocker');
    await typeInto(page, role1Keys.getByRole('textbox', { name: /Name for .*JH/ }), 'JimiHendrix');
    const threshold1 = page.getByLabel('Role 1 threshold');
    await typeInto(page, threshold1, '3');
    await typeInto(page, page.getByLabel('Role 1 expiry (days)'), '30');
    const next = page.getByRole('button', { name: 'Next: Check and create' });
    await press(page, next);
    // Refused: focus on the first invalid field, its rule named under it and read with it.
    await expect.poll(() => focusedLabel(page)).toBe('Role 1 name');
    const name1 = page.getByLabel('Role 1 name');
    expect(await name1.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(name1)).toContain('RSTUF lower-cases role names and cuts them at the first "_" when it serves metadata for signing, so "Prod_Team" could never be signed offline; use "prod-team" (role-name-survives-rstuf)');
    expect(await threshold1.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(threshold1)).toContain('a threshold of 3 can never be met with 2 keys; add keys or lower the threshold (threshold-range)');
    expect(await page.getByRole('heading', { level: 2, name: 'Step 3: Expiry and delegation' }).count()).toBe(1);
    await expectAccessible(page, 'a refused custom delegation');

    // Fixed, and a second role signed by the online key, not terminating.
    await typeInto(page, name1, 'prod');
    await typeInto(page, threshold1, '2');
    await press(page, page.getByRole('button', { name: 'Add a delegated role' }));
    await typeInto(page, page.getByLabel('Role 2 name'), 'dev');
    await typeInto(page, page.getByLabel('Role 2 path patterns'), 'dev/*');
    await typeInto(page, page.getByLabel('Role 2 expiry (days)'), '7');
    await press(page, page.getByRole('checkbox', { name: /Role 2 is terminating/ }), 'Space');
    // RSTUF's newer format: 64 hash bins nested below the online-signed role (x-rstuf-num-bins).
    const nested = page.getByLabel('Role 2 nested hash bins');
    await nested.focus();
    for (let i = 0; i < 6; i += 1) await page.keyboard.press('ArrowDown');
    await expect.poll(() => nested.inputValue()).toBe('64');
    // A name RSTUF keeps for its hash bins is refused too, on the second role.
    await typeInto(page, page.getByLabel('Role 2 name'), 'bins-dev');
    await press(page, next);
    await expect.poll(() => focusedLabel(page)).toBe('Role 2 name');
    expect(await describedBy(page.getByLabel('Role 2 name'))).toContain('(role-name-reserved)');
    expect(await page.getByLabel('Role 1 name').getAttribute('aria-invalid')).toBeNull();
    await typeInto(page, page.getByLabel('Role 2 name'), 'dev');
    // The nested bins get their own online key (x-rstuf-role-online-key), its URI by the short key id.
    await chooseByKeyboard(page, page.getByLabel('Role 2 bins online key', { exact: true }), BINS_KEYID);
    await typeInto(page, page.getByLabel('Role 2 bins online key name'), 'DevBins');
    const binsUri = page.getByLabel('Role 2 bins online key URI');
    await typeInto(page, binsUri, 'file:dev-bins.pem');
    await press(page, next);
    // Refused at once by the CLI's URI rule, under that field.
    await expect.poll(() => focusedLabel(page)).toBe('Role 2 bins online key URI');
    expect(await describedBy(binsUri)).toContain('(online-key-uri)');
    await typeInto(page, binsUri, `fn:${BINS_KEYID.slice(0, 8)}`);
    await page.keyboard.press('Tab');
    await expect.poll(() => binsUri.inputValue()).toBe(`fn:${BINS_KEYID}`);
    // A bins key on "prod", which has no bins: only the builder's rule knows, and main's check says it.
    const prodBinsKey = page.getByLabel('Role 1 bins online key', { exact: true });
    await chooseByKeyboard(page, prodBinsKey, BINS_KEYID);
    await typeInto(page, page.getByLabel('Role 1 bins online key URI'), `fn:${BINS_KEYID}`);
    await press(page, next);
    const result = page.getByTestId('check-result');
    await expect.poll(() => result.innerText()).toContain("its x-rstuf-role-online-key is set, but the role has no x-rstuf-num-bins: there are no bins for it to sign; RSTUF refuses such a delegation (role-online-key, at delegations[0].role_online_key)");
    await press(page, page.getByRole('button', { name: 'Back to step 3: Expiry and delegation' }));
    await expect.poll(() => focusedText(page)).toBe('Step 3: Expiry and delegation');
    expect(await prodBinsKey.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(prodBinsKey)).toContain('there are no bins for it to sign; RSTUF refuses such a delegation (role-online-key)');
    await chooseByKeyboard(page, prodBinsKey, '');
    expect(await page.getByLabel('Role 1 bins online key URI').count()).toBe(0);
    await saveScreenshot(page, 'ceremony-custom-delegations', { fullPage: true });
    await expectAccessible(page, 'two custom delegations');
    await press(page, next);

    // The check step says what will be built, each role in the CLI's words.
    await result.getByText(/^Every rule is met/).waitFor();
    const summary = await page.getByTestId('build-summary').innerText();
    expect(summary).toMatch(/Delegated roles\s+prod \(2 of 2 keys\), dev \(online key\)/);
    expect(summary).toMatch(/Delegated role 1\s+"prod": prod\/\*, release\/\*, signed by 2 of "JoeCocker", "JimiHendrix", terminating, expires every 30 days/);
    expect(summary).toMatch(/Delegated role 2\s+"dev": dev\/\*, signed by the online key, not terminating, expires every 7 days/);
    expect(summary).toMatch(/Delegated role 2 signing\s+RSTUF's online key signs it \(the role lists no key ids\); 64 hash bins nested below it \(x-rstuf-num-bins\), made and signed online by RSTUF, with its own online key .*DevBins.*, which signs the bins only, never "dev" itself/);
    expect(summary).not.toMatch(/Hash bins/);
    await press(page, page.getByRole('button', { name: 'Create the payload and review it' }));
    await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();

    // The payload as exported, next to what the CLI builds from a config with the same answers.
    const list = (await h.dispatcher.handle(CHANNELS.workspaceList, undefined)) as { ok: boolean; value: { id: string }[] };
    const usb = join(h.workDir, 'usb');
    mkdirSync(usb);
    h.dialogs.nextFolder = usb;
    const exported = (await h.dispatcher.handle(CHANNELS.exportItem, { itemId: list.value[0]!.id })) as { ok: boolean };
    expect(exported.ok).toBe(true);
    const [bundle] = readdirSync(usb);
    const ours = JSON.parse(readFileSync(join(usb, bundle!, 'ceremony-payload.json'), 'utf8'));

    const config = join(h.workDir, 'CEREMONY.json');
    writeFileSync(
      config,
      JSON.stringify({
        expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1 },
        delegations: [
          { name: 'prod', paths: ['prod/*', 'release/*'], terminating: true, threshold: 2, keys: [{ file: cliFixture('JC.pub'), name: 'JoeCocker' }, { file: cliFixture('JH.pub'), name: 'JimiHendrix' }], expire_policy: 30 },
          { name: 'dev', paths: ['dev/*'], terminating: false, keys: [], expire_policy: 7, num_bins: 64, role_online_key: { file: cliFixture(`${BINS_KEYID}.pub`), name: 'DevBins', uri: `fn:${BINS_KEYID}` } },
        ],
        root: { threshold: 2, keys: [{ file: cliFixture('JH.pub'), name: 'JimiHendrix' }, { file: cliFixture('JJ.pub'), name: 'JanisJoplin' }] },
        online_key: { file: cliFixture(`${ONLINE_KEYID}.pub`), name: 'Online', uri: `fn:${ONLINE_KEYID}` },
      }),
    );
    const out = join(h.workDir, 'cli-bundle');
    const r = runSigner(['ceremony', '--config', config, '--out', out], { env: { RSTUF_SIGNER_HOME: join(h.workDir, 'cli-home') } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const theirs = JSON.parse(readFileSync(join(out, 'ceremony-payload.json'), 'utf8'));

    expect(ours.settings.roles.bins).toBeUndefined();
    expect(ours.settings.roles.delegations.roles.map((d: { name: string }) => d.name)).toEqual(['prod', 'dev']);
    expect(ours.settings.roles.delegations.roles[1]).toEqual({ name: 'dev', terminating: false, keyids: [], threshold: 1, paths: ['dev/*'], 'x-rstuf-expire-policy': 7, 'x-rstuf-num-bins': 64, 'x-rstuf-role-online-key': BINS_KEYID });
    expect(ours.settings.roles.delegations.keys[BINS_KEYID]).toMatchObject({ 'x-rstuf-key-name': 'DevBins', 'x-rstuf-online-key-uri': `fn:${BINS_KEYID}` });
    // The two ran at different moments: only root's expiry date may differ, then every byte agrees.
    expect(ours.metadata.root.signed.expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    theirs.metadata.root.signed.expires = ours.metadata.root.signed.expires;
    expect(Buffer.from(canonicalBytes(ours)).toString('utf8')).toBe(Buffer.from(canonicalBytes(theirs)).toString('utf8'));
  });
});
