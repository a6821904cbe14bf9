// The ceremony record after each signature of a root, through the app's real services and
// dispatcher: the sign result names records/<repository>/root-v1.html (its file name only), the
// file lists the signature as the audit log has it, a second signature rewrites it, and a records
// folder that cannot be written leaves the signature in place and says why.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import { keySourceWords } from '../../../shared/review/words.js';
import { freshTestAppPerTest, ipcValue } from '../../helpers/desktop-app.js';
import { cliFixture, FIXTURE_PASSWORD, REPO_ROOT } from '../../helpers/fixtures.js';

const app = freshTestAppPerTest();
const CEREMONY = join(REPO_ROOT, 'test/fixtures/formats/ceremony-formats.json');
const recordPath = () => join(app().root, 'data', 'records', 'ceremony-formats.json', 'root-v1.html');

async function signWith(itemId: string, key: string) {
  const a = app();
  const reviewed = ipcValue(await a.call(CHANNELS.reviewGet, { itemId })).roles.map((r: { role: string; sha256: string }) => ({ role: r.role, sha256: r.sha256 }));
  a.dialogs.nextOpen = cliFixture(key);
  const chosen = ipcValue(await a.call(CHANNELS.keysChooseKeyFile));
  return ipcValue(await a.call(CHANNELS.signWithKeyFile, { itemId, reviewed, keyFileRef: chosen.keyFileRef, passphrase: FIXTURE_PASSWORD }));
}
async function importCeremony() {
  app().dialogs.nextOpen = CEREMONY;
  return ipcValue(await app().call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
}

describe('the ceremony record after each signature in the app', () => {
  it('is written after the first signature, lists it from the audit log, and is rewritten after the second', async () => {
    const item = await importCeremony();
    const first = await signWith(item.id, 'JH.ed25519');
    expect(first.record).toEqual({ written: true, fileName: 'root-v1.html' });
    const html = readFileSync(recordPath(), 'utf8');
    const entry = first.auditEntry;
    expect(html).toContain(`<td>${entry.keyName.replace("'", '&#39;')} <code class="short">${entry.keyid.slice(0, 8)}</code></td><td>${entry.time}</td><td>${keySourceWords(entry.keySource)}</td>`);
    expect(html).toContain('<li>not yet fully signed</li>');
    // The Sigstore key of the fixture signs elsewhere, in the review's words.
    expect(html).toContain('Sigstore identity alice@example.org (issuer https://github.com/login/oauth), signs elsewhere (online, not from this laptop)');

    const second = await signWith(item.id, 'JJ.ecdsa');
    expect(second.record).toEqual({ written: true, fileName: 'root-v1.html' });
    const updated = readFileSync(recordPath(), 'utf8');
    expect(updated).toContain('<li>fully signed</li>');
    for (const e of [first.auditEntry, second.auditEntry]) expect(updated).toContain(`<td>${e.time}</td><td>${keySourceWords(e.keySource)}</td>`);
    expect(JSON.stringify(second)).not.toContain(app().root);
  });

  it('keeps the signature when the record cannot be written, and says why', async () => {
    const item = await importCeremony();
    writeFileSync(join(app().root, 'data', 'records'), 'a file where the records folder goes');
    const signed = await signWith(item.id, 'JH.ed25519');
    expect(signed.record).toEqual({ written: false, problem: 'the signature stands, but its ceremony record was not updated: cannot make the folder records/ceremony-formats.json in the data folder (a file is in the way)' });
    expect(signed.item.signaturesAdded).toBe(1);
    expect(signed.review.thresholds[0].signedCount).toBe(1);
    const audit = ipcValue(await app().call(CHANNELS.auditList, {}));
    expect(audit.entries.map((e: { keyid: string }) => e.keyid)).toEqual([signed.keyid]);
  });

  it('writes no record for a signature of a role other than root', async () => {
    app().dialogs.nextOpen = join(REPO_ROOT, 'test/fixtures/formats/sign-pending-formats.json');
    const item = ipcValue(await app().call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
    const signed = await signWith(item.id, 'JH.ed25519');
    expect(signed.role).toBe('advisories');
    expect(signed.record).toBeUndefined();
    expect(existsSync(join(app().root, 'data', 'records'))).toBe(false);
  });
});
