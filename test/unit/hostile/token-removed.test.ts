// A hardware token pulled out in the middle of signing (or answering garbage), at the signDocument
// level and through the app: the error says what to do, no signature is recorded or exported, the
// workspace copy and the audit log are unchanged, and signing again with the token back works.
// (PKCS#11-level removal is covered by the tokens suites; this is the layer above.)
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SignerError } from '../../../shared/errors.js';
import type { IpcResult } from '../../../shared/ipc/result.js';
import { canonicalBytes } from '../../../shared/tuf/canonical.js';
import { loadDocumentFile } from '../../../main/core/tuf/load-document.js';
import { loadPrivateKey } from '../../../main/core/keys/private-key-file.js';
import { KeyFileSigner } from '../../../main/core/signers/key-file-signer.js';
import { signDocument } from '../../../main/core/signers/sign-document.js';
import type { AsyncSigner } from '../../../main/core/signers/signer.js';
import type { TokenService } from '../../../main/services/tokens.js';
import { makeTestApp } from '../../helpers/desktop-app.js';
import { cliFixture, FIXTURE_PASSWORD } from '../../helpers/fixtures.js';

const jh = new KeyFileSigner(loadPrivateKey(readFileSync(cliFixture('JH.ed25519'), 'utf8'), Buffer.from(FIXTURE_PASSWORD)).key, 'key file JH.ed25519');
const REMOVED = 'YubiKey 5 #18158855 was removed while signing; plug it back in and sign again (nothing was signed)';

type Behaviour = 'removed' | 'garbage' | 'healthy';
/** A token-backed signer holding JH's key, whose sign() fails like a pulled token when told to. */
function tokenSigner(behaviour: () => Behaviour): AsyncSigner & { disposed: number } {
  return {
    publicKey: jh.publicKey,
    source: 'YubiKey 5 #18158855 slot 9c',
    disposed: 0,
    async sign(data: Uint8Array) {
      const b = behaviour();
      await new Promise((r) => setTimeout(r, 5)); // the removal happens while the token works
      if (b === 'removed') throw new SignerError('TOKEN_NOT_PRESENT', REMOVED);
      if (b === 'garbage') return new Uint8Array(64).fill(0xa5);
      return jh.sign(data);
    },
    dispose() {
      this.disposed++;
    },
  };
}

describe('token removed mid-sign: signDocument', () => {
  it('rejects with the token error, and the document and its signed bytes are untouched', async () => {
    const doc = loadDocumentFile(cliFixture('ceremony_das.json'));
    const before = JSON.stringify(doc.json);
    const bytes = Buffer.from(canonicalBytes(doc.pending[0]!.metadata.signed));
    await expect(signDocument({ doc, signer: tokenSigner(() => 'removed') })).rejects.toMatchObject({ code: 'TOKEN_NOT_PRESENT', message: REMOVED });
    expect(JSON.stringify(doc.json)).toBe(before);
    expect(Buffer.from(canonicalBytes(doc.pending[0]!.metadata.signed)).equals(bytes)).toBe(true);
  });

  it('a token answering garbage is caught by the self-check: nothing leaves the engine', async () => {
    const doc = loadDocumentFile(cliFixture('ceremony_das.json'));
    await expect(signDocument({ doc, signer: tokenSigner(() => 'garbage') })).rejects.toMatchObject({
      code: 'SIGNATURE_SELF_CHECK_FAILED',
      message: expect.stringMatching(/does not verify against key c6d8bf2e; nothing was written/),
    });
  });
});

describe('token removed mid-sign: the desktop app', () => {
  let behaviour: Behaviour = 'removed';
  const opened: ReturnType<typeof tokenSigner>[] = [];
  const tokens: TokenService = {
    list: async () => ({ tokens: [], modules: [], problems: [] }) as never,
    openSigner: async () => {
      const signer = tokenSigner(() => behaviour);
      opened.push(signer);
      return { signer, serial: '18158855', label: 'YubiKey 5' };
    },
    tokenLabel: () => 'YubiKey 5',
    publicKeyOf: () => {
      throw new Error('not used here');
    },
  };
  const app = makeTestApp({ tokens });
  afterAll(() => app.cleanup());
  const value = <T>(r: IpcResult<unknown>): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  // A sign request names the sha256 of the bytes the holder reviewed (main refuses anything else).
  const tokenRequest = async (itemId: string) => ({
    itemId,
    reviewed: value<{ roles: { role: string; sha256: string }[] }>(await app.call('signer:review.get', { itemId })).roles.map((r) => ({ role: r.role, sha256: r.sha256 })),
    tokenRef: `token-${'1'.repeat(32)}`,
    tokenKeyRef: `tokenkey-${'2'.repeat(32)}`,
    pin: '123456',
  });

  it('fails with the token message; no signature is recorded, exported or logged; a retry with the token back signs', async () => {
    const bytes = readFileSync(cliFixture('ceremony_das.json'));
    const item = value<{ id: string; signaturesAdded: number }>(await app.call('signer:workspace.importDropped', { files: [{ path: 'ceremony_das.json', contentBase64: bytes.toString('base64') }] }));

    for (const b of ['removed', 'garbage'] as const) {
      behaviour = b;
      const result = await app.call('signer:sign.withToken', await tokenRequest(item.id));
      expect(result).toMatchObject({ ok: false, error: { code: b === 'removed' ? 'TOKEN_NOT_PRESENT' : 'SIGNATURE_SELF_CHECK_FAILED' } });
      if (!result.ok) expect(result.error.message).toMatch(b === 'removed' ? /plug it back in and sign again/ : /nothing was written/);
    }
    expect(opened.every((s) => s.disposed === 1)).toBe(true);
    const listed = value<{ id: string; signaturesAdded: number }[]>(await app.call('signer:workspace.list'));
    expect(listed.find((i) => i.id === item.id)?.signaturesAdded).toBe(0);
    expect(value<{ total: number }>(await app.call('signer:audit.list', {})).total).toBe(0);

    // What would go back on the USB stick is the document as imported: no half-made signature.
    const usb = mkdtempSync(join(app.root, 'usb-'));
    app.dialogs.nextFolder = usb;
    value(await app.call('signer:export.item', { itemId: item.id }));
    const exported = readdirSync(usb, { recursive: true }).map(String).filter((n) => n.endsWith('.json') && !n.endsWith('manifest.json'));
    expect(exported.length).toBeGreaterThan(0);
    const roots = exported.map((name) => JSON.parse(readFileSync(join(usb, name), 'utf8'))).filter((json) => json.metadata?.root);
    expect(roots).toHaveLength(1);
    expect(roots[0].metadata.root.signatures.map((s: { keyid: string }) => s.keyid.slice(0, 8))).toEqual(['50d7e110']);

    behaviour = 'healthy';
    const signed = value<{ keyid: string }>(await app.call('signer:sign.withToken', await tokenRequest(item.id)));
    expect(signed.keyid.slice(0, 8)).toBe('c6d8bf2e');
    expect(value<{ total: number }>(await app.call('signer:audit.list', {})).total).toBe(1);
    expect(app.internalErrors).toEqual([]);
  });
});
