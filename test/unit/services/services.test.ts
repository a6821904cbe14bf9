// The app services through the real dispatcher, over RSTUF's own files: what the desktop app's
// screens rely on (import, review, sign, export, trust, keys, ceremonies, audit log).
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import type { IpcResult } from '../../../shared/ipc/result.js';
import { createTokenService } from '../../../main/services/tokens.js';
import { ScriptedDialogs } from '../../helpers/scripted-dialogs.js';
import { cliFixture, FIXTURE_PASSWORD } from '../../helpers/fixtures.js';
import { makeTestApp, type TestApp } from '../../helpers/desktop-app.js';
import { SIGNATURES_NOT_CHECKED } from '../../../main/services/review.js';
import { delegatedVersions } from '../../helpers/delegated-versions.js';

let app: TestApp;
beforeEach(() => {
  app = makeTestApp();
});
afterEach(() => app.cleanup());

function value<T = any>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const errorOf = (r: IpcResult<unknown>) => (r.ok ? undefined : r.error);

async function importFixture(name: string) {
  app.dialogs.nextOpen = cliFixture(name);
  return value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
}
/** What the review screen showed: each pending role with the sha256 of its canonical bytes. */
async function reviewedOf(itemId: string): Promise<{ role: string; sha256: string }[]> {
  return value(await app.call(CHANNELS.reviewGet, { itemId })).roles.map((r: any) => ({ role: r.role, sha256: r.sha256 }));
}
async function chooseKey(name: string) {
  app.dialogs.nextOpen = cliFixture(name);
  return value(await app.call(CHANNELS.keysChooseKeyFile));
}

describe('import', () => {
  it('imports an RSTUF file chosen in main and returns an opaque id, never the path', async () => {
    const item = await importFixture('sign_pending_roles.json');
    expect(item.id).toMatch(/^item-[0-9a-f]{32}$/);
    expect(item.displayName).toBe('repository-service-tuf-cli__sign_pending_roles.json');
    expect(JSON.stringify(item)).not.toContain('/work/');
    expect(item.kind).toBe('sign-pending');
    expect(item.fingerprint).toBe('2729632cf188c3eb31c1a0a58f3981f9da99ad6e2a1943c1494304ad96fc52b0');
    expect(value(await app.call(CHANNELS.workspaceList))).toEqual([item]);
  });

  it('answers CANCELLED when the user closes the dialog, and imports nothing', async () => {
    const r = await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' });
    expect(errorOf(r)?.code).toBe('CANCELLED');
    expect(value(await app.call(CHANNELS.workspaceList))).toEqual([]);
  });

  it('imports dropped bytes the same way', async () => {
    const bytes = readFileSync(cliFixture('update.json'));
    const item = value(await app.call(CHANNELS.workspaceImportDropped, { files: [{ path: 'update.json', contentBase64: bytes.toString('base64') }] }));
    expect(item).toMatchObject({ displayName: 'update.json', kind: 'update', source: 'file' });
    expect(readdirSync(join(app.root, 'data', 'dropped'))).toEqual([]);
  });

  it('refuses a dropped file that is not RSTUF JSON with the engine sentence', async () => {
    const r = await app.call(CHANNELS.workspaceImportDropped, { files: [{ path: 'notes.json', contentBase64: Buffer.from('{"hello": 1}').toString('base64') }] });
    expect(errorOf(r)?.code).toBe('INPUT_UNKNOWN_KIND');
    expect(errorOf(r)?.message).toContain('notes.json');
  });

  it('imports a bundle folder and refuses it once a file was tampered with', async () => {
    const item = await importFixture('sign_pending_roles.json');
    app.dialogs.nextFolder = app.root;
    const exported = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    const bundleDir = join(app.root, exported.destinationName);
    app.dialogs.nextOpenFolder = bundleDir;
    const reopened = value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'folder' }));
    expect(reopened).toMatchObject({ source: 'bundle', manifestFingerprint: exported.manifestFingerprint, kind: 'sign-pending' });

    const doc = join(bundleDir, 'repository-service-tuf-cli__sign_pending_roles.json');
    writeFileSync(doc, readFileSync(doc, 'utf8').replace('2025-12-31T23:59:59Z', '2099-12-31T23:59:59Z'));
    app.dialogs.nextOpenFolder = bundleDir;
    const r = await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'folder' });
    expect(errorOf(r)?.code).toBe('BUNDLE_TAMPERED');
  });

  it('imports a dropped bundle folder under its own name', async () => {
    const item = await importFixture('sign_pending_roles.json');
    app.dialogs.nextFolder = app.root;
    const exported = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    const dir = join(app.root, exported.destinationName);
    const files = readdirSync(dir).map((name) => ({ path: name, contentBase64: readFileSync(join(dir, name)).toString('base64') }));
    const dropped = value(await app.call(CHANNELS.workspaceImportDropped, { folderName: 'from-usb', files }));
    expect(dropped).toMatchObject({ displayName: 'from-usb', source: 'bundle', manifestFingerprint: exported.manifestFingerprint });
  });
});

