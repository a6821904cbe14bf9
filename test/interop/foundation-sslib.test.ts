// Our engine checked by an independent implementation: Debian's python3-securesystemslib 0.26
// (what python-tuf and so the RSTUF worker verify with) and pyca/cryptography (what the `rstuf`
// CLI loads keys with). Covers canonical bytes of every fixture, every fixture signature, and
// signatures we make with every kind of key file RSTUF users hold.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize } from '../../shared/tuf/canonical.js';
import { parseStrictJson } from '../../shared/json/strict-json.js';
import type { TufKey, TufMetadata } from '../../shared/tuf/types.js';
import { computeKeyId, computeLegacyKeyId } from '../../main/core/tuf/tuf-keys.js';
import { verifySignature } from '../../main/core/tuf/verify.js';
import { loadDocumentFile, type LoadedDocument } from '../../main/core/tuf/load-document.js';
import { loadPrivateKey } from '../../main/core/keys/private-key-file.js';
import { KeyFileSigner } from '../../main/core/signers/key-file-signer.js';
import { signDocument } from '../../main/core/signers/sign-document.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { fromB64, pythonSslibAvailable, runPython, toB64, type PythonRequest } from '../helpers/python-sslib.js';
import { JH, JJ, METADATA_FIXTURES } from './foundation-fixtures.js';

const hasPython = pythonSslibAvailable();

/** Where metadata sits inside each kind of RSTUF document, as JSON paths. */
function metadataPaths(doc: LoadedDocument): { path: string[]; md: TufMetadata }[] {
  switch (doc.kind) {
    case 'sign-pending':
      return Object.entries((doc.json.data as { metadata: Record<string, TufMetadata> }).metadata).map(([name, md]) => ({ path: ['data', 'metadata', name], md }));
    case 'bootstrap':
    case 'update':
      return [{ path: ['metadata', 'root'], md: doc.pending[0]?.metadata as TufMetadata }];
    default:
      return [{ path: [], md: doc.pending[0]?.metadata as TufMetadata }];
  }
}

const verifyRequest = (keyid: string, key: TufKey, sig: string, data: Uint8Array): PythonRequest => ({
  op: 'verify',
  keyid,
  key: { keytype: key.keytype, scheme: key.scheme, keyval: { public: key.keyval.public } },
  sig,
  data_b64: toB64(data),
});

describe.skipIf(!hasPython)('canonical JSON equals securesystemslib encode_canonical, byte for byte', () => {
  it('for the signed part of every metadata object in every fixture (python parses the file itself)', () => {
    const cases = METADATA_FIXTURES.flatMap((file) => metadataPaths(loadDocumentFile(file)).map((m) => ({ file, ...m })));
    expect(cases).toHaveLength(10);
    const results = runPython(cases.map((c) => ({ op: 'canonical_file', file: c.file, path: [...c.path, 'signed'] })));
    cases.forEach((c, i) => {
      const ours = Buffer.from(canonicalBytes(c.md.signed));
      expect(results[i]?.error, c.file).toBeUndefined();
      expect(ours.equals(fromB64(results[i]?.b64)), `${c.file} ${c.path.join('.')}`).toBe(true);
    });
  });

  it('for whole documents and for strings that need care (escapes, control characters, non-ASCII, astral key order)', () => {
    const texts = [
      readFileSync(cliFixture('sign_pending_roles.json'), 'utf8'),
      readFileSync(cliFixture('ceremony.json'), 'utf8'),
      JSON.stringify({ b: 'quote " backslash \\ slash / tab \t newline \n cr \r nul \u0000 del \u007f', a: [1, -2, 0, true, false, null] }),
      JSON.stringify({ 'é': 1, z: 2, 'Ω': 3, '\uffff': 4, '😀': 5, '\ud7ff': 6, 'x-rstuf-key-name': 'Jänis 🎸' }),
      // Raw JSON spellings that parse to the same values in both languages.
      '{"neg_zero": -0, "escapes": "\\u2028\\u0085\\/\\uD83D\\uDE00", "nul_key\\u0000": 1, "": 2}',
      // A key JavaScript treats specially must still be an ordinary key in the canonical form.
      '{"__proto__": {"polluted": true}, "constructor": 1, "toString": "x"}',
      JSON.stringify({ nested: { deeper: { list: [{ k2: 'v', k1: 'w' }], empty: {}, emptyList: [] } }, big: 9007199254740991, neg: -9007199254740991 }),
    ];
    const results = runPython(texts.map((text) => ({ op: 'canonical_text', text })));
    texts.forEach((text, i) => {
      const ours = Buffer.from(canonicalBytes(parseStrictJson(text)));
      expect(ours.equals(fromB64(results[i]?.b64)), canonicalize(parseStrictJson(text)).slice(0, 80)).toBe(true);
    });
  });
});

