// TUF key objects <-> Node KeyObjects, and key ids.
//
// A TUF key is `{keytype, scheme, keyval: {public}}`; `public` is 64 hex characters for ed25519
// and a SubjectPublicKeyInfo PEM with a trailing newline for ecdsa and rsa, exactly as
// securesystemslib (pyca/cryptography) writes it, because the key id hashes that text.

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { canonicalize } from '../../../shared/tuf/canonical.js';
import { SignerError } from '../../../shared/errors.js';
import type { TufKey } from '../../../shared/tuf/types.js';

export const SUPPORTED_SCHEMES = [
  'ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'rsassa-pss-sha256',
] as const;
export type SigningScheme = (typeof SUPPORTED_SCHEMES)[number];

export function isSigningScheme(s: string): s is SigningScheme {
  return (SUPPORTED_SCHEMES as readonly string[]).includes(s);
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The TUF key for a public (or private) KeyObject, in securesystemslib's format. */
export function tufKeyFromKeyObject(key: KeyObject, preferredScheme?: string): TufKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const type = publicKey.asymmetricKeyType;
  if (type === 'ed25519') {
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    return { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: spki.subarray(12).toString('hex') } };
  }
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  if (type === 'ec') {
    const curve = publicKey.asymmetricKeyDetails?.namedCurve;
    const scheme =
      curve === 'prime256v1' ? 'ecdsa-sha2-nistp256' : curve === 'secp384r1' ? 'ecdsa-sha2-nistp384' : curve === 'secp521r1' ? 'ecdsa-sha2-nistp521' : undefined;
    if (!scheme) throw new SignerError('KEY_UNSUPPORTED', `elliptic curve ${curve ?? 'unknown'} is not supported by TUF`);
    return { keytype: 'ecdsa', scheme, keyval: { public: pem } };
  }
  if (type === 'rsa') {
    const scheme = preferredScheme && /^rsa/.test(preferredScheme) ? preferredScheme : 'rsassa-pss-sha256';
    return { keytype: 'rsa', scheme, keyval: { public: pem } };
  }
  throw new SignerError('KEY_UNSUPPORTED', `key type ${type ?? 'unknown'} is not supported (use ed25519, ecdsa or rsa)`);
}

/** A KeyObject for a TUF key, or a SignerError saying why the key is unusable. */
export function keyObjectFromTufKey(key: TufKey): KeyObject {
  // Every signature check needs one: a frozen key (imported metadata is sealed) cannot change, so
  // its KeyObject (immutable too) is made once.
  const frozen = isFrozenKey(key);
  let keyObject = frozen ? keyObjects.get(key) : undefined;
  if (keyObject === undefined) {
    keyObject = makeKeyObject(key);
    if (frozen) keyObjects.set(key, keyObject);
  }
  return keyObject;
}
const keyObjects = new WeakMap<TufKey, KeyObject>();

function makeKeyObject(key: TufKey): KeyObject {
  const value = key?.keyval?.public;
  if (typeof value !== 'string' || value.length === 0) {
    throw new SignerError('KEY_UNSUPPORTED', 'the key has no keyval.public value');
  }
  try {
    if (key.keytype === 'ed25519') {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) throw new Error('ed25519 public key must be 64 hex characters');
      return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(value, 'hex')]), format: 'der', type: 'spki' });
    }
    if (key.keytype === 'ecdsa' || key.keytype === 'ecdsa-sha2-nistp256' || key.keytype === 'ecdsa-sha2-nistp384' || key.keytype === 'rsa') {
      return createPublicKey(value);
    }
  } catch (error) {
    throw new SignerError('KEY_UNSUPPORTED', `unreadable ${key.keytype} public key: ${(error as Error).message}`);
  }
  throw new SignerError('KEY_UNSUPPORTED', `key type "${String(key.keytype)}" is not supported`);
}

/**
 * The public key itself (SPKI DER, hex), so one key listed under two key ids or two spellings
 * (hex case, PEM line endings, "ecdsa" vs "ecdsa-sha2-nistp256") is one signer in a threshold.
 * A key Node cannot read falls back to its canonical JSON (it never verifies a signature anyway).
 */