describe('review', () => {
  it('shows the root v1 -> v2 changes and who has signed against both thresholds', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const review = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    const root = review.roles[0];
    expect(root).toMatchObject({ role: 'root', version: 2, sha256: 'a23903469756f796633508fa2ac563696110bbf571cf3174935e480ce2008e8a', canonicalBytes: 2047, met: false });
    expect(root.changes.map((c: any) => c.area)).toEqual(expect.arrayContaining(['version-changed', 'key-added', 'key-removed', 'online-key-changed']));
    const trusted = root.thresholds.find((t: any) => t.label === 'trusted root v1');
    expect(trusted).toMatchObject({ required: 2, signedCount: 1, met: false });
    expect(trusted.signers).toEqual([
      { keyid: '50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3', name: "JanisJoplin's Key", state: 'valid' },
      { keyid: 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc', name: "JimiHendrix's Key", state: 'missing' },
    ]);
    expect(review.trust.state).toBe('unanchored');
    // Said once, as the role's warning, in the words the CLI uses too.
    expect(root.notices.filter((n: any) => n.code === 'trust-not-anchored')).toHaveLength(1);
    expect(review.notices.map((n: any) => n.code)).not.toContain('TRUST_NOT_ANCHORED');
  });

  it('lists danger notices before warnings (the fixture root v2 has expired by the test clock)', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const notices = value(await app.call(CHANNELS.reviewGet, { itemId: item.id })).roles[0].notices;
    const order = notices.map((n: any) => n.severity);
    expect(order[0]).toBe('danger');
    expect([...order].sort((a: string, b: string) => ['danger', 'warning', 'info'].indexOf(a) - ['danger', 'warning', 'info'].indexOf(b))).toEqual(order);
  });

  it('pages the canonical JSON and reports its sha256', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const first = value(await app.call(CHANNELS.reviewCanonical, { itemId: item.id, role: 'root', limit: 1000 }));
    expect(first).toMatchObject({ sha256: 'a23903469756f796633508fa2ac563696110bbf571cf3174935e480ce2008e8a', totalBytes: 2047, offset: 0, nextOffset: 1000 });
    expect(first.text).toHaveLength(1000);
    const rest = value(await app.call(CHANNELS.reviewCanonical, { itemId: item.id, role: 'root', offset: 1000, limit: 1_000_000 }));
    expect(rest.nextOffset).toBeNull();
    expect(Buffer.byteLength(first.text + rest.text, 'utf8')).toBe(2047);
  });

  it('says which role is unknown', async () => {
    const item = await importFixture('sign_pending_roles.json');
    expect(errorOf(await app.call(CHANNELS.reviewCanonical, { itemId: item.id, role: 'targets' }))?.code).toBe('ROLE_NOT_FOUND');
  });

  it('says an id that is not (or no longer) open is gone', async () => {
    const r = await app.call(CHANNELS.reviewGet, { itemId: `item-${'0'.repeat(32)}` });
    expect(errorOf(r)?.message).toContain('import it again');
  });
});

