// The desktop app end to end in Chromium, wired to the REAL dispatcher and engine: a key holder
// imports RSTUF's sign-pending response, reviews the root v1 -> v2 change, signs with JH.ed25519,
// exports, and the exported sign payload is RSTUF's own sign.json. Also: a tampered bundle and a
// wrong passphrase show the engine's sentences where they happened. Every run must stay on
// 127.0.0.1 and log no console error or CSP violation.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/tuf/canonical.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { appSessions, expectAccessible, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable } from './harness.js';

const SIGN_PENDING = cliFixture('sign_pending_roles.json');
const DISPLAY_NAME = 'repository-service-tuf-cli__sign_pending_roles.json';

describe.runIf(chromiumAvailable())('desktop app: sign RSTUF pending metadata', () => {
  // (d) after each test: nothing left 127.0.0.1, no console error or CSP violation (appSessions).
  const app = appSessions();

  it('imports, reviews root v1 -> v2, signs with JH.ed25519, exports RSTUF sign.json', async () => {
    const h = await app.start();
    const { page } = h;
    await saveScreenshot(page, 'home');

    h.dialogs.nextOpen = SIGN_PENDING;
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: `Review: ${DISPLAY_NAME}` }).waitFor();

    // The review says what changes from the trusted root v1, in words.
    const root = page.locator('section[data-role="root"]');
    const changes = root.getByRole('list', { name: 'Changes in root' });
    await expect.poll(() => changes.innerText()).toContain('Version 1 -> 2.');
    const changeText = await changes.innerText();
    expect(changeText).toContain("New key in root: JoeCocker's Key");
    expect(changeText).toContain("Key removed from root: JimiHendrix's Key");
    expect(changeText).toContain('The online key changes from Online Key');
    // Signature progress for both thresholds of a root rotation.
    const progress = await root.getByRole('list', { name: 'Signature progress' }).innerText();
    expect(progress).toContain("trusted root v1: 1 of 2: JanisJoplin's Key ✓, JimiHendrix's Key missing");
    expect(progress).toContain("new root v2: 2 of 2: JanisJoplin's Key ✓, JoeCocker's Key ✓");
    // Warnings come before the changes (the fixture's root expired on 2025-12-31).
    const warnings = root.getByRole('region', { name: 'Warnings for root v2' });
    expect(await warnings.innerText()).toContain('already expired');
    expect(await warnings.evaluate((w, list) => Boolean(w.compareDocumentPosition(list as Node) & Node.DOCUMENT_POSITION_FOLLOWING), await changes.elementHandle())).toBe(true);

    // The exact canonical bytes and their sha256, behind a toggle.
    await root.getByRole('button', { name: /Show the canonical JSON/ }).click();
    const canonical = root.getByLabel('Canonical JSON of root');
    const pending = JSON.parse(readFileSync(SIGN_PENDING, 'utf8'));
    expect(await canonical.innerText()).toBe(canonicalize(pending.data.metadata.root.signed));
    await saveScreenshot(page, 'review');
    await expectAccessible(page, 'review');

    // Signing is a second, deliberate step.
    const next = page.getByRole('button', { name: 'Continue to signing' });
    expect(await next.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
    await next.click();
    await page.getByRole('heading', { level: 1, name: `Sign: ${DISPLAY_NAME}` }).waitFor();

    h.dialogs.nextOpen = cliFixture('JH.ed25519');
    await page.getByRole('button', { name: 'Choose key file…' }).click();
    await expect.poll(() => page.getByTestId('key-file').innerText()).toContain('JH.ed25519');
    await page.getByLabel('Passphrase').fill(FIXTURE_PASSWORD);
    await saveScreenshot(page, 'sign');
    await page.getByRole('button', { name: 'Sign with this key' }).click();
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();
    const result = page.getByRole('region', { name: 'Signed and verified' });
    expect(await result.innerText()).toContain("JimiHendrix's Key signed root v2");
    const after = await result.getByRole('list', { name: 'Signature progress' }).innerText();
    expect(after).toMatch(/threshold met trusted root v1: 2 of 2: .*JimiHendrix's Key ✓/);
    expect(after).toContain("JanisJoplin's Key ✓");
    expect(after).not.toContain('missing');
    await saveScreenshot(page, 'sign-result');
    await expectAccessible(page, 'sign');

    await page.getByRole('button', { name: 'Export the bundle' }).click();
    await page.getByRole('heading', { level: 1, name: `Export: ${DISPLAY_NAME}` }).waitFor();
    const usb = join(h.workDir, 'usb');
    mkdirSync(usb);
    h.dialogs.nextFolder = usb;
    await page.getByRole('button', { name: 'Choose destination and export…' }).click();
    await page.getByRole('heading', { name: /^Exported to / }).waitFor();
    await saveScreenshot(page, 'export');
    await expectAccessible(page, 'export');

    const [bundle] = readdirSync(usb);
    expect(bundle).toBeDefined();
    const files = readdirSync(join(usb, bundle!));
    const payloadName = files.find((f) => /^sign-payload-root-v2-.*\.json$/.test(f));
    expect(payloadName, `files written: ${files.join(', ')}`).toBeDefined();
    const exported = JSON.parse(readFileSync(join(usb, bundle!, payloadName!), 'utf8'));
    const rstuf = JSON.parse(readFileSync(cliFixture('sign.json'), 'utf8'));
    expect(canonicalize(exported)).toBe(canonicalize(rstuf));

    // The fingerprint shown to read aloud is the manifest's sha256, 4 groups of 4.
    const manifestSha = createHash('sha256').update(readFileSync(join(usb, bundle!, 'manifest.json'))).digest('hex');
    const shown = (await page.getByTestId('fingerprint').innerText()).replace(/\s+/g, ' ').trim();
    expect(shown).toBe(manifestSha.slice(0, 16).match(/.{4}/g)!.join(' '));

    // The audit log recorded the signature.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Audit log$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = page.getByRole('table');
    await expect.poll(() => table.innerText()).toContain("JimiHendrix's Key");
    expect(await table.innerText()).toContain('root v2');
    expect(await page.getByText('The hash chain is intact').count()).toBe(1);
    await saveScreenshot(page, 'audit-log');
    await expectAccessible(page, 'audit log');
  });

  it('shows the wrong passphrase where it happened, and signs with the right one next', async () => {
    const h = await app.start();
    const { page } = h;
    h.dialogs.nextOpen = SIGN_PENDING;
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
    await page.getByRole('button', { name: 'Continue to signing' }).click();
    h.dialogs.nextOpen = cliFixture('JH.ed25519');
    await page.getByRole('button', { name: 'Choose key file…' }).click();
    await page.getByTestId('key-file').waitFor();
    await page.getByLabel('Passphrase').fill('not-the-passphrase');
    await page.getByRole('button', { name: 'Sign with this key' }).click();

    const form = page.getByRole('form', { name: 'Sign' });
    const alert = form.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Not signed');
    expect(text).toContain('JH.ed25519');
    expect(text).toContain('PASSPHRASE_WRONG');
    expect(text).not.toContain('not-the-passphrase');
    expect(await page.getByLabel('Passphrase').inputValue()).toBe('');
    await saveScreenshot(page, 'sign-wrong-passphrase');
    await expectAccessible(page, 'sign error');

    await page.getByLabel('Passphrase').fill(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: 'Sign with this key' }).click();
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();
  });

  it('imports an RSTUF file dropped on Home (the bytes go to main, which classifies them)', async () => {
    const h = await app.start();
    const { page } = h;
    const content = readFileSync(SIGN_PENDING, 'utf8');
    await page.getByTestId('dropzone').evaluate((zone, text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'pending.json', { type: 'application/json' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, content);
    await page.getByRole('heading', { level: 1, name: 'Review: pending.json' }).waitFor();
    expect(h.calls).toContain('signer:workspace.importDropped');
    expect(await page.getByRole('list', { name: 'Changes in root' }).innerText()).toContain('Version 1 -> 2.');
  });

  it('refuses a tampered bundle and names the file that changed', async () => {
    const h = await app.start();
    const { page } = h;
    // Make a genuine bundle through the app (import + export), then change one byte in it.
    h.dialogs.nextOpen = SIGN_PENDING;
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: `Review: ${DISPLAY_NAME}` }).waitFor();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Export$/ }).click();
    const usb = join(h.workDir, 'usb');
    mkdirSync(usb);
    h.dialogs.nextFolder = usb;
    await page.getByRole('button', { name: 'Choose destination and export…' }).click();
    await page.getByRole('heading', { name: /^Exported to / }).waitFor();
    const [bundle] = readdirSync(usb);
    const tampered = join(h.workDir, 'tampered');
    cpSync(join(usb, bundle!), tampered, { recursive: true });
    const victim = readdirSync(tampered).find((f) => f !== 'manifest.json')!;
    const original = readFileSync(join(tampered, victim), 'utf8');
    writeFileSync(join(tampered, victim), original.replace('"version": 2', '"version": 3'));
    expect(readFileSync(join(tampered, victim), 'utf8')).not.toBe(original);

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Home$/ }).click();
    h.dialogs.nextOpenFolder = tampered;
    await page.getByRole('button', { name: 'Open a bundle folder…' }).click();
    const alert = page.getByRole('region', { name: 'Import' }).getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Import failed');
    expect(text).toContain(victim);
    expect(text).toMatch(/BUNDLE_TAMPERED|BUNDLE_INVALID/);
    await saveScreenshot(page, 'home-tampered-bundle');
    await expectAccessible(page, 'home error');
  });
});