export function publicKeyIdentity(key: TufKey): string {
  // Each threshold of a review asks again for the same keys (about 0.15 ms each): a frozen key
  // (imported metadata is sealed) cannot change, so its identity is worked out once.
  const frozen = isFrozenKey(key);
  let identity = frozen ? identities.get(key) : undefined;
  if (identity === undefined) {
    const value = key?.keyval?.public;
    try {
      // An ed25519 key's SPKI is a fixed prefix and the raw key: no KeyObject needed.
      identity =
        key?.keytype === 'ed25519' && typeof value === 'string' && /^[0-9a-fA-F]{64}$/.test(value)
          ? `${ED25519_SPKI_PREFIX.toString('hex')}${value.toLowerCase()}`
          : keyObjectFromTufKey(key).export({ type: 'spki', format: 'der' }).toString('hex');
    } catch {
      // A key Node cannot read (fields missing, bad values) never verifies a signature: any stable
      // text of it will do, and it must not throw.
      identity = `unreadable:${JSON.stringify([key?.keytype ?? null, key?.scheme ?? null, key?.keyval ?? null])}`;
    }
    if (frozen) identities.set(key, identity);
  }
  return identity;
}
const identities = new WeakMap<TufKey, string>();

/** Whether `key` (from a sealed document) can no longer change: only such keys are remembered. */
function isFrozenKey(key: TufKey): boolean {
  return typeof key === 'object' && key !== null && Object.isFrozen(key) && (typeof key.keyval !== 'object' || key.keyval === null || Object.isFrozen(key.keyval));
}

const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** securesystemslib's default key id: sha256 of the canonical {keytype, scheme, keyval}. */
export function computeKeyId(key: TufKey): string {
  return sha256Hex(canonicalize({ keytype: key.keytype, scheme: key.scheme, keyval: key.keyval }));
}

/** securesystemslib < 1.0's key id, which also hashed `keyid_hash_algorithms` (always sha256+sha512 in practice). */
export function computeLegacyKeyId(key: TufKey, algorithms: unknown = ['sha256', 'sha512']): string {
  return sha256Hex(canonicalize({ keytype: key.keytype, scheme: key.scheme, keyid_hash_algorithms: algorithms, keyval: key.keyval }));
}

export type KeyIdVariant = 'default' | 'legacy' | 'rstuf-sigstore' | 'mismatch';

/**
 * How `keyid` relates to `key`: securesystemslib's default, the legacy variant that also hashes
 * `keyid_hash_algorithms`, RSTUF's Sigstore variant (the whole key dict), or none of them.
 * python-tuf never recomputes key ids, so a mismatch is legal but must be shown, not hidden.
 */
export function classifyKeyId(keyid: string, key: TufKey): KeyIdVariant {
  if (computeKeyId(key) === keyid) return 'default';
  // Legacy securesystemslib hashed keyid_hash_algorithms too; root files often dropped the field
  // later, so also try the value every legacy key had.
  const legacyAlgorithms = key.keyid_hash_algorithms !== undefined ? [key.keyid_hash_algorithms] : [['sha256', 'sha512']];
  for (const algorithms of legacyAlgorithms) {
    if (computeLegacyKeyId(key, algorithms) === keyid) return 'legacy';
  }
  try {
    if (sha256Hex(canonicalize(key)) === keyid) return 'rstuf-sigstore';
  } catch {
    // not canonicalizable: cannot be that variant
  }
  return 'mismatch';
}

/** Two TUF keys are the same key when type, scheme and public value agree. */
export function sameKeyMaterial(a: TufKey, b: TufKey): boolean {
  return a.keytype === b.keytype && a.scheme === b.scheme && canonicalize(a.keyval) === canonicalize(b.keyval);
}

/** A short display name: x-rstuf-key-name, else the first 8 hex of the key id. */
export function keyDisplayName(keyid: string, key?: TufKey): string {
  const name = key?.['x-rstuf-key-name'];
  return typeof name === 'string' && name.length > 0 ? name : keyid.slice(0, 8);
}