describe.skipIf(!hasPython)('fixture signatures and key ids, as securesystemslib sees them', () => {
  it('securesystemslib verifies every fixture signature our engine verifies, and rejects them over other bytes', () => {
    const allKeys: Record<string, TufKey> = {};
    const sigs: { keyid: string; sig: string; data: Uint8Array }[] = [];
    for (const file of METADATA_FIXTURES) {
      for (const { md } of metadataPaths(loadDocumentFile(file))) {
        Object.assign(allKeys, (md.signed as { keys?: Record<string, TufKey> }).keys ?? {});
        for (const s of md.signatures) sigs.push({ keyid: s.keyid, sig: s.sig, data: canonicalBytes(md.signed) });
      }
    }
    expect(sigs).toHaveLength(17);
    const requests = sigs.flatMap((s) => {
      const key = allKeys[s.keyid] as TufKey;
      return [verifyRequest(s.keyid, key, s.sig, s.data), verifyRequest(s.keyid, key, s.sig, Buffer.concat([s.data, Buffer.from('x')]))];
    });
    const results = runPython(requests);
    sigs.forEach((s, i) => {
      expect(verifySignature(allKeys[s.keyid] as TufKey, s.sig, s.data)).toBe(true);
      expect(results[2 * i], `python verify ${s.keyid}`).toEqual({ ok: true });
      expect(results[2 * i + 1]?.ok, `python rejects tampered data for ${s.keyid}`).toBe(false);
    });
  });

  it('key ids: our default and legacy computations equal securesystemslib\'s', () => {
    const keys = METADATA_FIXTURES.flatMap((file) => metadataPaths(loadDocumentFile(file)).flatMap(({ md }) => Object.values((md.signed as unknown as { keys: Record<string, TufKey> }).keys)));
    const requests: PythonRequest[] = keys.flatMap((key) => [
      { op: 'default_keyid', key: { keytype: key.keytype, scheme: key.scheme, keyval: key.keyval } },
      { op: 'legacy_keyid', key: { keytype: key.keytype, scheme: key.scheme, keyval: key.keyval } },
    ]);
    const results = runPython(requests);
    keys.forEach((key, i) => {
      expect(computeKeyId(key)).toBe(results[2 * i]?.keyid);
      expect(computeLegacyKeyId(key)).toBe(results[2 * i + 1]?.keyid);
    });
  });
});

describe.skipIf(!hasPython)('signatures made with RSTUF\'s key files verify in securesystemslib', () => {
  const password = Buffer.from(FIXTURE_PASSWORD);
  let data: Uint8Array;
  beforeAll(() => {
    data = canonicalBytes(loadDocumentFile(cliFixture('ceremony.json')).pending[0]?.metadata.signed);
  });

  it.each([
    ['JH.ed25519', 'pkcs8-pbes2', 'ed25519'],
    ['JJ.ecdsa', 'pkcs8-pbes1-md5-des', 'ecdsa-sha2-nistp256'],
    ['JC.rsa', 'pkcs8-pbes1-md5-des', 'rsassa-pss-sha256'],
    ['hsm-9c.ecdsa', 'traditional-encrypted', 'ecdsa-sha2-nistp256'],
    ['0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043', 'unencrypted', 'rsassa-pss-sha256'],
    ['cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2', 'unencrypted', 'ecdsa-sha2-nistp256'],
  ])('%s (%s) signs %s', async (file, format, scheme) => {
    const text = readFileSync(cliFixture(file), 'utf8');
    const loaded = loadPrivateKey(text, format === 'unencrypted' ? undefined : password);
    expect(loaded.format).toBe(format);
    const signer = new KeyFileSigner(loaded.key, file);
    expect(signer.publicKey.scheme).toBe(scheme);
    const first = Buffer.from(await signer.sign(data)).toString('hex');
    const second = Buffer.from(await signer.sign(data)).toString('hex');
    const keyid = computeKeyId(signer.publicKey);
    const [ok1, ok2, bad] = runPython([verifyRequest(keyid, signer.publicKey, first, data), verifyRequest(keyid, signer.publicKey, second, data), verifyRequest(keyid, signer.publicKey, first, data.subarray(1))]);
    expect(ok1).toEqual({ ok: true });
    expect(ok2).toEqual({ ok: true });
    expect(bad?.ok).toBe(false);
    // ed25519 is deterministic; ECDSA and RSA-PSS are randomized and each signature still verifies.
    if (scheme === 'ed25519') expect(second).toBe(first);
    else expect(second).not.toBe(first);
  });

  it('the key files hold the keys their names and the fixtures say (key id of the derived public key)', () => {
    const expected: Record<string, string> = {
      'JH.ed25519': 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc',
      'JJ.ecdsa': '50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3',
      'JC.rsa': '2f685fa7546f1856b123223ab086b3def14c89d24eef18f49c32508c2f60e241',
    };
    for (const [file, keyid] of Object.entries(expected)) {
      const signer = new KeyFileSigner(loadPrivateKey(readFileSync(cliFixture(file), 'utf8'), password).key, file);
      expect(computeKeyId(signer.publicKey), file).toBe(keyid);
    }
  });
});

