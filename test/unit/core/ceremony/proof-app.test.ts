// Proofs of possession and the ceremony record in the desktop app, through the real dispatcher and
// services: main's dialog picks the proof, main checks it against the item's pending root, and the
// review then says "proved by signing on DATE"; a changed proof is refused naming the file (never a
// path); the record is written where main's save dialog says.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBootstrapPayload } from '../../../../shared/ceremony/build.js';
import { DEFAULT_EXPIRATION } from '../../../../shared/ceremony/defaults.js';
import { CHANNELS } from '../../../../shared/ipc/channels.js';
import type { IpcResult } from '../../../../shared/ipc/result.js';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import { readDocument } from '../../../../shared/tuf/documents.js';
import { makeChallenges, proveChallenge } from '../../../../main/core/ceremony/proof.js';
import { KeyFileSigner } from '../../../../main/core/signers/key-file-signer.js';
import { publicKeyIdentity } from '../../../../main/core/tuf/tuf-keys.js';
import { makeTestApp, type TestApp } from '../../../helpers/desktop-app.js';
import { makeKey, makeOnlineKey } from '../../../helpers/ceremony-keys.js';
import { requireSystemDependency } from '../../../helpers/system-deps.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const alice = makeKey('Alice');
const bob = makeKey('Bob');
let app: TestApp;
const value = <T = any>(r: IpcResult<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

beforeEach(async () => {
  app = makeTestApp();
  const built = buildBootstrapPayload({ expiration: { ...DEFAULT_EXPIRATION }, delegation: { kind: 'bins', count: 4 }, root: { threshold: 2, keys: [alice, bob] }, onlineKey: makeOnlineKey() }, NOW, publicKeyIdentity);
  writeFileSync(join(app.root, 'ceremony-payload.json'), JSON.stringify(built.payload));
  // Alice, on her laptop: the challenge for her key, signed with her key.
  const [challenge] = makeChallenges(readDocument(built.payload as unknown as JsonValue), { repository: 'ceremony-payload.json', now: NOW });
  const proof = await proveChallenge(challenge!, new KeyFileSigner(alice.privateKey, 'key file alice.pem'), new Date('2026-11-25T13:00:00Z'));
  writeFileSync(join(app.root, 'alice-proof.json'), JSON.stringify(proof));
  writeFileSync(join(app.root, 'tampered.json'), JSON.stringify({ ...proof, signed: { ...proof.signed, signed_with: 'key file mallory.pem' } }));
});
afterEach(() => app.cleanup());

async function importPayload(): Promise<string> {
  app.dialogs.nextOpen = join(app.root, 'ceremony-payload.json');
  return value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' })).id;
}
const proofNotices = (review: any) => review.roles[0].notices.filter((n: { code: string }) => n.code.startsWith('key-'));

describe('proof of possession in the app', () => {
  it('imports a proof chosen in main; the review then says proved for Alice and not proved for Bob', async () => {
    const itemId = await importPayload();
    expect(proofNotices(value(await app.call(CHANNELS.reviewGet, { itemId }))).map((n: { code: string }) => n.code)).toEqual(['key-not-proved', 'key-not-proved']);

    app.dialogs.nextOpen = join(app.root, 'alice-proof.json');
    const result = value(await app.call(CHANNELS.proofImport, { itemId }));
    expect(result).toMatchObject({ fileName: 'alice-proof.json', keyid: alice.keyid, keyName: 'Alice', words: 'proved by signing on 2026-11-25 (key file alice.pem)', added: true });
    expect(proofNotices(result.review)).toEqual([
      { severity: 'warning', code: 'key-not-proved', message: expect.stringContaining('New key Bob') },
      { severity: 'info', code: 'key-proved', message: `New key Alice (${alice.keyid.slice(0, 8)}): proved by signing on 2026-11-25 (key file alice.pem).` },
    ]);
    expect(JSON.stringify(result)).not.toContain(app.root);
    expect(app.dialogs.requests.at(-1)).toEqual({ kind: 'openFile', title: "Choose a key holder's proof of possession" });
  });

  it('refuses a changed proof, naming the file and not its path; a closed dialog imports nothing', async () => {
    const itemId = await importPayload();
    app.dialogs.nextOpen = join(app.root, 'tampered.json');
    const r = await app.call(CHANNELS.proofImport, { itemId });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('SIGNATURE_INVALID');
    expect(r.error.message).toContain('the proof tampered.json (Alice, key id');
    expect(r.error.message).not.toContain(app.root);
    const cancelled = await app.call(CHANNELS.proofImport, { itemId });
    expect(!cancelled.ok && cancelled.error.code).toBe('CANCELLED');
    expect(proofNotices(value(await app.call(CHANNELS.reviewGet, { itemId }))).map((n: { code: string }) => n.code)).toEqual(['key-not-proved', 'key-not-proved']);
  });

  it('saves the ceremony record where main says, with the proof in it', async () => {
    const itemId = await importPayload();
    app.dialogs.nextOpen = join(app.root, 'alice-proof.json');
    value(await app.call(CHANNELS.proofImport, { itemId }));
    app.dialogs.nextSave = join(app.root, 'record.html');
    const saved = value(await app.call(CHANNELS.recordSave, { itemId, pdf: false }));
    expect(saved).toMatchObject({ htmlFileName: 'record.html', pdfFileName: null });
    const html = readFileSync(join(app.root, 'record.html'), 'utf8');
    expect(html).toContain('proved by signing on 2026-11-25 (key file alice.pem)');
    // Never over an existing file: the holder is asked to choose another name.
    app.dialogs.nextSave = join(app.root, 'record.html');
    const again = await app.call(CHANNELS.recordSave, { itemId, pdf: false });
    expect(!again.ok && again.error.code).toBe('OUTPUT_EXISTS');
  });

  it.skipIf(!requireSystemDependency('Chromium', existsSync('/usr/bin/chromium'), 'apt-get install chromium'))('prints the record to PDF when asked', async () => {
    const itemId = await importPayload();
    app.dialogs.nextSave = join(app.root, 'record.html');
    app.dialogs.nextSave = join(app.root, 'record.pdf');
    const saved = value(await app.call(CHANNELS.recordSave, { itemId, pdf: true }));
    expect(saved.pdfFileName).toBe('record.pdf');
    expect(readFileSync(join(app.root, 'record.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
