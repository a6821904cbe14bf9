// Private and public key files in every format RSTUF key holders have, and the signer built on
// them: the right key comes out, each failure has its own code and a sentence that says what to do.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignerErrorCode } from '../../../../shared/errors.js';
import { canonicalBytes } from '../../../../shared/tuf/canonical.js';
import type { TufKey } from '../../../../shared/tuf/types.js';
import { computeKeyId, computeLegacyKeyId, tufKeyFromKeyObject } from '../../../../main/core/tuf/tuf-keys.js';
import { verifySignature } from '../../../../main/core/tuf/verify.js';
import { describePrivateKeyText, loadPrivateKey } from '../../../../main/core/keys/private-key-file.js';
import { parsePublicKeyText, readPublicKeyFile } from '../../../../main/core/keys/public-key-file.js';
import { KeyFileSigner } from '../../../../main/core/signers/key-file-signer.js';
import { signAndVerify, type AsyncSigner } from '../../../../main/core/signers/signer.js';
import { cliFixture, FIXTURE_PASSWORD } from '../../../helpers/fixtures.js';
import { JC, JH, JJ } from '../../../interop/foundation-fixtures.js';

const password = Buffer.from(FIXTURE_PASSWORD);
const text = (name: string): string => readFileSync(cliFixture(name), 'utf8');
const errorCode = (code: SignerErrorCode, message?: RegExp) => expect.objectContaining({ code, ...(message ? { message: expect.stringMatching(message) } : {}) });

describe('private key files', () => {
  it.each([
    ['JH.ed25519', 'pkcs8-pbes2', JH],
    ['JJ.ecdsa', 'pkcs8-pbes1-md5-des', JJ],
    ['JC.rsa', 'pkcs8-pbes1-md5-des', JC],
  ])('%s (%s, password hunter2) holds key %s', (file, format, keyid) => {
    expect(describePrivateKeyText(text(file))).toEqual({ encrypted: true, format });
    const loaded = loadPrivateKey(text(file), password);
    expect(loaded.format).toBe(format);
    expect(computeKeyId(tufKeyFromKeyObject(loaded.key))).toBe(keyid);
  });

  it('hsm-9c.ecdsa (traditional Proc-Type: 4,ENCRYPTED, AES-256-CBC) is the private half of hsm-9c-ecc.crt', () => {
    expect(describePrivateKeyText(text('hsm-9c.ecdsa'))).toEqual({ encrypted: true, format: 'traditional-encrypted' });
    const loaded = loadPrivateKey(text('hsm-9c.ecdsa'), password);
    const fromCert = readPublicKeyFile(cliFixture('hsm-9c-ecc.crt'));
    expect(tufKeyFromKeyObject(loaded.key)).toEqual(fromCert.key);
  });

  it.each(['JH.ed25519', 'JJ.ecdsa', 'JC.rsa', 'hsm-9c.ecdsa'])('%s with a wrong passphrase: PASSPHRASE_WRONG', (file) => {
    expect(() => loadPrivateKey(text(file), Buffer.from('hunter3'))).toThrow(errorCode('PASSPHRASE_WRONG', /wrong passphrase/));
  });

  it.each(['JH.ed25519', 'JJ.ecdsa', 'JC.rsa', 'hsm-9c.ecdsa'])('%s without a passphrase: PASSPHRASE_REQUIRED', (file) => {
    expect(() => loadPrivateKey(text(file))).toThrow(errorCode('PASSPHRASE_REQUIRED', /encrypted: a passphrase is required/));
  });

  it.each(['JH.ed25519', 'JJ.ecdsa', 'JC.rsa', 'hsm-9c.ecdsa'])('%s truncated (lines cut out of the PEM body): KEY_UNREADABLE, not a wrong-passphrase guess', (file) => {
    const lines = text(file).split('\n');
    const body = lines.findIndex((l) => l.length > 0 && !l.startsWith('-----') && !l.includes(':'));
    const truncated = [...lines.slice(0, body + 1), ...lines.slice(-2)].join('\n');
    expect(() => loadPrivateKey(truncated, password)).toThrow(errorCode('KEY_UNREADABLE', /damaged or truncated/));
  });

  it.each(['JH.ed25519', 'JJ.ecdsa', 'hsm-9c.ecdsa'])('%s cut off mid-file (no END line): KEY_UNREADABLE saying so', (file) => {
    const cut = text(file).slice(0, Math.floor(text(file).length * 0.6));
    expect(() => loadPrivateKey(cut, password)).toThrow(errorCode('KEY_UNREADABLE', /truncated: its "-----END [A-Z ]+-----" line is missing/));
    expect(() => loadPrivateKey(cut)).toThrow(errorCode('KEY_UNREADABLE'));
  });

  it('hsm-9c.ecdsa with one cipher block lost and a wrong passphrase is still reported as a wrong passphrase', () => {
    const lines = text('hsm-9c.ecdsa').split('\n');
    const cut = [...lines.slice(0, 5), ...lines.slice(6)].join('\n');
    expect(() => loadPrivateKey(cut, password)).toThrow(errorCode('KEY_UNREADABLE'));
    expect(() => loadPrivateKey(cut, Buffer.from('hunter3'))).toThrow(errorCode('PASSPHRASE_WRONG'));
  });

  it('the unencrypted online keys load without a passphrase and say they are unencrypted', () => {
    for (const keyid of ['0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043', 'cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2']) {
      const loaded = loadPrivateKey(text(keyid));
      expect(loaded.format).toBe('unencrypted');
      expect(computeKeyId(tufKeyFromKeyObject(loaded.key))).toBe(keyid);
    }
  });

  it('a public key or certificate given as the private key is named as such', () => {
    expect(() => loadPrivateKey(text('JH.pub'), password)).toThrow(errorCode('KEY_UNREADABLE', /public key or certificate, not a private key/));
    expect(() => loadPrivateKey(text('hsm-9c-ecc.crt'), password)).toThrow(errorCode('KEY_UNREADABLE', /public key or certificate/));
    expect(() => loadPrivateKey('hello', password)).toThrow(errorCode('KEY_UNREADABLE', /not a PEM private key/));
  });
});

