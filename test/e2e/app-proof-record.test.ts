// The Review screen of a bootstrap: both new keys "not proved"; the coordinator imports Alice's
// proof of possession through main's dialog and the review says "proved by signing on DATE" for
// her key; then saves the ceremony record through main's save dialog. Signing a root in the app
// rewrites its record in the data folder, and the sign result says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBootstrapPayload } from '../../shared/ceremony/build.js';
import { DEFAULT_EXPIRATION } from '../../shared/ceremony/defaults.js';
import type { JsonValue } from '../../shared/json/strict-json.js';
import { readDocument } from '../../shared/tuf/documents.js';
import { makeChallenges, proveChallenge } from '../../main/core/ceremony/proof.js';
import { KeyFileSigner } from '../../main/core/signers/key-file-signer.js';
import { publicKeyIdentity } from '../../main/core/tuf/tuf-keys.js';
import { appSessions, saveScreenshot, signWithKeyFileInUi } from '../helpers/app-e2e.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { makeKey, makeOnlineKey } from '../helpers/ceremony-keys.js';
import { chromiumAvailable } from './harness.js';

describe.runIf(chromiumAvailable())('desktop app: proof of possession and the ceremony record', () => {
  const app = appSessions();

  it('imports a proof in the Review screen, shows the key as proved, and saves the record', async () => {
    const h = await app.start();
    const { page } = h;
    const alice = makeKey('Alice');
    const bob = makeKey('Bob');
    const now = new Date();
    const built = buildBootstrapPayload({ expiration: { ...DEFAULT_EXPIRATION }, delegation: { kind: 'bins', count: 4 }, root: { threshold: 2, keys: [alice, bob] }, onlineKey: makeOnlineKey() }, now, publicKeyIdentity);
    const payload = join(h.workDir, 'ceremony-payload.json');
    writeFileSync(payload, JSON.stringify(built.payload));
    const [challenge] = makeChallenges(readDocument(built.payload as unknown as JsonValue), { repository: 'ceremony-payload.json', now });
    const proof = await proveChallenge(challenge!, new KeyFileSigner(alice.privateKey, 'key file alice.pem'), now);
    writeFileSync(join(h.workDir, 'alice-proof.json'), JSON.stringify(proof));

    h.dialogs.nextOpen = payload;
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review: ceremony-payload.json' }).waitFor();
    const role = page.locator('section[data-role="root"]');
    await expect.poll(async () => (await role.innerText()).match(/is not proved/g)?.length ?? 0).toBe(2);

    // The trust graph: each role with its threshold, each key with its holder, the online key marked.
    const graph = await page.getByTestId('trust-graph').innerText();
    expect(graph).toContain('2 of 2 keys');
    expect(graph).toContain('Online Key — online key');
    expect(await page.getByRole('img', { name: 'Trust graph of root v1: roles, their thresholds and the keys that sign them' }).locator('path').count()).toBe(5);

    h.dialogs.nextOpen = join(h.workDir, 'alice-proof.json');
    await page.getByRole('button', { name: 'Import a proof of possession' }).click();
    const today = now.toISOString().slice(0, 10);
    await page.getByRole('status').filter({ hasText: 'alice-proof.json: key Alice proved by signing on' }).waitFor();
    await expect.poll(() => role.innerText()).toContain(`New key Alice (${alice.keyid.slice(0, 8)}): proved by signing on ${today} (key file alice.pem).`);
    expect((await role.innerText()).match(/is not proved/g)).toHaveLength(1);

    h.dialogs.nextSave = join(h.workDir, 'record.html');
    await page.getByRole('button', { name: 'Save the ceremony record' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the ceremony record as record.html.' }).waitFor();
    expect(readFileSync(join(h.workDir, 'record.html'), 'utf8')).toContain(`proved by signing on ${today} (key file alice.pem)`);
    await page.getByTestId('trust-graph').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'review-proof', { fullPage: false });
  });

  it('after a root signature the sign result names the record main rewrote in the data folder', async () => {
    const h = await app.start();
    const { page } = h;
    h.dialogs.nextOpen = join(REPO_ROOT, 'test/fixtures/formats/ceremony-formats.json');
    await page.getByRole('button', { name: 'Open an RSTUF file…' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review: ceremony-formats.json' }).waitFor();
    const result = await signWithKeyFileInUi(page, h, 'JH.ed25519');
    expect(await result.getByTestId('record-updated').innerText()).toBe('Record updated: root-v1.html in the data folder (save a copy from the Review screen).');
    const record = readFileSync(join(h.workDir, 'data', 'records', 'ceremony-formats.json', 'root-v1.html'), 'utf8');
    expect(record).toContain('<td>key file repository-service-tuf-cli__JH.ed25519</td>');
    expect(record).toContain('Sigstore identity alice@example.org (issuer https://github.com/login/oauth), signs elsewhere (online, not from this laptop)');
  });
});