describe('signing with a key file', () => {
  it('refuses a wrong passphrase with the engine sentence and adds nothing', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const key = await chooseKey('JH.ed25519');
    expect(key).toMatchObject({ encrypted: true, publicKey: null, fileName: 'repository-service-tuf-cli__JH.ed25519' });
    const r = await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: 'zebra-quokka-9' });
    expect(errorOf(r)?.code).toBe('PASSPHRASE_WRONG');
    expect(errorOf(r)?.message).toContain('repository-service-tuf-cli__JH.ed25519');
    expect(errorOf(r)?.message).not.toContain('zebra-quokka-9');
    expect(value(await app.call(CHANNELS.auditList)).entries).toEqual([]);
  });

  it('asks for the passphrase of an encrypted key', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const key = await chooseKey('JH.ed25519');
    expect(errorOf(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef }))?.code).toBe('PASSPHRASE_REQUIRED');
  });

  it('signs, meets the threshold, records it in the audit log and exports the RSTUF sign payload', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const key = await chooseKey('JH.ed25519');
    const signed = value(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }));
    expect(signed).toMatchObject({ role: 'root', version: 2, keyid: 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc', keyName: "JimiHendrix's Key" });
    expect(signed.review.met).toBe(true);
    expect(signed.item.signaturesAdded).toBe(1);
    expect(signed.auditEntry).toMatchObject({ seq: 1, role: 'root', version: 2, signedSha256: 'a23903469756f796633508fa2ac563696110bbf571cf3174935e480ce2008e8a', keySource: { kind: 'file', fileName: 'repository-service-tuf-cli__JH.ed25519' } });

    app.dialogs.nextFolder = app.root;
    const exported = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    expect(exported.manifestFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(exported.fingerprintShort).toBe(exported.manifestFingerprint.slice(0, 16).match(/.{4}/g).join(' '));
    const payloadName = exported.files.find((f: string) => f.startsWith('sign-payload-'));
    const payload = JSON.parse(readFileSync(join(app.root, exported.destinationName, payloadName), 'utf8'));
    expect(payload).toEqual(JSON.parse(readFileSync(cliFixture('sign.json'), 'utf8')));
  });

  it('keeps no signature it could not record in the audit log', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const key = await chooseKey('JH.ed25519');
    writeFileSync(join(app.root, 'data', 'audit-log.jsonl'), 'not an audit entry\n');
    const r = await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD });
    expect(errorOf(r)?.message).toContain('audit log is damaged');
    expect(value(await app.call(CHANNELS.workspaceList))[0].signaturesAdded).toBe(0);
    app.dialogs.nextFolder = app.root;
    const exported = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    expect(exported.files.some((f: string) => f.startsWith('sign-payload-'))).toBe(false);
  });

  it('refuses a second signature by the same key', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const key = await chooseKey('JH.ed25519');
    value(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }));
    expect(errorOf(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }))?.code).toBe('KEY_ALREADY_SIGNED');
  });

  it('refuses a key that may not sign this role', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const key = await chooseKey('JC.rsa');
    const r = await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD });
    expect(['KEY_NOT_AUTHORIZED', 'KEY_ALREADY_SIGNED']).toContain(errorOf(r)?.code);
  });

  describe('when the request does not carry the review of the bytes being signed', () => {
    it('refuses a sign request without the reviewed hashes before reading the key', async () => {
      const item = await importFixture('sign_pending_roles.json');
      const key = await chooseKey('JH.ed25519');
      const r = await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD });
      expect(errorOf(r)?.code).toBe('IPC_INVALID_ARGUMENT');
      expect(errorOf(r)?.message).toContain('reviewed');
    });

    it('refuses when the reviewed sha256 is not the one of the bytes to sign, and signs and records nothing', async () => {
      const item = await importFixture('sign_pending_roles.json');
      const key = await chooseKey('JH.ed25519');
      // A review of different bytes (a stale screen, another revision) must not authorize this signature.
      const stale = (await reviewedOf(item.id)).map((r) => ({ role: r.role, sha256: `${r.sha256.slice(0, 63)}${r.sha256.endsWith('0') ? '1' : '0'}` }));
      const r = await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: stale, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD });
      expect(errorOf(r)?.code).toBe('REVIEW_CHANGED');
      expect(errorOf(r)?.message).toMatch(/not what you reviewed.*nothing was signed/);
      expect(value(await app.call(CHANNELS.auditList)).entries).toEqual([]);
      expect(value(await app.call(CHANNELS.workspaceList)).find((i: any) => i.id === item.id).signaturesAdded).toBe(0);
    });

    it('refuses when the role about to be signed was not in the review', async () => {
      const item = await importFixture('sign_pending_roles.json');
      const key = await chooseKey('JH.ed25519');
      const r = await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: [{ role: 'targets', sha256: 'a'.repeat(64) }], keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD });
      expect(errorOf(r)?.code).toBe('REVIEW_CHANGED');
      expect(errorOf(r)?.message).toContain('root');
    });

    it('refuses a token signature before the PIN is used', async () => {
      const item = await importFixture('sign_pending_roles.json');
      const r = await app.call(CHANNELS.signWithToken, { itemId: item.id, reviewed: [{ role: 'root', sha256: 'b'.repeat(64) }], tokenRef: `token-${'2'.repeat(32)}`, tokenKeyRef: `tokenkey-${'3'.repeat(32)}`, pin: '123456' });
      // Not TOKEN_NOT_FOUND: the review check comes first, so no PIN attempt is ever made.
      expect(errorOf(r)?.code).toBe('REVIEW_CHANGED');
    });
  });

  it('never overwrites an earlier export: a second export gets a new folder name', async () => {
    const item = await importFixture('sign_pending_roles.json');
    app.dialogs.nextFolder = app.root;
    const a = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    app.dialogs.nextFolder = app.root;
    const b = value(await app.call(CHANNELS.exportItem, { itemId: item.id }));
    expect(b.destinationName).not.toBe(a.destinationName);
    expect(existsSync(join(app.root, a.destinationName, 'manifest.json'))).toBe(true);
  });
});

