// The holder's yes and secret come from main, not from the page (issue 13, item 3): before every
// signature and every pin main asks its own question (Electron's windows, the browser shell's
// terminal); where it asks for the passphrase or PIN itself, a page that sends one is refused.
// Driven through the real dispatcher and services, with ScriptedDialogs answering for the holder.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../../../main/core/keys/private-key-file.js';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import type { TokenService } from '../../../main/services/tokens.js';
import { cliFixture, FIXTURE_PASSWORD } from '../../helpers/fixtures.js';
import { freshTestAppPerTest, ipcError, ipcValue, makeTestApp, type TestApp } from '../../helpers/desktop-app.js';

const currentApp = freshTestAppPerTest();
const value = ipcValue;
const errorOf = ipcError;

async function importAndReview(testApp: TestApp, name: string) {
  testApp.dialogs.nextOpen = cliFixture(name);
  const item = value(await testApp.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
  const reviewed = value(await testApp.call(CHANNELS.reviewGet, { itemId: item.id })).roles.map((r: any) => ({ role: r.role, sha256: r.sha256 }));
  testApp.dialogs.nextOpen = cliFixture('JH.ed25519');
  const key = value(await testApp.call(CHANNELS.keysChooseKeyFile));
  return { item, reviewed, key };
}
const auditEntries = async (testApp: TestApp) => value(await testApp.call(CHANNELS.auditList)).entries as unknown[];

describe('main asks before every signature', () => {
  it('signs nothing when the holder says no in main, whatever the page sent', async () => {
    const { item, reviewed, key } = await importAndReview(currentApp(), 'sign_pending_roles.json');
    currentApp().dialogs.nextConfirm = false;
    const r = await currentApp().call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD });
    expect(errorOf(r)?.code).toBe('CANCELLED');
    expect(await auditEntries(currentApp())).toEqual([]);
    expect(value(await currentApp().call(CHANNELS.workspaceList))[0].signaturesAdded).toBe(0);
  });

  it('names the role, its version, the short sha256 of the reviewed bytes and the signer', async () => {
    const { item, reviewed, key } = await importAndReview(currentApp(), 'sign_pending_roles.json');
    value(await currentApp().call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }));
    const [question] = currentApp().dialogs.confirmations;
    expect(question!.message).toBe(`Sign root in ${item.displayName} with key file repository-service-tuf-cli__JH.ed25519?`);
    expect(question!.detail).toContain(`root v2: sha256 ${reviewed[0]!.sha256.slice(0, 16)}…`);
    expect(await auditEntries(currentApp())).toHaveLength(1);
  });
});