describe('public keys from PEM, hex, certificates and securesystemslib JSON', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'foundation-pub-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['JH.pub', JH, 'ed25519'],
    ['JJ.pub', JJ, 'ecdsa-sha2-nistp256'],
    ['JC.pub', JC, 'rsassa-pss-sha256'],
    ['0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043.pub', '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043', 'rsassa-pss-sha256'],
    ['cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2.pub', 'cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2', 'ecdsa-sha2-nistp256'],
  ])('PEM %s has key id %s', (file, keyid, scheme) => {
    const imported = readPublicKeyFile(cliFixture(file));
    expect(imported).toMatchObject({ keyid, format: 'pem-spki', key: { scheme } });
  });

  it('ed25519 as 64 hex characters (TUF keyval.public) gives the same key as its PEM', () => {
    const fromPem = readPublicKeyFile(cliFixture('JH.pub'));
    const hex = parsePublicKeyText(`${fromPem.key.keyval.public.toUpperCase()}\n`);
    expect(hex).toMatchObject({ keyid: JH, format: 'ed25519-hex', key: fromPem.key });
  });

  it('an X.509 certificate (YubiKey PIV 9c export) gives its key and its CN as the suggested name', () => {
    const imported = readPublicKeyFile(cliFixture('hsm-9c-ecc.crt'));
    expect(imported.format).toBe('x509-certificate');
    expect(imported.suggestedName).toBe('YubiKey 9c PIV Test');
    expect(imported.key.keytype).toBe('ecdsa');
    expect(imported.key.scheme).toBe('ecdsa-sha2-nistp256');
    expect(imported.key.keyval.public).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(imported.keyid).toBe(computeKeyId(imported.key));
    expect(imported.certificate?.validTo.toISOString()).toBe('2026-03-18T11:47:58.000Z');
  });

  it('a securesystemslib JSON public key: default key id, plus the legacy one when it lists keyid_hash_algorithms', () => {
    const jh = readPublicKeyFile(cliFixture('JH.pub')).key;
    const legacyJson = JSON.stringify({ keytype: 'ed25519', scheme: 'ed25519', keyid_hash_algorithms: ['sha256', 'sha512'], keyval: { public: jh.keyval.public } });
    const imported = parsePublicKeyText(legacyJson);
    expect(imported.format).toBe('securesystemslib-json');
    expect(imported.keyid).toBe(JH);
    expect(imported.key).toEqual({ keytype: 'ed25519', scheme: 'ed25519', keyval: { public: jh.keyval.public } });
    expect(imported.legacyKeyId).toBe(computeLegacyKeyId(jh));
    expect(imported.legacyKeyId).not.toBe(JH);
    expect(parsePublicKeyText(JSON.stringify({ keytype: 'ed25519', scheme: 'ed25519', keyval: { public: jh.keyval.public } })).legacyKeyId).toBeUndefined();
  });

  it.each([
    ['a private key', (): string => text('JH.ed25519'), 'KEY_UNREADABLE', /private key; give the public key/],
    ['a JSON key with its private half', (): string => JSON.stringify({ keytype: 'ed25519', scheme: 'ed25519', keyval: { public: 'ab'.repeat(32), private: 'cd'.repeat(32) } }), 'KEY_UNREADABLE', /contains a private key/],
    ['an unknown scheme', (): string => JSON.stringify({ keytype: 'ed25519', scheme: 'ed448', keyval: { public: 'ab'.repeat(32) } }), 'KEY_UNSUPPORTED', /ed25519\/ed448/],
    ['a truncated certificate', (): string => text('hsm-9c-ecc.crt').split('\n').slice(0, 4).join('\n') + '\n-----END CERTIFICATE-----\n', 'KEY_UNREADABLE', /certificate is damaged or truncated/],
    ['a truncated PEM public key', (): string => text('JC.pub').split('\n').slice(0, 3).join('\n') + '\n-----END PUBLIC KEY-----\n', 'KEY_UNREADABLE', /public key PEM is damaged or truncated/],
    ['random text', (): string => 'not a key', 'KEY_UNREADABLE', /not a public key/],
    ['63 hex characters', (): string => 'a'.repeat(63), 'KEY_UNREADABLE', /not a public key/],
  ] as const)('%s is refused', (_what, make, code, message) => {
    expect(() => parsePublicKeyText(make())).toThrow(errorCode(code, message));
  });

  it('file errors name the file', () => {
    const p = join(dir, 'broken.pub');
    writeFileSync(p, 'garbage');
    expect(() => readPublicKeyFile(p)).toThrow(errorCode('KEY_UNREADABLE', /^broken\.pub: not a public key/));
    expect(() => readPublicKeyFile(join(dir, 'absent.pub'))).toThrow(errorCode('KEY_UNREADABLE', /absent\.pub: no such file/));
    const big = join(dir, 'big.pub');
    writeFileSync(big, 'a'.repeat(100_000));
    expect(() => readPublicKeyFile(big)).toThrow(errorCode('KEY_UNREADABLE', /at most a few KB/));
  });

  it('an RSA key can be recorded with another RSA scheme, and the key id follows the scheme', () => {
    const pss = readPublicKeyFile(cliFixture('JC.pub'));
    const pkcs1 = readPublicKeyFile(cliFixture('JC.pub'), { rsaScheme: 'rsa-pkcs1v15-sha256' });
    expect(pkcs1.key.scheme).toBe('rsa-pkcs1v15-sha256');
    expect(pkcs1.keyid).not.toBe(pss.keyid);
  });
});