describe('pinning a root: main asks the holder outside the page', () => {
  // The page could be compromised; a pin outlives it. Main confirms the fingerprint itself
  // (Electron's message box, the browser shell's terminal), whatever the page sent.
  it('pins nothing when the holder declines in main', async () => {
    const dialogs = new ScriptedDialogs();
    dialogs.questions = 'main';
    dialogs.nextConfirm = false;
    const electron = makeTestApp({ dialogs });
    try {
      dialogs.nextOpen = cliFixture('root.json');
      const candidate = value(await electron.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
      const r = await electron.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: true });
      expect(electron.internalErrors).toEqual([]);
      expect(errorOf(r)?.code).toBe('CANCELLED');
      expect(value(await electron.call(CHANNELS.trustGet)).pinned).toBeNull();
      expect(dialogs.confirmations[0]!.detail).toContain(candidate.root.fingerprint.slice(0, 16).match(/.{4}/g)!.join(' '));
    } finally {
      electron.cleanup();
    }
  });

  it('pins when the holder confirms in main', async () => {
    const dialogs = new ScriptedDialogs();
    dialogs.questions = 'main';
    dialogs.nextConfirm = true;
    const electron = makeTestApp({ dialogs });
    try {
      dialogs.nextOpen = cliFixture('root.json');
      const candidate = value(await electron.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
      value(await electron.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: true }));
      expect(value(await electron.call(CHANNELS.trustGet)).pinned.fingerprint).toBe(candidate.root.fingerprint);
      expect(dialogs.confirmations[0]!.message).toContain(`root v${candidate.root.version}`);
    } finally {
      electron.cleanup();
    }
  });
});

describe('error messages never tell the renderer where files are', () => {
  // The renderer gets names, never paths (a compromised page would learn the user name and layout).
  const noPath = (r: IpcResult<unknown>) => {
    expect(r.ok).toBe(false);
    expect(errorOf(r)?.message).not.toContain(app.root);
  };

  it('when a key is generated into a folder that is gone', async () => {
    app.dialogs.nextSave = join(app.root, 'usb-stick', 'gone', 'alice.key');
    const r = await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', passphrase: 'a long passphrase', name: 'Alice' });
    noPath(r);
    expect(errorOf(r)?.message).toContain('gone');
  });

  it('when the key file cannot be read', async () => {
    const loop = join(app.root, 'loop.key');
    symlinkSync(loop, loop);
    app.dialogs.nextOpen = loop;
    const r = await app.call(CHANNELS.keysChooseKeyFile);
    noPath(r);
    expect(errorOf(r)?.message).toContain('loop.key');
  });

  it('when an import from a chosen folder fails', async () => {
    const dir = join(app.root, 'stick', 'bundle');
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(dir, 'manifest.json'), join(dir, 'manifest.json'));
    app.dialogs.nextOpenFolder = dir;
    noPath(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'folder' }));
  });

  it('when the audit log export goes to a folder that is gone', async () => {
    app.dialogs.nextSave = join(app.root, 'gone', 'audit.json');
    noPath(await app.call(CHANNELS.auditExport));
  });
});

