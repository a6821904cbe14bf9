// Key generation for offline keys, written as encrypted PKCS#8 that pyca/cryptography (and so
// the `rstuf` CLI) loads: PBES2 with PBKDF2-HMAC-SHA256 (600,000 iterations, OWASP 2023) and
// AES-256-CBC. Node's own PEM export uses only 2,048 PBKDF2 iterations, so the envelope is built
// here with node-forge's ASN.1 writer; the crypto itself is Node's (OpenSSL).

import { MIN_PASSPHRASE_LENGTH, passphraseLength } from '../../../shared/keys/passphrase.js';
import { createCipheriv, createPrivateKey, generateKeyPairSync, pbkdf2Sync, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { SignerError } from '../../../shared/errors.js';
import type { TufKey } from '../../../shared/tuf/types.js';
import { computeKeyId, tufKeyFromKeyObject, type SigningScheme } from '../tuf/tuf-keys.js';

export const PBKDF2_ITERATIONS = 600_000;

export interface GeneratedKey {
  encryptedPrivatePem: string;
  publicPem: string;
  tufKey: TufKey;
  keyid: string;
}

export function generateKeyPair(scheme: SigningScheme, passphrase: Buffer): GeneratedKey {
  if (passphraseLength(passphrase.toString('utf8')) < MIN_PASSPHRASE_LENGTH) {
    throw new SignerError('PASSPHRASE_REQUIRED', `the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  const { privateKey, publicKey } = generate(scheme);
  const encryptedPrivatePem = encryptPkcs8(privateKey, passphrase);
  const tufKey = tufKeyFromKeyObject(publicKey, scheme);
  return {
    encryptedPrivatePem,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    tufKey,
    keyid: computeKeyId(tufKey),
  };
}

function generate(scheme: SigningScheme): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (scheme) {
    case 'ed25519':
      return generateKeyPairSync('ed25519');
    case 'ecdsa-sha2-nistp256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'ecdsa-sha2-nistp384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'ecdsa-sha2-nistp521':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' });
    case 'rsassa-pss-sha256':
      // A plain rsaEncryption key (not id-RSASSA-PSS): what securesystemslib and RSTUF expect.
      return generateKeyPairSync('rsa', { modulusLength: 3072 });
  }
}

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
};

/** Encrypted PKCS#8 PEM (PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC). */
export function encryptPkcs8(privateKey: KeyObject, passphrase: Buffer, iterations = PBKDF2_ITERATIONS): string {
  const { asn1 } = forge;
  const plain = privateKey.export({ format: 'der', type: 'pkcs8' });
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(passphrase, salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  key.fill(0);
  plain.fill(0);

  const bin = (b: Buffer): string => b.toString('binary');
  const seq = (items: forge.asn1.Asn1[]): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
  const oid = (o: string): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
  const octets = (b: Buffer): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bin(b));
  const int = (n: number): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
  const nul = (): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');

  const envelope = seq([
    seq([
      oid(OID.pbes2),
      seq([
        seq([oid(OID.pbkdf2), seq([octets(salt), int(iterations), int(32), seq([oid(OID.hmacWithSha256), nul()])])]),
        seq([oid(OID.aes256Cbc), octets(iv)]),
      ]),
    ]),
    octets(encrypted),
  ]);
  const der = Buffer.from(asn1.toDer(envelope).getBytes(), 'binary');
  const pem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n?$/, '\n')}-----END ENCRYPTED PRIVATE KEY-----\n`;
  // Never hand out a file we cannot read back ourselves.
  createPrivateKey({ key: pem, format: 'pem', passphrase });
  return pem;
}
