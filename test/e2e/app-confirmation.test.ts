// A confirmation the page cannot fake (issue 13, item 3), in Chromium against the real dispatcher
// and services. The harness's ScriptedDialogs stands where Electron's own windows and the browser
// shell's terminal stand: main asks there, the page cannot answer. A page calling trust.pin or
// sign directly, with every argument right (the reviewed sha256, the passphrase, acceptWarnings),
// gets nothing pinned and nothing signed while the holder has not said yes in main.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../../main/core/keys/private-key-file.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { appSessions, saveScreenshot } from '../helpers/app-e2e.js';
import { chromiumAvailable } from './harness.js';

const SIGN_PENDING = cliFixture('sign_pending_roles.json');
type Result = { ok: boolean; value?: any; error?: { code: string; message: string } };

describe.runIf(chromiumAvailable())('desktop app: main confirms every pin and signature', () => {
  const app = appSessions();

  it('a page calling trust.pin and sign itself gets nothing pinned and nothing signed', async () => {
    const h = await app.start();
    const { page } = h;
    // The holder is not at main's prompt: every question goes unanswered (no, cancelled).
    h.dialogs.questions = 'main';
    h.dialogs.confirmByDefault = false;
    h.dialogs.nextOpen = SIGN_PENDING;
    h.dialogs.nextOpen = cliFixture('JH.ed25519');
    h.dialogs.nextOpen = cliFixture('root.json');

    const outcome = await page.evaluate(async (passphrase) => {
      const signer = (window as unknown as { signer: Record<string, (arg?: unknown) => Promise<Result>> }).signer;
      const item = (await signer.workspaceImportWithDialog!({ pick: 'file' })).value;
      const review = (await signer.reviewGet!({ itemId: item.id })).value;
      const reviewed = review.roles.map((r: { role: string; sha256: string }) => ({ role: r.role, sha256: r.sha256 }));
      const key = (await signer.keysChooseKeyFile!()).value;
      const withPassphrase = await signer.signWithKeyFile!({ itemId: item.id, reviewed, keyFileRef: key.keyFileRef, passphrase });
      const withoutPassphrase = await signer.signWithKeyFile!({ itemId: item.id, reviewed, keyFileRef: key.keyFileRef });
      const candidate = (await signer.trustPreview!({ source: { from: 'dialog' } })).value;
      const pin = await signer.trustPin!({ candidateId: candidate.candidateId, confirm: true, acceptWarnings: true });
      const pinned = (await signer.trustGet!()).value.pinned;
      const audit = (await signer.auditList!()).value.entries;
      const items = (await signer.workspaceList!()).value;
      return { withPassphrase: withPassphrase.error, withoutPassphrase: withoutPassphrase.error, pin: pin.error, pinned, audit, signaturesAdded: items[0].signaturesAdded };
    }, FIXTURE_PASSWORD);

    expect(outcome.withPassphrase?.code).toBe('USAGE');
    expect(outcome.withoutPassphrase?.code).toBe('CANCELLED');
    expect(outcome.pin?.code).toBe('CANCELLED');
    expect(outcome.pinned).toBeNull();
    expect(outcome.audit).toEqual([]);
    expect(outcome.signaturesAdded).toBe(0);
    // Main did ask, outside the page, with what would have been signed and pinned.
    expect(h.dialogs.secretPrompts.map((p) => p.kind)).toEqual(['passphrase']);
    expect(h.dialogs.secretPrompts[0]!.detail).toMatch(/root v2: sha256 [0-9a-f]{16}…/);
    expect(h.dialogs.confirmations[0]!.message).toMatch(/^Pin root v\d+ from /);
  });

  it('the Sign screen shows no passphrase field where main asks, and signs with what the holder typed there', async () => {
    const h = await app.start();
    const { page } = h;
    h.dialogs.questions = 'main';
    h.dialogs.nextOpen = SIGN_PENDING;
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('checkbox', { name: /I have reviewed this/ }).check();
    await page.getByRole('button', { name: 'Continue to signing' }).click();
    h.dialogs.nextOpen = cliFixture('JH.ed25519');
    await page.getByRole('button', { name: 'Choose key file…' }).click();
    await page.getByTestId('secret-asked-by-main').waitFor();
    expect(await page.getByLabel('Passphrase').count()).toBe(0);
    await saveScreenshot(page, 'sign-secret-in-main');
    h.dialogs.nextSecret = FIXTURE_PASSWORD;
    await page.getByRole('button', { name: 'Sign with this key' }).click();
    await page.getByRole('heading', { name: 'Signed and verified' }).waitFor();
    expect(h.dialogs.secretPrompts).toHaveLength(1);
    // The page never saw the secret: no call carried it (the harness records channels only, so
    // look at what reached main's prompt instead) and the page's own state holds no field.
    expect(await page.locator('input[type="password"]').count()).toBe(0);
  });

  it('the Keys screen has no passphrase field where main asks: the new key\'s passphrase is chosen there', async () => {
    const h = await app.start();
    const { page } = h;
    h.dialogs.questions = 'main';
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /Keys$/ }).click();
    await page.getByTestId('secret-asked-by-main').waitFor();
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    await page.getByLabel('Name', { exact: true }).fill('Alice');
    const keyPath = join(h.workDir, 'alice.key');
    h.dialogs.nextSave = keyPath;
    h.dialogs.nextSecret = 'chosen outside the page';
    await page.getByRole('button', { name: 'Generate and save…' }).click();
    await page.getByRole('status').filter({ hasText: 'Generated Alice' }).waitFor();
    expect(h.dialogs.secretPrompts.at(-1)).toMatchObject({ purpose: 'new' });
    expect(() => loadPrivateKey(readFileSync(keyPath, 'utf8'), Buffer.from('chosen outside the page'))).not.toThrow();
  });
});
