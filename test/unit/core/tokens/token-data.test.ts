// What comes back from a token, turned into what TUF needs: raw ECDSA r||s into DER, and
// CKA_EC_POINT / CKA_MODULUS attributes (in every encoding modules use) into public keys.
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CKA, CKK } from '../../../../main/core/tokens/pkcs11-constants.js';
import { derFromRawEcdsa } from '../../../../main/core/signers/pkcs11-signer.js';
import { pivSlotName, publicKeyFromAttributes } from '../../../../main/core/tokens/token-list.js';

const jwkOf = (key: KeyObject) => key.export({ format: 'jwk' });

describe('ECDSA r||s to DER', () => {
  for (const [curve, hash] of [
    ['prime256v1', 'sha256'],
    ['secp384r1', 'sha384'],
    ['secp521r1', 'sha512'],
  ] as const) {
    it(`gives DER that verifies for ${curve}, across 200 signatures (leading zeros and high bits included)`, () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      let needsCare = 0; // an r or s with its high bit set (needs 0x00) or a leading zero (must be stripped)
      for (let i = 0; i < 200; i++) {
        const data = Buffer.from(`message ${i}`);
        const raw = sign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        const half = raw.length / 2;
        if ([raw[0], raw[half]].some((b) => (b as number) & 0x80 || b === 0)) needsCare++;
        const der = derFromRawEcdsa(raw);
        expect(der[0]).toBe(0x30);
        expect(verify(hash, data, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
      }
      expect(needsCare).toBeGreaterThan(0);
    });
  }

  it('refuses an odd-length signature instead of guessing', () => {
    expect(() => derFromRawEcdsa(new Uint8Array(63))).toThrow(/not r\|\|s/);
  });
});

describe('public keys from PKCS#11 attributes', () => {
  it('reads P-256 and P-384 points wrapped in an OCTET STRING (the standard) or raw (some modules)', () => {
    for (const [curve, oid] of [
      ['prime256v1', '06082a8648ce3d030107'],
      ['secp384r1', '06052b81040022'],
    ] as const) {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const jwk = jwkOf(publicKey);
      const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x as string, 'base64url'), Buffer.from(jwk.y as string, 'base64url')]);
      const wrapped = Buffer.concat([Buffer.from(point.length < 128 ? [4, point.length] : [4, 0x81, point.length]), point]);
      for (const ecPoint of [wrapped, point]) {
        const key = publicKeyFromAttributes(CKK.EC, new Map([[CKA.EC_PARAMS, Buffer.from(oid, 'hex')], [CKA.EC_POINT, ecPoint]]));
        expect(key.equals(publicKey)).toBe(true);
      }
    }
  });

  it('reads Ed25519 with the OID or the "edwards25519" printable string OpenSC writes', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(jwkOf(publicKey).x as string, 'base64url');
    const printable = Buffer.concat([Buffer.from([0x13, 12]), Buffer.from('edwards25519')]);
    for (const params of [Buffer.from('06032b6570', 'hex'), printable]) {
      for (const point of [raw, Buffer.concat([Buffer.from([4, 32]), raw])]) {
        expect(publicKeyFromAttributes(CKK.EC_EDWARDS, new Map([[CKA.EC_PARAMS, params], [CKA.EC_POINT, point]])).equals(publicKey)).toBe(true);
      }
    }
  });

  it('reads RSA from modulus and exponent, with or without a leading zero byte', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = jwkOf(publicKey);
    const n = Buffer.from(jwk.n as string, 'base64url');
    const e = Buffer.from(jwk.e as string, 'base64url');
    for (const modulus of [n, Buffer.concat([Buffer.from([0]), n])]) {
      const key = publicKeyFromAttributes(CKK.RSA, new Map([[CKA.MODULUS, modulus], [CKA.PUBLIC_EXPONENT, e]]));
      expect(key.equals(createPublicKey(publicKey.export({ format: 'pem', type: 'spki' })))).toBe(true);
    }
  });

  it('says why an unusable key cannot be read', () => {
    expect(() => publicKeyFromAttributes(CKK.EC, new Map([[CKA.EC_PARAMS, Buffer.from('06052b8104000a', 'hex')], [CKA.EC_POINT, Buffer.alloc(67)]]))).toThrow(/not P-256, P-384 or P-521/);
    expect(() => publicKeyFromAttributes(CKK.EC, new Map([[CKA.EC_PARAMS, Buffer.from('06082a8648ce3d030107', 'hex')], [CKA.EC_POINT, Buffer.alloc(40)]]))).toThrow(/40 bytes, expected 65/);
    expect(() => publicKeyFromAttributes(CKK.RSA, new Map())).toThrow(/no modulus or exponent/);
  });
});

describe('YubiKey PIV slot names (ykcs11 CKA_ID)', () => {
  it('maps ids to slots', () => {
    expect(pivSlotName('01')).toBe('slot 9a (Authentication)');
    expect(pivSlotName('02')).toBe('slot 9c (Digital Signature)');
    expect(pivSlotName('05')).toBe('slot 82 (Retired Key Management)');
    expect(pivSlotName('18')).toBe('slot 95 (Retired Key Management)');
    expect(pivSlotName('19')).toBe('slot f9 (Attestation)');
    expect(pivSlotName('0102')).toBeUndefined();
  });
});
