// The formats RSTUF is adding (issue 14, item 5) on the Review screen, through the real dispatcher:
// a Sigstore root key is listed among the root's signers by identity and issuer as signing
// elsewhere (online, not from this laptop), not as missing; a delegated role whose delegation lists
// no key ids says it is signed online by RSTUF's online key instead of "0 of 1".
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSessions, expectAccessible } from '../helpers/app-e2e.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { chromiumAvailable } from './harness.js';

const FORMATS = join(REPO_ROOT, 'test/fixtures/formats');

describe.runIf(chromiumAvailable())('desktop app: Sigstore signers and online-key-only roles on the Review screen', () => {
  const app = appSessions();

  it('lists the Sigstore root key by identity and issuer as signing elsewhere, counted neither as signed nor missing', async () => {
    const h = await app.start();
    const { page } = h;
    h.dialogs.nextOpen = join(FORMATS, 'ceremony-formats.json');
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review: ceremony-formats.json' }).waitFor();
    const root = page.locator('section[data-role="root"]');
    const progress = root.getByRole('list', { name: 'Signature progress' });
    const line = await progress.innerText();
    expect(line).toContain('needs more signatures');
    expect(line).toContain(
      "0 of 2: JimiHendrix's Key missing, JanisJoplin's Key missing, alice@example.org: Sigstore identity alice@example.org (issuer https://github.com/login/oauth), signs elsewhere (online, not from this laptop)",
    );
    expect(line).not.toContain('alice@example.org missing');
    await expectAccessible(page, 'review of a root with a Sigstore key');
  });

  it('says a role whose delegation lists no key ids is signed online by RSTUF\'s online key, not "0 of 1"', async () => {
    const h = await app.start();
    const { page } = h;
    const json = JSON.parse(readFileSync(join(FORMATS, 'sign-pending-formats.json'), 'utf8'));
    json.data.metadata.fastapi = json.data.metadata.advisories;
    delete json.data.metadata.advisories;
    const dir = join(h.workDir, 'usb');
    mkdirSync(dir);
    writeFileSync(join(dir, 'fastapi-pending.json'), JSON.stringify(json));

    h.dialogs.nextOpen = join(dir, 'fastapi-pending.json');
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review: fastapi-pending.json' }).waitFor();
    const role = page.locator('section[data-role="fastapi"]');
    expect(await role.locator('h2#role-fastapi').innerText()).toBe("fastapi v2 signed online by RSTUF's online key");
    const line = await role.getByRole('list', { name: 'Signature progress' }).innerText();
    expect(line).toBe("signed online by RSTUF's online key delegation \"fastapi\" in targets v1: lists no key ids, so RSTUF's online key signs this role; no offline key can sign it");
    expect(line).not.toContain('0 of 1');
    expect(line).not.toContain('needs more signatures');
    await expectAccessible(page, 'review of a role signed by the online key');
  });
});