describe('keys', () => {
  it('generates an encrypted key into the chosen file and lists its public key', async () => {
    const target = join(app.root, 'alice.key');
    app.dialogs.nextSave = target;
    const generated = value(await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', passphrase: 'a long passphrase', name: 'Alice' }));
    expect(generated.fileName).toBe('alice.key');
    expect(readFileSync(target, 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(value(await app.call(CHANNELS.keysList))).toEqual([generated.publicKey]);
    expect(app.events.map((e) => (e.payload as any).phase)).toEqual(['start', 'done']);
  });

  it('offers the data folder\'s keys/ for a new private key, never the last folder used, and refuses a bundle folder', async () => {
    app.dialogs.nextSave = join(app.root, 'first.key');
    value(await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', passphrase: 'a long passphrase', name: 'Alice' }));
    expect(app.dialogs.requests.at(-1)).toMatchObject({ kind: 'saveFile', startIn: join(app.root, 'data', 'keys') });
    // An exported bundle folder (it holds manifest.json) is refused before anything is written.
    const bundle = join(app.root, 'exported-bundle');
    mkdirSync(bundle);
    writeFileSync(join(bundle, 'manifest.json'), '{}');
    app.dialogs.nextSave = join(bundle, 'bob.key');
    const r = await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', passphrase: 'a long passphrase', name: 'Bob' });
    expect(errorOf(r)).toMatchObject({ code: 'OUTPUT_UNWRITABLE', message: expect.stringContaining('exported-bundle is a bundle folder') });
    expect(readdirSync(bundle)).toEqual(['manifest.json']);
  });

  it('refuses to overwrite an existing file', async () => {
    const target = join(app.root, 'exists.key');
    writeFileSync(target, 'keep me');
    app.dialogs.nextSave = target;
    const r = await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', passphrase: 'a long passphrase', name: 'Alice' });
    expect(errorOf(r)?.code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('refuses a short passphrase', async () => {
    app.dialogs.nextSave = join(app.root, 'short.key');
    expect(errorOf(await app.call(CHANNELS.keysGenerate, { scheme: 'ed25519', passphrase: 'short', name: 'A' }))?.code).toBe('PASSPHRASE_REQUIRED');
    expect(existsSync(join(app.root, 'short.key'))).toBe(false);
  });

  it('imports a certificate and names the key after its subject, as the rstuf CLI does', async () => {
    app.dialogs.nextOpen = cliFixture('hsm-9c-ecc.crt');
    const { imported } = value(await app.call(CHANNELS.keysImportPublic));
    expect(imported[0]).toMatchObject({ keytype: 'ecdsa', origin: 'imported', fileName: 'repository-service-tuf-cli__hsm-9c-ecc.crt' });
    expect(imported[0].name).not.toBe('repository-service-tuf-cli__hsm-9c-ecc');
  });

  it('imports a public key and exports it again as PEM', async () => {
    app.dialogs.nextOpen = cliFixture('JH.pub');
    const { imported } = value(await app.call(CHANNELS.keysImportPublic));
    expect(imported[0]).toMatchObject({ keyid: 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc', origin: 'imported' });
    app.dialogs.nextSave = join(app.root, 'jh.pub');
    value(await app.call(CHANNELS.keysExportPublic, { keyid: imported[0].keyid, format: 'pem' }));
    expect(readFileSync(join(app.root, 'jh.pub'), 'utf8')).toContain('BEGIN PUBLIC KEY');
  });
});

describe('bootstrap ceremony', () => {
  async function importKeys() {
    const ids: string[] = [];
    for (const name of ['JH.pub', 'JJ.pub', 'cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2.pub']) {
      app.dialogs.nextOpen = cliFixture(name);
      ids.push(value(await app.call(CHANNELS.keysImportPublic)).imported[0].keyid);
    }
    return ids as [string, string, string];
  }
  const input = (jh: string, jj: string, online: string, threshold = 2) => ({
    ceremony: 'bootstrap',
    expirationDays: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
    delegation: { kind: 'bins', count: 256 },
    rootKeys: [{ keyid: jh, name: 'JimiHendrix' }, { keyid: jj, name: 'JanisJoplin' }],
    rootThreshold: threshold,
    onlineKey: { keyid: online, name: 'Online', uri: `fn:${online}` },
  });

  it('explains rule violations per field', async () => {
    const [jh, jj, online] = await importKeys();
    const v = value(await app.call(CHANNELS.ceremonyValidate, input(jh, jj, online, 3)));
    expect(v.valid).toBe(false);
    expect(v.messages[0]).toMatchObject({ severity: 'error', field: 'root.threshold' });
  });

  it('builds the payload into the workspace, ready for two holders to sign', async () => {
    const [jh, jj, online] = await importKeys();
    expect(value(await app.call(CHANNELS.ceremonyValidate, input(jh, jj, online))).valid).toBe(true);
    const item = value(await app.call(CHANNELS.ceremonyCreate, input(jh, jj, online)));
    expect(item).toMatchObject({ kind: 'bootstrap', displayName: 'ceremony-payload.json', roles: [{ role: 'root', version: 1 }] });
    for (const [file, expectedCount] of [['JH.ed25519', 1], ['JJ.ecdsa', 2]] as const) {
      const key = await chooseKey(file);
      const signed = value(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }));
      expect(signed.review.thresholds[0].signedCount).toBe(expectedCount);
    }
    const review = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    expect(review.roles[0].met).toBe(true);
  });

  it('keeps both signatures when two holders sign the same item at the same time', async () => {
    const [jh, jj, online] = await importKeys();
    const item = value(await app.call(CHANNELS.ceremonyCreate, input(jh, jj, online)));
    const reviewed = await reviewedOf(item.id);
    const keys = [await chooseKey('JH.ed25519'), await chooseKey('JJ.ecdsa')];
    const results = await Promise.all(keys.map((key) => app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD })));
    for (const r of results) value(r);
    const review = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    expect(review.roles[0].thresholds[0].signedCount).toBe(2);
    expect(review.roles[0].met).toBe(true);
  });

  it('stays reviewable and signable when another root is already pinned (a new repository has no earlier root)', async () => {
    app.dialogs.nextOpen = cliFixture('root.json');
    const candidate = value(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    value(await app.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: false }));
    const [jh, jj, online] = await importKeys();
    const item = value(await app.call(CHANNELS.ceremonyCreate, input(jh, jj, online)));
    const review = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    expect(review.trust).toMatchObject({ state: 'unanchored', message: expect.stringContaining('bootstrap') });
    const key = await chooseKey('JH.ed25519');
    expect(value(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD })).role).toBe('root');
  });

  it('names an unknown key as a field problem', async () => {
    const [jh, , online] = await importKeys();
    const v = value(await app.call(CHANNELS.ceremonyValidate, input(jh, 'f'.repeat(64), online)));
    expect(v.messages).toEqual([expect.objectContaining({ field: 'rootKeys.1', rule: 'key-known' })]);
  });
});

describe('root update ceremony', () => {
  it('validates and builds an update of the pinned root, listing what changes', async () => {
    app.dialogs.nextOpen = cliFixture('ceremony.json');
    const candidate = value(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    value(await app.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: true }));
    app.dialogs.nextOpen = cliFixture('JC.pub');
    const jc = value(await app.call(CHANNELS.keysImportPublic)).imported[0];
    const input = { ceremony: 'update', base: { from: 'pinned' }, rootExpirationDays: 365, addKeys: [{ keyid: jc.keyid, name: 'JoeCocker' }], removeKeys: ["JimiHendrix's Key"] };
    const v = value(await app.call(CHANNELS.ceremonyValidate, input));
    expect(v.valid).toBe(true);
    expect(v.changes).toEqual(expect.arrayContaining(['version: 1 -> 2', expect.stringContaining('root key removed'), expect.stringContaining('root key added')]));
    const item = value(await app.call(CHANNELS.ceremonyCreate, input));
    expect(item).toMatchObject({ kind: 'update', displayName: 'update-payload.json', roles: [{ role: 'root', version: 2 }] });
  });

  it('explains an impossible threshold at its field', async () => {
    app.dialogs.nextOpen = cliFixture('ceremony.json');
    const candidate = value(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    value(await app.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: true }));
    const v = value(await app.call(CHANNELS.ceremonyValidate, { ceremony: 'update', base: { from: 'pinned' }, rootExpirationDays: 365, rootThreshold: 5, addKeys: [], removeKeys: [] }));
    expect(v.valid).toBe(false);
    expect(v.messages).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', field: 'root.threshold' })]));
  });

  it('needs a pinned root to start from', async () => {
    const r = await app.call(CHANNELS.ceremonyValidate, { ceremony: 'update', base: { from: 'pinned' }, addKeys: [], removeKeys: [] });
    expect(errorOf(r)?.code).toBe('TRUST_NOT_PINNED');
  });
});

