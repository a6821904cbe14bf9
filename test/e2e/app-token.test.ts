// Signing with a hardware token through the desktop app, in Chromium against the real dispatcher
// and a real PKCS#11 module (SoftHSM2 with a key generated on it). A YubiKey waits for a touch
// inside C_Sign; SoftHSM2 never does, so C_SignAsync is slowed down at the PKCS#11 boundary to let
// the "Touch your key now" state be seen, as a holder would see it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTokenService } from '../../main/services/tokens.js';
import { defaultPkcs11Factory, type Pkcs11Api } from '../../main/core/tokens/pkcs11-module.js';
import { cliFixture } from '../helpers/fixtures.js';
import { createSoftHsmToken, SOFTHSM_MODULE, softHsmAvailable, type SoftHsmToken } from '../helpers/hsm-softhsm.js';
import { appSessions, expectAccessible, openScreen, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable, type Harness } from './harness.js';

const ONLINE_KEYID = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';
const TOUCH_DELAY_MS = 1500;

/** The real module, with C_SignAsync held back the way a YubiKey holds it until touched. */
function slowSigning(real: Pkcs11Api): Pkcs11Api {
  return new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'C_SignAsync') {
        return async (...args: unknown[]) => {
          await new Promise((r) => setTimeout(r, TOUCH_DELAY_MS));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/** A bootstrap whose one root key is `rootKeyFile` (a PEM), or with `fromToken` the token's own key, added on the Keys screen. */
async function bootstrapWithRootKey(page: Page, h: Harness, rootKeyFile: string, fromToken = false): Promise<void> {
  await openScreen(page, 'Keys');
  for (const file of [...(fromToken ? [] : [rootKeyFile]), cliFixture(`${ONLINE_KEYID}.pub`)]) {
    h.dialogs.nextOpen = file;
    await page.getByRole('button', { name: 'Import public keys or certificates…' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
  }
  if (fromToken) {
    await page.getByRole('button', { name: /^Add e2e-token .* to the known keys$/ }).click();
    await page.getByRole('status').filter({ hasText: 'from the token' }).waitFor();
  }
  await openScreen(page, 'Ceremonies');
  await page.getByRole('button', { name: 'Start bootstrap' }).click();
  await page.getByRole('checkbox', { name: fromToken ? /e2e-token/ : /token-root/ }).check();
  await page.getByRole('textbox', { name: /Name for/ }).fill('HardwareHolder');
  await page.getByRole('button', { name: 'Next: Online key' }).click();
  await page.getByLabel('Online key', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Online key URI').fill(`fn:${ONLINE_KEYID}`);
  await page.getByRole('button', { name: 'Next: Expiry and delegation' }).click();
  await page.getByRole('button', { name: 'Next: Check and create' }).click();
  await page.getByRole('button', { name: 'Create the payload and review it' }).click();
  await page.getByRole('heading', { level: 1, name: /^Review: / }).waitFor();
  await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
  await page.getByRole('button', { name: 'Continue to signing' }).click();
  await page.getByRole('radio', { name: /A hardware token/ }).check();
}

describe.runIf(chromiumAvailable() && softHsmAvailable())('desktop app: sign with a hardware token', () => {
  const app = appSessions();
  let token: SoftHsmToken;
  let savedConf: string | undefined;
  beforeAll(() => {
    token = createSoftHsmToken({ label: 'e2e-token', keys: ['p256'] });
    savedConf = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = token.conf;
  });
  afterAll(() => {
    if (savedConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = savedConf;
    token?.cleanup();
  });
  async function start(): Promise<{ h: Harness; page: Page; rootKeyFile: string }> {
    const tokens = createTokenService({
      modules: () => [{ path: SOFTHSM_MODULE, kind: 'softhsm2', name: 'SoftHSM2', present: true }],
      pkcs11Factory: () => slowSigning(defaultPkcs11Factory()),
    });
    const h = await app.start({ services: { tokens } });
    h.page.setDefaultTimeout(15_000);
    const dir = join(h.workDir, 'keys');
    mkdirSync(dir);
    // The token key's public half as PEM, as a holder would export it from the token for the ceremony.
    const rootKeyFile = join(dir, 'token-root.pub');
    writeFileSync(rootKeyFile, token.keys.p256.tufKey.keyval.public);
    return { h, page: h.page, rootKeyFile };
  }

  it('shows the token, asks for the PIN, says "touch your key now" while it waits, and signs', async () => {
    const { h, page, rootKeyFile } = await start();
    await expect.poll(() => page.getByRole('region', { name: 'Connected tokens' }).innerText()).toContain('e2e-token');
    await bootstrapWithRootKey(page, h, rootKeyFile);

    const tokenKey = page.getByLabel('Token key');
    await expect.poll(async () => (await tokenKey.locator('option').allInnerTexts()).join('|')).toContain('root-p256');
    await tokenKey.selectOption({ index: 1 });
    await page.getByLabel('PIN', { exact: true }).fill(token.pin);
    await page.getByRole('button', { name: 'Sign with this key' }).click();
    const touch = page.getByText('Touch your key now.');
    await touch.waitFor();
    await saveScreenshot(page, 'sign-token-touch');
    await expectAccessible(page, 'sign (touch your key)');
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();
    expect(await touch.count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Signed and verified' }).innerText()).toMatch(/threshold met .*1 of 1: HardwareHolder ✓/);

    await openScreen(page, 'Audit log');
    await expect.poll(() => page.getByRole('table').innerText()).toContain(`token e2e-token`);
  });

  it('shows a wrong PIN where it happened, and signs nothing', async () => {
    const { h, page, rootKeyFile } = await start();
    await bootstrapWithRootKey(page, h, rootKeyFile);
    const tokenKey = page.getByLabel('Token key');
    await expect.poll(async () => (await tokenKey.locator('option').count()) > 1).toBe(true);
    await tokenKey.selectOption({ index: 1 });
    await page.getByLabel('PIN', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Sign with this key' }).click();
    const alert = page.getByRole('form', { name: 'Sign' }).getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('TOKEN_PIN_INCORRECT');
    expect(text).not.toContain('000000');
    expect(await page.getByLabel('PIN', { exact: true }).inputValue()).toBe('');
    await openScreen(page, 'Audit log');
    await page.getByText('No signatures have been made on this laptop yet.').waitFor();
  });

  it('takes a root key straight from the connected token (no public key file), and signs with it', async () => {
    const { h, page, rootKeyFile } = await start();
    await expect.poll(() => page.getByRole('region', { name: 'Connected tokens' }).innerText()).toContain('e2e-token');
    await bootstrapWithRootKey(page, h, rootKeyFile, true);
    const tokenKey = page.getByLabel('Token key');
    await expect.poll(async () => (await tokenKey.locator('option').count()) > 1).toBe(true);
    await tokenKey.selectOption({ index: 1 });
    await page.getByLabel('PIN', { exact: true }).fill(token.pin);
    await page.getByRole('button', { name: 'Sign with this key' }).click();
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();
    expect(await page.getByRole('region', { name: 'Signed and verified' }).innerText()).toMatch(/threshold met .*1 of 1: HardwareHolder ✓/);
  });
});