describe('sign, then verify', () => {
  const data = Buffer.from('{"_type":"root"}');
  const jhSigner = (): KeyFileSigner => new KeyFileSigner(loadPrivateKey(text('JH.ed25519'), password).key, 'key file JH.ed25519');

  it('signAndVerify returns a signature that verifies against the expected key', async () => {
    const expected = readPublicKeyFile(cliFixture('JH.pub')).key;
    const sig = await signAndVerify(jhSigner(), data, JH, expected);
    expect(sig.keyid).toBe(JH);
    expect(verifySignature(expected, sig.sig, data)).toBe(true);
  });

  it('refuses a signer whose key is not the expected one, before signing', async () => {
    let signed = false;
    const signer = jhSigner();
    const spy: AsyncSigner = { publicKey: signer.publicKey, source: 'key file JH.ed25519', sign: async (d) => ((signed = true), signer.sign(d)), dispose: () => undefined };
    const jj = readPublicKeyFile(cliFixture('JJ.pub')).key;
    await expect(signAndVerify(spy, data, JJ, jj)).rejects.toThrow(errorCode('KEY_NOT_AUTHORIZED', /holds key c6d8bf2e, not the expected key 50d7e110/));
    expect(signed).toBe(false);
  });

  it('a signer returning a bad signature (a broken token, a wrong slot) never yields a signature', async () => {
    const signer = jhSigner();
    const broken: AsyncSigner = { publicKey: signer.publicKey, source: 'broken token', sign: async () => new Uint8Array(64), dispose: () => undefined };
    await expect(signAndVerify(broken, data, JH, signer.publicKey)).rejects.toThrow(errorCode('SIGNATURE_SELF_CHECK_FAILED', /broken token does not verify.*nothing was written/));
  });

  it('a disposed key file signer refuses to sign', async () => {
    const signer = jhSigner();
    signer.dispose();
    await expect(signer.sign(data)).rejects.toThrow(/already disposed/);
  });

  it('verifySignature: ecdsa-sha2-nistp384 (which @tufjs/models 4.x rejects) and rsa-pkcs1v15-sha256 verify; unknown schemes are refused, not failed', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const p384Signer = new KeyFileSigner(p384.privateKey, 'p384');
    const p384Sig = Buffer.from(await p384Signer.sign(data)).toString('hex');
    expect(verifySignature(p384Signer.publicKey, p384Sig, data)).toBe(true);
    expect(verifySignature(p384Signer.publicKey, p384Sig, canonicalBytes({ other: 1 }))).toBe(false);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = new KeyFileSigner(rsa.privateKey, 'rsa', 'rsa-pkcs1v15-sha256');
    expect(verifySignature(pkcs1.publicKey, Buffer.from(await pkcs1.sign(data)).toString('hex'), data)).toBe(true);

    const jh = readPublicKeyFile(cliFixture('JH.pub')).key;
    const oddScheme: TufKey = { ...jh, scheme: 'ed25519-ph' };
    expect(() => verifySignature(oddScheme, '00'.repeat(64), data)).toThrow(errorCode('SCHEME_UNSUPPORTED', /ed25519\/ed25519-ph/));
    // A P-256 key labelled as P-384 is refused, not silently checked with the wrong hash.
    const jj = readPublicKeyFile(cliFixture('JJ.pub')).key;
    expect(() => verifySignature({ ...jj, scheme: 'ecdsa-sha2-nistp384' }, '3006020101020101', data)).toThrow(errorCode('SCHEME_UNSUPPORTED', /does not match the key's curve/));
    // Malformed hex is "not verified", never an exception.
    expect(verifySignature(jh, 'zz', data)).toBe(false);
    expect(verifySignature(jh, '', data)).toBe(false);
  });
});