describe('main asks for the passphrase itself (Electron, the browser shell with a terminal)', () => {
  beforeEach(() => {
    currentApp().dialogs.questions = 'main';
  });

  it('refuses a passphrase sent by the page and signs nothing', async () => {
    const { item, reviewed, key } = await importAndReview(currentApp(), 'sign_pending_roles.json');
    const r = await currentApp().call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD });
    expect(errorOf(r)).toMatchObject({ code: 'USAGE', message: expect.stringContaining('asks for the passphrase in its own window') });
    expect(currentApp().dialogs.secretPrompts).toEqual([]);
    expect(await auditEntries(currentApp())).toEqual([]);
  });

  it('signs with the passphrase typed in main; its prompt is the confirmation', async () => {
    const { item, reviewed, key } = await importAndReview(currentApp(), 'sign_pending_roles.json');
    currentApp().dialogs.nextSecret = FIXTURE_PASSWORD;
    const signed = value(await currentApp().call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef }));
    expect(signed).toMatchObject({ role: 'root', version: 2 });
    expect(currentApp().dialogs.secretPrompts).toEqual([
      expect.objectContaining({ kind: 'passphrase', title: 'Unlock repository-service-tuf-cli__JH.ed25519 to sign', detail: expect.stringContaining(`root v2: sha256 ${reviewed[0]!.sha256.slice(0, 16)}…`) }),
    ]);
    expect(currentApp().dialogs.confirmations).toEqual([]);
    expect(await auditEntries(currentApp())).toHaveLength(1);
  });

  it('signs nothing when the holder cancels the prompt, and says which passphrase was wrong', async () => {
    const { item, reviewed, key } = await importAndReview(currentApp(), 'sign_pending_roles.json');
    currentApp().dialogs.nextSecret = null;
    expect(errorOf(await currentApp().call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef }))?.code).toBe('CANCELLED');
    currentApp().dialogs.nextSecret = 'not the passphrase';
    const wrong = errorOf(await currentApp().call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef }));
    expect(wrong?.code).toBe('PASSPHRASE_WRONG');
    expect(wrong?.message).not.toContain('not the passphrase');
    expect(await auditEntries(currentApp())).toEqual([]);
  });

  it('asks for the token PIN in main and hands its bytes to the token, never the page\'s', async () => {
    const pins: string[] = [];
    const tokens: TokenService = {
      list: async () => ({ tokens: [], modules: [], problems: [] }) as never,
      tokenLabel: () => 'holder (SoftHSM v2 #88f2)',
      publicKeyOf: () => {
        throw new Error('not used here');
      },
      openSigner: async (_t, _k, pin) => {
        pins.push(Buffer.isBuffer(pin) ? pin.toString('utf8') : `page:${pin}`);
        throw Object.assign(new Error('stop here'), { code: 'TOKEN_NOT_FOUND' });
      },
    };
    const tokenApp = makeTestApp({ tokens });
    tokenApp.dialogs.questions = 'main';
    try {
      const { item, reviewed } = await importAndReview(tokenApp, 'sign_pending_roles.json');
      const request = { itemId: item.id, reviewed, tokenRef: 'token-00000000000000000000000000000000', tokenKeyRef: 'tokenkey-00000000000000000000000000000000' };
      expect(errorOf(await tokenApp.call(CHANNELS.signWithToken, { ...request, pin: '123456' }))?.code).toBe('USAGE');
      tokenApp.dialogs.nextSecret = '654321';
      await tokenApp.call(CHANNELS.signWithToken, request);
      expect(pins).toEqual(['654321']);
      expect(tokenApp.dialogs.secretPrompts[0]).toMatchObject({ kind: 'pin', title: 'Unlock holder (SoftHSM v2 #88f2) to sign' });
    } finally {
      tokenApp.cleanup();
    }
  });
});

describe('main asks before every pin, in every shell', () => {
  it('pins nothing when the holder says no, even with acceptWarnings from the page', async () => {
    currentApp().dialogs.nextOpen = cliFixture('root.json');
    const candidate = value(await currentApp().call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    currentApp().dialogs.nextConfirm = false;
    expect(errorOf(await currentApp().call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: true }))?.code).toBe('CANCELLED');
    expect(value(await currentApp().call(CHANNELS.trustGet)).pinned).toBeNull();
    expect(currentApp().dialogs.confirmations[0]!.message).toContain(`root v${candidate.root.version}`);
  });
});

describe('main asks for a new key\'s passphrase itself', () => {
  it('generates with the passphrase chosen in main, refuses one from the page, and writes nothing when cancelled', async () => {
    const app = currentApp();
    app.dialogs.questions = 'main';
    app.dialogs.nextSave = join(app.root, 'from-page.key');
    expect(errorOf(await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', passphrase: 'a long passphrase', name: 'Bo' }))?.code).toBe('USAGE');
    expect(existsSync(join(app.root, 'from-page.key'))).toBe(false);

    app.dialogs.nextSave = join(app.root, 'cancelled.key');
    app.dialogs.nextSecret = null;
    expect(errorOf(await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', name: 'Bo' }))?.code).toBe('CANCELLED');
    expect(existsSync(join(app.root, 'cancelled.key'))).toBe(false);

    app.dialogs.nextSave = join(app.root, 'bo.key');
    app.dialogs.nextSecret = 'chosen in main';
    const generated = value(await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', name: 'Bo' }));
    expect(generated.fileName).toBe('bo.key');
    expect(app.dialogs.secretPrompts.at(-1)).toMatchObject({ purpose: 'new', minLength: 8, title: 'Choose a passphrase for Bo' });
    // The key opens with that passphrase and no other.
    const text = readFileSync(join(app.root, 'bo.key'), 'utf8');
    expect(() => loadPrivateKey(text, Buffer.from('chosen in main'))).not.toThrow();
    expect(() => loadPrivateKey(text, Buffer.from('something else'))).toThrow();
  });
});