describe.skipIf(!hasPython)('legacy securesystemslib encrypted key files (salt@@@@iterations@@@@hmac@@@@iv@@@@ciphertext)', () => {
  const password = 'legacy passphrase';
  let made: { keytype: string; encrypted: string; public: TufKey; legacy_keyid: string }[];
  beforeAll(() => {
    // Written by securesystemslib 0.26's own encrypt_key (PBKDF2-SHA256 100,000, AES-256-CTR, HMAC-SHA256).
    made = runPython((['ed25519', 'ecdsa', 'rsa'] as const).map((keytype) => ({ op: 'legacy_encrypted_key', keytype, password }))) as typeof made;
  });

  it.each([['ed25519'], ['ecdsa'], ['rsa']])('a %s key file loads, has the same public key, and signs what securesystemslib verifies', async (keytype) => {
    const file = made.find((m) => m.public.keytype === keytype) as (typeof made)[number];
    expect(file.encrypted.split('@@@@')).toHaveLength(5);
    const loaded = loadPrivateKey(file.encrypted, Buffer.from(password));
    expect(loaded.format).toBe('securesystemslib-legacy');
    expect(loaded.legacyScheme).toBe(file.public.scheme);
    const signer = new KeyFileSigner(loaded.key, 'legacy key', loaded.legacyScheme);
    // Same key material; securesystemslib 0.26's PEM has the trailing newline pyca writes too.
    expect(signer.publicKey.keyval.public.trim()).toBe(file.public.keyval.public.trim());
    expect(computeLegacyKeyId(file.public)).toBe(file.legacy_keyid);
    const data = Buffer.from('{"signed":"bytes to sign"}');
    const sig = Buffer.from(await signer.sign(data)).toString('hex');
    const [result] = runPython([verifyRequest(file.legacy_keyid, file.public, sig, data)]);
    expect(result).toEqual({ ok: true });
  });

  it('a wrong passphrase is refused by the HMAC check, before any decryption', () => {
    const file = made[0] as (typeof made)[number];
    expect(() => loadPrivateKey(file.encrypted, Buffer.from('not the passphrase'))).toThrow(expect.objectContaining({ code: 'PASSPHRASE_WRONG' }));
  });

  it('a tampered ciphertext is refused', () => {
    const file = made[0] as (typeof made)[number];
    const parts = file.encrypted.split('@@@@');
    const ct = parts[4] as string;
    parts[4] = `${ct.slice(0, -2)}${ct.endsWith('00') ? '01' : '00'}`;
    expect(() => loadPrivateKey(parts.join('@@@@'), Buffer.from(password))).toThrow(expect.objectContaining({ code: 'PASSPHRASE_WRONG' }));
  });
});

describe.skipIf(!hasPython)('signing keeps the document as it was, so earlier signatures stay valid', () => {
  it('ceremony_das.json signed by JH: JJ\'s earlier signature and the x-rstuf-* fields survive; securesystemslib verifies both over its own parse of our output', async () => {
    const doc = loadDocumentFile(cliFixture('ceremony_das.json'));
    const signer = new KeyFileSigner(loadPrivateKey(readFileSync(cliFixture('JH.ed25519'), 'utf8'), Buffer.from(FIXTURE_PASSWORD)).key, 'JH.ed25519');
    const outcome = await signDocument({ doc, signer });
    expect(outcome.status.met).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'foundation-keep-'));
    try {
      const out = join(dir, 'signed.json');
      writeFileSync(out, JSON.stringify(outcome.signedDocument, null, 2));
      const written = JSON.parse(readFileSync(out, 'utf8'));
      const root = written.metadata.root as TufMetadata & { signed: { keys: Record<string, TufKey> } };
      expect(written.settings).toEqual((doc.json as { settings: unknown }).settings);
      expect(Object.values(root.signed.keys).map((k) => k['x-rstuf-key-name'])).toEqual(["JimiHendrix's Key", "JanisJoplin's Key", 'Online Key']);
      const [canonical] = runPython([{ op: 'canonical_file', file: out, path: ['metadata', 'root', 'signed'] }]);
      const pythonBytes = fromB64(canonical?.b64);
      // The bytes python derives from our file are the bytes RSTUF's ceremony signed originally.
      expect(pythonBytes.equals(Buffer.from(canonicalBytes(loadDocumentFile(cliFixture('ceremony.json')).pending[0]?.metadata.signed)))).toBe(true);
      const results = runPython(root.signatures.map((sig) => verifyRequest(sig.keyid, root.signed.keys[sig.keyid] as TufKey, sig.sig, pythonBytes)));
      expect(root.signatures.map((x) => x.keyid)).toEqual([JJ, JH]);
      expect(results).toEqual([{ ok: true }, { ok: true }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

