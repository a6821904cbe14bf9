// A crafted encrypted key file must not hang the signer: a PKCS#8 PBES2 file asking for billions of
// PBKDF2 iterations, or gigabytes of scrypt memory, is refused before anything is derived, while a
// normal one (what keygen, RSTUF's CLI and OpenSSL write) still loads.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey, MAX_PBKDF2_ITERATIONS } from '../../../../main/core/keys/private-key-file.js';
import { generateKeyPair } from '../../../../main/core/keys/generate-key.js';

// Minimal DER writer for the EncryptedPrivateKeyInfo shape (RFC 5958 / PKCS#5 v2.1).
const len = (n: number): Buffer => (n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]));
const tlv = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
const octets = (n: number) => tlv(0x04, Buffer.alloc(n, 7));
const int = (value: number) => {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return tlv(0x02, Buffer.from(hex, 'hex'));
};
const AES_256_CBC = oid('60864801650304012a');
const pem = (der: Buffer) => `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;

function pbkdf2File(iterations: number): string {
  const kdf = seq(oid('2a864886f70d01050c'), seq(octets(16), int(iterations), seq(oid('2a864886f70d0209'), tlv(0x05))));
  return pem(seq(seq(oid('2a864886f70d01050d'), seq(kdf, seq(AES_256_CBC, octets(16)))), octets(48)));
}

function scryptFile(n: number, r: number, p: number): string {
  const kdf = seq(oid('2b06010401da47040b'), seq(octets(16), int(n), int(r), int(p)));
  return pem(seq(seq(oid('2a864886f70d01050d'), seq(kdf, seq(AES_256_CBC, octets(16)))), octets(48)));
}

const failure = (fn: () => unknown): { code?: string; message: string } => {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return { message: 'loaded' };
};

describe('key derivation cost in encrypted key files', () => {
  const passphrase = Buffer.from('correct horse battery staple');

  it('refuses billions of PBKDF2 iterations before deriving anything, naming the count and the cap', () => {
    const r = failure(() => loadPrivateKey(pbkdf2File(2_000_000_000), passphrase));
    expect(r.code).toBe('KEY_UNSUPPORTED');
    expect(r.message).toContain('2,000,000,000 PBKDF2 iterations');
    expect(r.message).toContain(MAX_PBKDF2_ITERATIONS.toLocaleString('en-US'));
    // Before a passphrase is even asked for.
    expect(failure(() => loadPrivateKey(pbkdf2File(2_000_000_000))).code).toBe('KEY_UNSUPPORTED');
  });

  it('refuses scrypt asking for gigabytes of memory', () => {
    const r = failure(() => loadPrivateKey(scryptFile(2 ** 22, 8, 1), passphrase));
    expect(r.code).toBe('KEY_UNSUPPORTED');
    expect(r.message).toMatch(/scrypt/);
    expect(failure(() => loadPrivateKey(scryptFile(2 ** 14, 8, 64), passphrase)).code).toBe('KEY_UNSUPPORTED');
  });

  it('lets a count at the cap through to decryption (which then fails on this fake body, not on the cap)', () => {
    const r = failure(() => loadPrivateKey(pbkdf2File(1000), passphrase));
    expect(r.message).not.toMatch(/iterations, more than/);
  });

  it('still loads what keygen writes (600,000 iterations) and what Node/OpenSSL write', () => {
    const generated = generateKeyPair('ed25519', passphrase);
    expect(loadPrivateKey(generated.encryptedPrivatePem, passphrase).format).toBe('pkcs8-pbes2');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse battery staple' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    expect(loadPrivateKey(privateKey, passphrase).key.asymmetricKeyType).toBe('ec');
  });
});

describe('the passphrase of a new key', () => {
  it('is counted in characters, as the holder counts them, not in UTF-8 bytes', () => {
    // Four characters, eight bytes: too short.
    expect(failure(() => generateKeyPair('ed25519', Buffer.from('éééé', 'utf8'))).code).toBe('PASSPHRASE_REQUIRED');
    // Eight characters (emoji are two UTF-16 units each, four bytes in UTF-8): long enough.
    const eight = '🔑🔑🔑🔑🔑🔑🔑🔑';
    expect(generateKeyPair('ed25519', Buffer.from(eight, 'utf8')).encryptedPrivatePem).toContain('ENCRYPTED PRIVATE KEY');
    expect(failure(() => generateKeyPair('ed25519', Buffer.from('🔑🔑🔑🔑🔑🔑🔑', 'utf8'))).code).toBe('PASSPHRASE_REQUIRED');
  });
});
