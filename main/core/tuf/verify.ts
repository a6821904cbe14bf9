// Signature verification for every scheme securesystemslib signs with, behind one function.
// We do not rely on @tufjs/models here: 4.x fails valid ecdsa-sha2-nistp384 signatures, and no
// version knows rsa-pkcs1v15 or rejects an ed25519 key with an unknown scheme.

import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { SignerError } from '../../../shared/errors.js';
import type { TufKey } from '../../../shared/tuf/types.js';
import { keyObjectFromTufKey } from './tuf-keys.js';
import { isSealedCanonical } from '../../../shared/tuf/canonical.js';

interface SchemeRule {
  keytypes: readonly string[];
  hash: string | null;
  curve?: string;
  padding?: number;
}

const SCHEMES: Record<string, SchemeRule> = {
  ed25519: { keytypes: ['ed25519'], hash: null },
  'ecdsa-sha2-nistp256': { keytypes: ['ecdsa', 'ecdsa-sha2-nistp256'], hash: 'sha256', curve: 'prime256v1' },
  'ecdsa-sha2-nistp384': { keytypes: ['ecdsa', 'ecdsa-sha2-nistp384'], hash: 'sha384', curve: 'secp384r1' },
  'ecdsa-sha2-nistp521': { keytypes: ['ecdsa', 'ecdsa-sha2-nistp521'], hash: 'sha512', curve: 'secp521r1' },
  'rsassa-pss-sha224': { keytypes: ['rsa'], hash: 'sha224', padding: constants.RSA_PKCS1_PSS_PADDING },
  'rsassa-pss-sha256': { keytypes: ['rsa'], hash: 'sha256', padding: constants.RSA_PKCS1_PSS_PADDING },
  'rsassa-pss-sha384': { keytypes: ['rsa'], hash: 'sha384', padding: constants.RSA_PKCS1_PSS_PADDING },
  'rsassa-pss-sha512': { keytypes: ['rsa'], hash: 'sha512', padding: constants.RSA_PKCS1_PSS_PADDING },
  'rsa-pkcs1v15-sha224': { keytypes: ['rsa'], hash: 'sha224', padding: constants.RSA_PKCS1_PADDING },
  'rsa-pkcs1v15-sha256': { keytypes: ['rsa'], hash: 'sha256', padding: constants.RSA_PKCS1_PADDING },
  'rsa-pkcs1v15-sha384': { keytypes: ['rsa'], hash: 'sha384', padding: constants.RSA_PKCS1_PADDING },
  'rsa-pkcs1v15-sha512': { keytypes: ['rsa'], hash: 'sha512', padding: constants.RSA_PKCS1_PADDING },
};

/** The rule for a scheme name from a (hostile) file: own entries only, so "__proto__" or "constructor" is simply unknown. */
function ruleFor(scheme: unknown): SchemeRule | undefined {
  return typeof scheme === 'string' && Object.hasOwn(SCHEMES, scheme) ? SCHEMES[scheme] : undefined;
}

export function isVerifiableScheme(key: TufKey): boolean {
  const rule = ruleFor(key.scheme);
  return rule !== undefined && rule.keytypes.includes(key.keytype);
}

/** Cache of parsed public keys: verifying a role parses each key once, not once per signature. */
const keyCache = new WeakMap<TufKey, KeyObject>();

function publicKeyFor(key: TufKey, rule: SchemeRule): KeyObject {
  let keyObject = keyCache.get(key);
  if (!keyObject) {
    keyObject = keyObjectFromTufKey(key);
    keyCache.set(key, keyObject);
  }
  if (rule.curve && keyObject.asymmetricKeyDetails?.namedCurve !== rule.curve) {
    throw new SignerError('SCHEME_UNSUPPORTED', `scheme ${key.scheme} does not match the key's curve ${keyObject.asymmetricKeyDetails?.namedCurve}`);
  }
  return keyObject;
}

/**
 * True when `sigHex` is a valid signature by `key` over `data`. False for a wrong or malformed
 * signature. Throws SCHEME_UNSUPPORTED for a scheme/keytype pair no TUF implementation signs with,
 * so callers can tell "not verified" apart from "cannot be verified here".
 */
export function verifySignature(key: TufKey, sigHex: string, data: Uint8Array): boolean {
  const rule = ruleFor(key.scheme);
  if (!rule || !rule.keytypes.includes(key.keytype)) {
    throw new SignerError('SCHEME_UNSUPPORTED', `unsupported key type/scheme "${key.keytype}/${key.scheme}"`);
  }
  if (typeof sigHex !== 'string' || sigHex.length === 0 || sigHex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(sigHex)) return false;
  const signature = Buffer.from(sigHex, 'hex');
  if (rule.hash === null && signature.length !== 64) return false;
  const keyObject = publicKeyFor(key, rule);
  // Reviewing and signing a role check its signatures several times over the same sealed bytes;
  // for a 25 MB role each check costs about 50 ms (docs/performance.md).
  if (!isSealedCanonical(data)) return verifyWith(rule, keyObject, signature, data);
  let results = verifiedOverSealed.get(data);
  if (!results) verifiedOverSealed.set(data, (results = new Map()));
  const id = `${key.keytype}\0${key.scheme}\0${key.keyval.public}\0${sigHex}`;
  let valid = results.get(id);
  if (valid === undefined) results.set(id, (valid = verifyWith(rule, keyObject, signature, data)));
  return valid;
}

const verifiedOverSealed = new WeakMap<Uint8Array, Map<string, boolean>>();

function verifyWith(rule: SchemeRule, keyObject: KeyObject, signature: Buffer, data: Uint8Array): boolean {
  try {
    if (rule.padding !== undefined) {
      return cryptoVerify(rule.hash, data, { key: keyObject, padding: rule.padding, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
    }
    if (rule.curve) return cryptoVerify(rule.hash, data, { key: keyObject, dsaEncoding: 'der' }, signature);
    return cryptoVerify(null, data, keyObject, signature);
  } catch {
    return false;
  }
}
