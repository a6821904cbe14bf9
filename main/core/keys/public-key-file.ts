// Reading a public key a key holder hands over, in every form RSTUF users have one:
// - PEM SubjectPublicKeyInfo (`rstuf` CLI "Key PEM File", pyca/cryptography output), or PKCS#1 RSA;
// - an X.509 certificate (the `rstuf` CLI's HSM path exports the YubiKey PIV slot 9c certificate;
//   its CN is the key name RSTUF suggests);
// - 64 hex characters of a raw ed25519 key (TUF's keyval.public for ed25519);
// - a securesystemslib JSON public key `{"keytype", "scheme", "keyid_hash_algorithms"?, "keyval"}`
//   (the pre-1.0 `.pub` files), whose legacy key id is reported too.
// The result is the TufKey exactly as securesystemslib would write it, so its key id matches.

import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readRegularFile } from '../platform/read-file.js';
import { basename } from 'node:path';
import { prefixed, SignerError } from '../../../shared/errors.js';
import { parseStrictJson } from '../../../shared/json/strict-json.js';
import type { TufKey } from '../../../shared/tuf/types.js';
import { computeKeyId, computeLegacyKeyId, keyObjectFromTufKey, tufKeyFromKeyObject } from '../tuf/tuf-keys.js';
import { isVerifiableScheme } from '../tuf/verify.js';

export type PublicKeyFormat = 'pem-spki' | 'x509-certificate' | 'ed25519-hex' | 'securesystemslib-json';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  fingerprint256: string;
}

export interface ImportedPublicKey {
  /** {keytype, scheme, keyval} as securesystemslib writes it. */
  key: TufKey;
  /** securesystemslib's default key id of `key`. */
  keyid: string;
  /** For a securesystemslib JSON key listing keyid_hash_algorithms: the legacy key id older roots use. */
  legacyKeyId?: string;
  format: PublicKeyFormat;
  /** A name to offer for x-rstuf-key-name: the certificate CN, as the `rstuf` CLI does. */
  suggestedName?: string;
  certificate?: CertificateInfo;
}

export interface PublicKeyOptions {
  /** For RSA keys: the scheme to record (default rsassa-pss-sha256, what RSTUF uses). */
  rsaScheme?: string;
}

const MAX_PUBLIC_KEY_FILE = 64 * 1024;

export function readPublicKeyFile(path: string, options: PublicKeyOptions = {}): ImportedPublicKey {
  const name = basename(path);
  const bytes = readRegularFile(path, {
    label: name,
    maxBytes: MAX_PUBLIC_KEY_FILE,
    unreadableCode: 'KEY_UNREADABLE',
    tooLargeCode: 'KEY_UNREADABLE',
    tooLarge: (size) => `${name}: a public key file is at most a few KB; this one is ${size} bytes`,
  });
  try {
    return parsePublicKeyText(bytes.toString('utf8'), options);
  } catch (error) {
    if (error instanceof SignerError) throw prefixed(error, name);
    throw error;
  }
}

export function parsePublicKeyText(text: string, options: PublicKeyOptions = {}): ImportedPublicKey {
  const trimmed = text.trim();
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed)) {
    throw new SignerError('KEY_UNREADABLE', 'this is a private key; give the public key (.pub) or the certificate instead');
  }
  if (trimmed.includes('-----BEGIN CERTIFICATE-----')) return fromCertificate(trimmed, options);
  if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(trimmed)) {
    let keyObject: KeyObject;
    try {
      keyObject = createPublicKey(trimmed);
    } catch (error) {
      throw new SignerError('KEY_UNREADABLE', 'the public key PEM is damaged or truncated', { cause: error });
    }
    return withKeyId(tufKeyFromKeyObject(keyObject, options.rsaScheme), 'pem-spki');
  }
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) {
    const key: TufKey = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: trimmed.toLowerCase() } };
    keyObjectFromTufKey(key);
    return withKeyId(key, 'ed25519-hex');
  }
  if (trimmed.startsWith('{')) return fromSecuresystemslibJson(trimmed);
  throw new SignerError('KEY_UNREADABLE', 'not a public key: expected a PEM public key, an X.509 certificate, 64 hex characters (ed25519) or a securesystemslib JSON key');
}

function fromCertificate(text: string, options: PublicKeyOptions): ImportedPublicKey {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(text);
  } catch (error) {
    throw new SignerError('KEY_UNREADABLE', 'the certificate is damaged or truncated', { cause: error });
  }
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1]?.trim();
  const imported = withKeyId(tufKeyFromKeyObject(cert.publicKey, options.rsaScheme), 'x509-certificate');
  return {
    ...imported,
    ...(cn ? { suggestedName: cn } : {}),
    certificate: { subject: cert.subject, issuer: cert.issuer, validFrom: new Date(cert.validFrom), validTo: new Date(cert.validTo), fingerprint256: cert.fingerprint256 },
  };
}

function fromSecuresystemslibJson(text: string): ImportedPublicKey {
  let dict: Record<string, unknown>;
  try {
    dict = parseStrictJson(text) as Record<string, unknown>;
  } catch (error) {
    throw new SignerError('KEY_UNREADABLE', `not a valid securesystemslib JSON key: ${(error as Error).message}`, { cause: error });
  }
  const keyval = dict?.keyval as Record<string, unknown> | undefined;
  if (typeof dict?.keytype !== 'string' || typeof dict.scheme !== 'string' || typeof keyval?.public !== 'string') {
    throw new SignerError('KEY_UNREADABLE', 'a securesystemslib JSON key needs "keytype", "scheme" and "keyval.public"');
  }
  if (keyval.private !== undefined && keyval.private !== '') {
    throw new SignerError('KEY_UNREADABLE', 'this JSON key contains a private key; give only the public key');
  }
  const key: TufKey = { keytype: dict.keytype, scheme: dict.scheme, keyval: { public: keyval.public } };
  if (!isVerifiableScheme(key)) throw new SignerError('KEY_UNSUPPORTED', `unsupported key type/scheme "${key.keytype}/${key.scheme}"`);
  keyObjectFromTufKey(key);
  const imported = withKeyId(key, 'securesystemslib-json');
  if (!Array.isArray(dict.keyid_hash_algorithms)) return imported;
  const algorithms = dict.keyid_hash_algorithms.filter((x): x is string => typeof x === 'string');
  return { ...imported, legacyKeyId: computeLegacyKeyId(key, algorithms) };
}

function withKeyId(key: TufKey, format: PublicKeyFormat): ImportedPublicKey {
  return { key, keyid: computeKeyId(key), format };
}
