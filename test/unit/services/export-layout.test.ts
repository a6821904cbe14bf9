// A document keeps its layout through the app's sign and export (issue 16, Big roles): RSTUF's API
// answers on one line, and the exported copy must not grow by half from indentation. What is
// exported is the imported document plus the new signature, nothing else.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import { cliFixture, FIXTURE_PASSWORD } from '../../helpers/fixtures.js';
import { freshTestAppPerTest, ipcValue } from '../../helpers/desktop-app.js';

const currentApp = freshTestAppPerTest();
const value = ipcValue;

async function signAndExport(input: string) {
  currentApp().dialogs.nextOpen = input;
  const item = value(await currentApp().call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
  const reviewed = value(await currentApp().call(CHANNELS.reviewGet, { itemId: item.id })).roles.map((r: any) => ({ role: r.role, sha256: r.sha256 }));
  currentApp().dialogs.nextOpen = cliFixture('JH.ed25519');
  const key = value(await currentApp().call(CHANNELS.keysChooseKeyFile));
  const signed = value(await currentApp().call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }));
  currentApp().dialogs.nextFolder = currentApp().root;
  const exported = value(await currentApp().call(CHANNELS.exportItem, { itemId: item.id }));
  const folder = join(currentApp().root, exported.destinationName);
  const name = readdirSync(folder).find((f) => !f.startsWith('sign-payload-') && f !== 'manifest.json')!;
  return { signed, text: readFileSync(join(folder, name), 'utf8') };
}

describe('the exported document keeps the layout it came in', () => {
  it('a one-line API answer is exported on one line, the import plus one signature', async () => {
    const original = JSON.parse(readFileSync(cliFixture('sign_pending_roles.json'), 'utf8'));
    const compact = join(currentApp().root, 'compact.json');
    writeFileSync(compact, JSON.stringify(original));
    const { signed, text } = await signAndExport(compact);
    expect(text.trimEnd().includes('\n')).toBe(false);
    const exported = JSON.parse(text);
    const sigs = exported.data.metadata.root.signatures;
    expect(sigs.at(-1)).toEqual({ keyid: signed.keyid, sig: expect.stringMatching(/^[0-9a-f]{128}$/) });
    // Everything else is the import, unchanged.
    exported.data.metadata.root.signatures = sigs.slice(0, -1);
    expect(exported).toEqual(original);
    expect(text.length).toBeLessThan(JSON.stringify(original).length + 220); // one {"keyid": 64 hex, "sig": 128 hex}, a comma, a newline
  });

  it('an indented file stays indented', async () => {
    const { text } = await signAndExport(cliFixture('sign_pending_roles.json'));
    expect(text).toMatch(/^\{\n {2}"/);
  });
});
