// TUF key objects <-> Node KeyObjects, and key ids.
//
// A TUF key is `{keytype, scheme, keyval: {public}}`; `public` is 64 hex characters for ed25519
// and a SubjectPublicKeyInfo PEM with a trailing newline for ecdsa and rsa, exactly as
// securesystemslib (pyca/cryptography) writes it, because the key id hashes that text.

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { canonicalize } from '../../../shared/tuf/canonical.js';
import { isSigstoreKey, keyIdText, sigstoreSigner } from '../../../shared/tuf/key-id.js';
import { SignerError } from '../../../shared/errors.js';
import type { TufKey } from '../../../shared/tuf/types.js';

export const SUPPORTED_SCHEMES = [
  'ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
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
    if (key.keytype === 'ecdsa' || key.keytype === 'ecdsa-sha2-nistp256' || key.keytype === 'ecdsa-sha2-nistp384' || key.keytype === 'ecdsa-sha2-nistp521' || key.keytype === 'rsa') {
      return createPublicKey(value);
    }
  } catch (error) {
    throw new SignerError('KEY_UNSUPPORTED', `unreadable ${key.keytype} public key: ${(error as Error).message}`);
  }
  throw new SignerError('KEY_UNSUPPORTED', `key type "${String(key.keytype)}" is not supported`);
}

/**
 * Key identity: the public key itself, whatever its spelling. This is the one definition the
 * threshold count, the trust chain, every review warning, the ceremony rules, the token matcher
 * and the signer's own check use: one key listed under two key ids or in two encodings (hex case,
 * PEM line endings or wrapping, compressed EC points, PKCS#1 RSA, "ecdsa" vs
 * "ecdsa-sha2-nistp256", another scheme) is one key. It is the JWK of the key, because Node keeps
 * an EC point's compression in SPKI DER but not in JWK. A key Node cannot read gets a stable text of
 * its fields (it never verifies a signature, so it can never count twice).
 */
export function publicKeyIdentity(key: TufKey): string {
  // Each threshold of a review asks again for the same keys: a frozen key (imported metadata is
  // sealed) cannot change, so its identity is worked out once.
  const frozen = isFrozenKey(key);
  let identity = frozen ? identities.get(key) : undefined;
  if (identity === undefined) {
    const value = key?.keyval?.public;
    try {
      // An ed25519 key in TUF's hex form is its raw public key: no KeyObject needed.
      identity =
        key?.keytype === 'ed25519' && typeof value === 'string' && /^[0-9a-fA-F]{64}$/.test(value)
          ? `OKP:Ed25519:${Buffer.from(value, 'hex').toString('base64url')}`
          : isSigstoreKey(key)
            ? // A Sigstore key is the signer's identity at its issuer: no public key, never a key here.
              `sigstore:${JSON.stringify([sigstoreSigner(key).issuer, sigstoreSigner(key).identity])}`
            : jwkIdentity(keyObjectFromTufKey(key));
    } catch {
      identity = `unreadable:${JSON.stringify([key?.keytype ?? null, key?.scheme ?? null, key?.keyval ?? null])}`;
    }
    if (frozen) identities.set(key, identity);
  }
  return identity;
}

function jwkIdentity(keyObject: KeyObject): string {
  const jwk = keyObject.export({ format: 'jwk' });
  if (jwk.kty === 'RSA') return `RSA:${String(jwk.n)}:${String(jwk.e)}`;
  if (jwk.kty === 'EC') return `EC:${String(jwk.crv)}:${String(jwk.x)}:${String(jwk.y)}`;
  return `${String(jwk.kty)}:${String(jwk.crv)}:${String(jwk.x)}`;
}

/** The same key (see publicKeyIdentity), whatever its key id, spelling or scheme. */
export function sameKey(a: TufKey, b: TufKey): boolean {
  return publicKeyIdentity(a) === publicKeyIdentity(b);
}
const identities = new WeakMap<TufKey, string>();

/** Whether `key` (from a sealed document) can no longer change: only such keys are remembered. */
function isFrozenKey(key: TufKey): boolean {
  return typeof key === 'object' && key !== null && Object.isFrozen(key) && (typeof key.keyval !== 'object' || key.keyval === null || Object.isFrozen(key.keyval));
}

const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** securesystemslib's default key id: sha256 of the canonical {keytype, scheme, keyval}. */
export function computeKeyId(key: TufKey): string {
  return sha256Hex(keyIdText(key));
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

/** A short display name: x-rstuf-key-name, else the first 8 hex of the key id. */
export function keyDisplayName(keyid: string, key?: TufKey): string {
  const name = key?.['x-rstuf-key-name'];
  return typeof name === 'string' && name.length > 0 ? name : keyid.slice(0, 8);
}