describe('trust store', () => {
  it('never pins a root its own keys did not sign to threshold, even with the warning accepted; pins the same root signed, and anchors reviews to it', async () => {
    // RSTUF's v1.json: the root v1 of its tests, with one of its two signatures not verifying. No TUF
    // client accepts it as a trusted root, so neither does the laptop (the trust store's one rule).
    app.dialogs.nextOpen = cliFixture('v1.json');
    const candidate = value(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    expect(candidate).toMatchObject({ relation: 'first-pin', replaces: null, root: { version: 1, fingerprint: '1bc167f9070fe3f46e06147b4c5343375b26d32b3caff66f87ca47656a65f32f' } });
    expect(candidate.warnings[0]).toContain('1 of 2 required signatures');
    const refused = errorOf(await app.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: true }));
    expect(refused).toMatchObject({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringMatching(/^not pinned: root v1 is not signed by a threshold of its own root keys: root v1: 1 of 2/) });
    // Refused before the holder is asked to confirm anything.
    expect(app.dialogs.confirmations).toEqual([]);
    expect(value(await app.call(CHANNELS.trustGet)).pinned).toBeNull();
    // The same root, with its signatures, as RSTUF's bootstrap payload carries it.
    app.dialogs.nextOpen = cliFixture('ceremony.json');
    const signed = value(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    expect(signed.root.fingerprint).toBe(candidate.root.fingerprint);
    const state = value(await app.call(CHANNELS.trustPin, { candidateId: signed.candidateId, confirm: true, acceptWarnings: true }));
    expect(state.pinned).toMatchObject({ version: 1, fingerprint: candidate.root.fingerprint });
    const item = await importFixture('sign_pending_roles.json');
    expect(value(await app.call(CHANNELS.reviewGet, { itemId: item.id })).trust.state).toBe('chained');
  });

  it('refuses a re-pin that does not chain unless the warning is accepted', async () => {
    app.dialogs.nextOpen = cliFixture('root.json');
    const first = value(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    value(await app.call(CHANNELS.trustPin, { candidateId: first.candidateId, confirm: true, acceptWarnings: false }));
    expect(first.warnings).toEqual([]);
    app.dialogs.nextOpen = cliFixture('ceremony.json');
    const other = value(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    expect(other.relation).toBe('older');
    expect(other.warnings.length).toBeGreaterThan(0);
    expect(errorOf(await app.call(CHANNELS.trustPin, { candidateId: other.candidateId, confirm: true, acceptWarnings: false }))?.code).toBe('TRUST_CHAIN_BROKEN');
    expect(value(await app.call(CHANNELS.trustGet)).pinned.fingerprint).toBe(first.root.fingerprint);
    value(await app.call(CHANNELS.trustPin, { candidateId: other.candidateId, confirm: true, acceptWarnings: true }));
    expect(value(await app.call(CHANNELS.trustGet)).pinned.fingerprint).toBe(other.root.fingerprint);
  });
});

describe('audit log', () => {
  it('exports every signature as JSON with the chain check, never over an existing file', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const key = await chooseKey('JH.ed25519');
    value(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD }));
    const target = join(app.root, 'audit.json');
    app.dialogs.nextSave = target;
    expect(value(await app.call(CHANNELS.auditExport))).toEqual({ fileName: 'audit.json', entries: 1 });
    const doc = JSON.parse(readFileSync(target, 'utf8'));
    expect(doc.chain.valid).toBe(true);
    expect(doc.entries[0]).toMatchObject({ role: 'root', keyid: 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc' });
    app.dialogs.nextSave = target;
    expect(errorOf(await app.call(CHANNELS.auditExport))?.code).toBe('OUTPUT_EXISTS');
  });
});

describe('tokens', () => {
  it('says plainly when no PKCS#11 module is installed', async () => {
    const noModules = makeTestApp({ tokens: createTokenService({ modules: () => [] }) });
    try {
      expect(value(await noModules.call(CHANNELS.tokensList))).toEqual({ available: false, message: expect.stringMatching(/PKCS#11 module/), tokens: [] });
      const r = await noModules.call(CHANNELS.signWithToken, { itemId: `item-${'1'.repeat(32)}`, tokenRef: `token-${'2'.repeat(32)}`, tokenKeyRef: `tokenkey-${'3'.repeat(32)}`, pin: '123456', reviewed: [{ role: 'root', sha256: 'a'.repeat(64) }] });
      expect(errorOf(r)?.code).toBe('INPUT_UNREADABLE');
    } finally {
      noModules.cleanup();
    }
  });
});

describe('chooser channels outside the browser shell', () => {
  it('say no chooser is open', async () => {
    const r = await app.call(CHANNELS.chooserCancel, { chooserId: `chooser-${'e'.repeat(32)}` });
    expect(errorOf(r)?.code).toBe('USAGE');
  });
});


describe('comparing a delegated role with its current version', () => {
  async function importDelegated(): Promise<{ item: any; v: ReturnType<typeof delegatedVersions>; dir: string }> {
    const v = delegatedVersions(300);
    const dir = join(app.root, 'usb');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pending.json'), JSON.stringify(v.pending));
    writeFileSync(join(dir, 'production-v1.json'), JSON.stringify(v.previous));
    writeFileSync(join(dir, 'production.pem'), v.signer.pem, { mode: 0o600 });
    app.dialogs.nextOpen = join(dir, 'pending.json');
    return { item: value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' })), v, dir };
  }

  it('keeps the comparison in the review a signature returns, and in the next review', async () => {
    const { item, v, dir } = await importDelegated();
    app.dialogs.nextOpen = join(dir, 'production-v1.json');
    const compared = value(await app.call(CHANNELS.reviewComparePrevious, { itemId: item.id, role: 'production' }));
    expect(compared.roles[0].artifacts.counts).toEqual(v.expected);
    expect(compared.notices.map((n: any) => n.code)).toContain('COMPARED_WITH_PREVIOUS');

    app.dialogs.nextOpen = join(dir, 'production.pem');
    const key = value(await app.call(CHANNELS.keysChooseKeyFile));
    const signed = value(await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed: await reviewedOf(item.id), keyFileRef: key.keyFileRef }));
    expect(signed.review.met).toBe(true);
    const changesAfter = signed.review.changes.map((c: any) => c.summary).join('\n');
    expect(changesAfter).toContain('production/old/gone-1.tar.gz');
    expect(signed.review.notices.map((n: any) => n.code)).not.toContain('trusted-version-missing');
    expect(value(await app.call(CHANNELS.reviewGet, { itemId: item.id })).roles[0].artifacts.counts).toEqual(v.expected);
  });

  it('says why a role cannot take one before any file is chosen', async () => {
    const item = await importFixture('sign_pending_roles.json');
    app.dialogs.nextOpen = cliFixture('v1.json');
    const r = await app.call(CHANNELS.reviewComparePrevious, { itemId: item.id, role: 'root' });
    expect(errorOf(r)).toMatchObject({ code: 'ROLE_NOT_FOUND', message: expect.stringContaining('root is not a delegated targets role') });
    // The dialog was never opened: its scripted answer is still queued.
    expect(app.dialogs.pending('openFile')).toBe(1);
    expect(app.dialogs.requests.map((r) => r.title)).not.toContain('Choose the current version of root to compare with');
  });
});

// review.get with firstScreen: the Review screen's first paint of a big role, before the signature
// status (canonical bytes, sha256, signature checks) is known. It must say what the role changes as
// the full review does, and nothing may ever be signed from it.
describe('review.get firstScreen', () => {
  it('shows the changes and warnings of the full review, but no signature status and no hash', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const first = value(await app.call(CHANNELS.reviewGet, { itemId: item.id, firstScreen: true }));
    const full = value(await app.call(CHANNELS.reviewGet, { itemId: item.id }));
    const [root] = first.roles;
    expect(root).toMatchObject({ role: 'root', version: 2, signaturesChecked: false, sha256: null, canonicalBytes: null, thresholds: [], met: false, refusedSignatures: [] });
    expect(root.changes).toEqual(full.roles[0].changes);
    expect(root.missingAuthorizer).toBe(full.roles[0].missingAuthorizer);
    // Every warning that does not depend on a signature is already there.
    expect(full.roles[0].notices).toEqual(expect.arrayContaining(root.notices));
    expect(root.notices.map((n: any) => n.code)).toContain('trust-not-anchored');
    expect(first.trust).toEqual(full.trust);
    expect(full.roles[0]).toMatchObject({ signaturesChecked: true, sha256: 'a23903469756f796633508fa2ac563696110bbf571cf3174935e480ce2008e8a', canonicalBytes: 2047, signingRefused: null });
  });

  it('refuses signing in every role until the signatures are checked', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const first = value(await app.call(CHANNELS.reviewGet, { itemId: item.id, firstScreen: true }));
    expect(first.roles.map((r: any) => r.signingRefused)).toEqual([SIGNATURES_NOT_CHECKED]);
  });

  it('cannot authorize a signature: a reviewed role without its sha256 is refused and nothing is signed', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const first = value(await app.call(CHANNELS.reviewGet, { itemId: item.id, firstScreen: true }));
    app.dialogs.nextOpen = cliFixture('JH.ed25519');
    const key = value(await app.call(CHANNELS.keysChooseKeyFile));
    const reviewed = first.roles.map((r: any) => ({ role: r.role, sha256: r.sha256 }));
    const r = await app.call(CHANNELS.signWithKeyFile, { itemId: item.id, reviewed, keyFileRef: key.keyFileRef, passphrase: FIXTURE_PASSWORD });
    expect(r.ok ? undefined : r.error.code).toBe('IPC_INVALID_ARGUMENT');
    expect(value(await app.call(CHANNELS.workspaceList))[0].signaturesAdded).toBe(0);
  });

  it('refuses an unknown request field (the request stays a strict object)', async () => {
    const item = await importFixture('sign_pending_roles.json');
    const r = await app.call(CHANNELS.reviewGet, { itemId: item.id, firstScreen: false });
    expect(r.ok ? undefined : r.error.code).toBe('IPC_INVALID_ARGUMENT');
  });
});
