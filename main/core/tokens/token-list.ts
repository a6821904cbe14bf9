// Tokens in a PKCS#11 module and the keys on them, described for a key holder: "YubiKey PIV
// #18158855, slot 9c (Digital Signature), ecdsa P-256", not a slot handle and a hex id.
// Listing needs no PIN: public keys and certificates are public objects on YubiKey PIV, OpenSC
// and SoftHSM2 alike.

import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { SignerError } from '../../../shared/errors.js';
import type { TufKey } from '../../../shared/tuf/types.js';
import { tufKeyFromKeyObject } from '../tuf/tuf-keys.js';
import { CKA, CKC_X_509, CKF, CKF_SERIAL_SESSION, CKK, CKO } from './pkcs11-constants.js';
import { withModule, type LoadedModule, type ObjectHandle, type Pkcs11Api, type Pkcs11Factory, type Pkcs11TokenInfo, type SessionHandle, type SlotHandle } from './pkcs11-module.js';
import { tokenError } from './token-errors.js';

export interface PinState {
  /** The token has a user PIN (CKF_USER_PIN_INITIALIZED). */
  initialized: boolean;
  /** A wrong PIN was entered since the last good one (CKF_USER_PIN_COUNT_LOW). */
  retriesLow: boolean;
  /** The next wrong PIN locks the token (CKF_USER_PIN_FINAL_TRY). */
  finalTry: boolean;
  /** The PIN is locked (CKF_USER_PIN_LOCKED). */
  locked: boolean;
  /** The PIN must be changed before use (CKF_USER_PIN_TO_BE_CHANGED). */
  toBeChanged: boolean;
  /** PIN entry happens on the device (pinpad), not on this computer. */
  protectedAuthenticationPath: boolean;
}

export interface TokenSummary {
  modulePath: string;
  /** Slot handle as hex; valid only while the module stays loaded. Prefer serial to find it again. */
  slot: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  firmware: string | undefined;
  pin: PinState;
  pinLength: { min: number; max: number };
  /** What to show: "YubiKey PIV #18158855" or "SoftHSM v2 token rstuf (serial 270ba14c7814e782)". */
  displayName: string;
  flags: number;
}

export type TokenKeyType = 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'rsa' | 'ed25519' | 'unknown';

export interface TokenKey {
  /** CKA_ID as lowercase hex ("02" is YubiKey PIV slot 9c). */
  id: string;
  /** The label of the first object seen (private key, public key, then certificate). */
  label: string;
  /** Every object label of this key ("Private key for …", "Public key for …", "X.509 Certificate for …"). */
  labels: string[];
  type: TokenKeyType;
  /** RSA modulus bits; curve size otherwise. */
  bits: number | undefined;
  /** The public key as TUF writes it (default scheme for the type), when the token exposes it. */
  publicKey: TufKey | undefined;
  /** Where the public key was read from. */
  publicKeyFrom: 'public-key' | 'certificate' | undefined;
  /** Subject CN of the certificate stored with the key, if any (RSTUF names HSM keys by it). */
  certificateName: string | undefined;
  /** A private key object with this id was seen. Undefined when private objects are hidden until login. */
  hasPrivateKey: boolean | undefined;
  /** "slot 9c (Digital Signature)" on a YubiKey, else the label or id. */
  displayName: string;
  /** A reason this key cannot sign TUF metadata, if known before trying. */
  unusable: string | undefined;
  /** CKA_ALWAYS_AUTHENTICATE of the private key: the PIN is asked for every signature (ykcs11: PIN policy "always"). */
  alwaysAuthenticate?: boolean;
}

export interface TokenRef {
  /** Serial number (preferred: unique) or label, as `rstuf-signer tokens` prints them. */
  token: string;
}

export interface ListOptions {
  pkcs11Factory?: Pkcs11Factory;
}

/** Every token present in the module, with its PIN state. */
export async function listTokens(modulePath: string, options: ListOptions = {}): Promise<TokenSummary[]> {
  return withModule(modulePath, options.pkcs11Factory, (module) => presentTokens(module).map((t) => t.summary));
}

/** The keys on one token (serial or label), with their public keys where readable. */
export async function listKeys(modulePath: string, token: string, options: ListOptions = {}): Promise<TokenKey[]> {
  return withModule(modulePath, options.pkcs11Factory, (module) => {
    const found = findToken(module, token);
    return withSession(module, found, (session) => readKeys(module.api, session, found.summary));
  });
}

export interface FoundToken {
  slot: SlotHandle;
  summary: TokenSummary;
}

export function presentTokens(module: LoadedModule): FoundToken[] {
  const { api, path } = module;
  let slots: SlotHandle[];
  try {
    slots = api.C_GetSlotList(true);
  } catch (error) {
    throw tokenError(error, { stage: 'slots', modulePath: path });
  }
  const tokens: FoundToken[] = [];
  for (const slot of slots) {
    let info: Pkcs11TokenInfo;
    try {
      info = api.C_GetTokenInfo(slot);
    } catch (error) {
      // A token pulled out between the slot list and this call is simply not there any more.
      if (tokenError(error, { stage: 'slots', modulePath: path }).code === 'TOKEN_NOT_PRESENT') continue;
      throw tokenError(error, { stage: 'slots', modulePath: path });
    }
    if (!(info.flags & CKF.TOKEN_INITIALIZED)) continue;
    tokens.push({ slot, summary: summarize(path, slot, info) });
  }
  return tokens;
}

/** The token's own name (its label, else its model), without the serial: the audit log and the lists add the serial once. */
export function tokenLabelOf(token: Pick<TokenSummary, 'label' | 'model'>): string {
  return token.label || token.model || 'token';
}

export function summarize(modulePath: string, slot: SlotHandle, info: Pkcs11TokenInfo): TokenSummary {
  const label = info.label.trim();
  const serial = info.serialNumber.trim();
  const manufacturer = info.manufacturerID.trim();
  const model = info.model.trim();
  const flags = info.flags;
  const name = label || model || 'token';
  const displayName = serial && !name.includes(serial) ? `${name} #${serial}` : name;
  return {
    modulePath,
    slot: Buffer.from(slot).toString('hex'),
    label,
    serial,
    manufacturer,
    model,
    firmware: info.firmwareVersion ? `${info.firmwareVersion.major}.${info.firmwareVersion.minor}` : undefined,
    pin: {
      initialized: (flags & CKF.USER_PIN_INITIALIZED) !== 0,
      retriesLow: (flags & CKF.USER_PIN_COUNT_LOW) !== 0,
      finalTry: (flags & CKF.USER_PIN_FINAL_TRY) !== 0,
      locked: (flags & CKF.USER_PIN_LOCKED) !== 0,
      toBeChanged: (flags & CKF.USER_PIN_TO_BE_CHANGED) !== 0,
      protectedAuthenticationPath: (flags & CKF.PROTECTED_AUTHENTICATION_PATH) !== 0,
    },
    pinLength: { min: info.minPinLen, max: info.maxPinLen },
    displayName,
    flags,
  };
}

/** The token whose serial (first) or label is `ref`; a clear error when none or several match. */
export function findToken(module: LoadedModule, ref: string): FoundToken {
  const tokens = presentTokens(module);
  const wanted = ref.trim();
  const bySerial = tokens.filter((t) => t.summary.serial !== '' && t.summary.serial === wanted);
  const matches = bySerial.length > 0 ? bySerial : tokens.filter((t) => t.summary.label === wanted);
  if (matches.length === 1) return matches[0] as FoundToken;
  const present = tokens.map((t) => `"${t.summary.label}" (serial ${t.summary.serial || 'none'})`).join(', ');
  if (matches.length === 0) {
    throw new SignerError(
      'TOKEN_NOT_FOUND',
      tokens.length === 0
        ? `no token is plugged in for module ${module.path} (looked for "${wanted}"); plug the key in and try again`
        : `no token with serial or label "${wanted}" in ${module.path}; tokens present: ${present}`,
    );
  }
  throw new SignerError('TOKEN_NOT_FOUND', `several tokens are labelled "${wanted}" (${present}); name one by its serial number`);
}

export function withSession<T>(module: LoadedModule, token: FoundToken, work: (session: SessionHandle) => T): T {
  let session: SessionHandle;
  try {
    session = module.api.C_OpenSession(token.slot, CKF_SERIAL_SESSION);
  } catch (error) {
    throw tokenError(error, { stage: 'session', modulePath: module.path, token: token.summary.displayName });
  }
  try {
    return work(session);
  } finally {
    try {
      module.api.C_CloseSession(session);
    } catch {
      // a removed token has no session left to close
    }
  }
}

export function findObjects(api: Pkcs11Api, session: SessionHandle, template: { type: number; value: number | Buffer | boolean | string }[]): ObjectHandle[] {
  api.C_FindObjectsInit(session, template);
  try {
    const handles: ObjectHandle[] = [];
    for (;;) {
      const batch = api.C_FindObjects(session, 32);
      if (batch.length === 0) break;
      handles.push(...batch);
      if (handles.length > 4096) break; // a token never holds this many keys; stop a looping module
    }
    return handles;
  } finally {
    api.C_FindObjectsFinal(session);
  }
}

/** Reads attributes one by one so one unreadable attribute (sensitive, absent) does not hide the others. */
export function readAttributes(api: Pkcs11Api, session: SessionHandle, object: ObjectHandle, types: number[]): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (const type of types) {
    try {
      const [attr] = api.C_GetAttributeValue(session, object, [{ type }]);
      if (attr && Buffer.isBuffer(attr.value)) out.set(type, attr.value);
    } catch {
      // CKR_ATTRIBUTE_TYPE_INVALID / SENSITIVE: the attribute is just not there for us
    }
  }
  return out;
}

/** A CK_ULONG attribute: 8 bytes on 64-bit Unix, 4 on Windows. */
export function readUlong(value: Buffer | undefined): number | undefined {
  if (!value) return undefined;
  if (value.length === 8) return Number(value.readBigUInt64LE(0));
  if (value.length === 4) return value.readUInt32LE(0);
  if (value.length === 1) return value[0];
  return undefined;
}

export function readBool(value: Buffer | undefined): boolean | undefined {
  if (!value || value.length === 0) return undefined;
  return value[0] !== 0;
}

interface Found {
  id: string;
  label: string;
  labels: string[];
  keyType?: number | undefined;
  publicKey?: KeyObject | undefined;
  publicKeyFrom?: 'public-key' | 'certificate' | undefined;
  certificateName?: string | undefined;
  hasPrivateKey?: boolean | undefined;
  alwaysAuthenticate?: boolean | undefined;
  problem?: string | undefined;
}

export function readKeys(api: Pkcs11Api, session: SessionHandle, token: TokenSummary): TokenKey[] {
  const byId = new Map<string, Found>();
  // Objects of one key share CKA_ID; keys without an id are told apart by label.
  const entry = (id: string, label: string): Found => {
    const mapKey = id ? `id:${id}` : `label:${label}`;
    let found = byId.get(mapKey);
    if (!found) {
      found = { id, label, labels: [] };
      byId.set(mapKey, found);
    }
    if (!found.label && label) found.label = label;
    if (label && !found.labels.includes(label)) found.labels.push(label);
    return found;
  };
  let privateSeen = false;
  try {
    for (const handle of findObjects(api, session, [{ type: CKA.CLASS, value: CKO.PRIVATE_KEY }])) {
      const attrs = readAttributes(api, session, handle, [CKA.ID, CKA.LABEL, CKA.KEY_TYPE, CKA.ALWAYS_AUTHENTICATE]);
      const found = entry(hex(attrs.get(CKA.ID)), text(attrs.get(CKA.LABEL)));
      found.hasPrivateKey = true;
      found.alwaysAuthenticate ??= readBool(attrs.get(CKA.ALWAYS_AUTHENTICATE));
      found.keyType ??= readUlong(attrs.get(CKA.KEY_TYPE));
      privateSeen = true;
    }
    for (const handle of findObjects(api, session, [{ type: CKA.CLASS, value: CKO.PUBLIC_KEY }])) {
      const attrs = readAttributes(api, session, handle, [CKA.ID, CKA.LABEL, CKA.KEY_TYPE, CKA.EC_PARAMS, CKA.EC_POINT, CKA.MODULUS, CKA.PUBLIC_EXPONENT]);
      const found = entry(hex(attrs.get(CKA.ID)), text(attrs.get(CKA.LABEL)));
      found.keyType = readUlong(attrs.get(CKA.KEY_TYPE)) ?? found.keyType;
      try {
        found.publicKey = publicKeyFromAttributes(found.keyType, attrs);
        found.publicKeyFrom = 'public-key';
      } catch (error) {
        found.problem = (error as Error).message;
      }
    }
    for (const handle of findObjects(api, session, [{ type: CKA.CLASS, value: CKO.CERTIFICATE }, { type: CKA.CERTIFICATE_TYPE, value: CKC_X_509 }])) {
      const attrs = readAttributes(api, session, handle, [CKA.ID, CKA.LABEL, CKA.VALUE]);
      const der = attrs.get(CKA.VALUE);
      if (!der) continue;
      const found = entry(hex(attrs.get(CKA.ID)), text(attrs.get(CKA.LABEL)));
      try {
        const cert = new X509Certificate(der);
        found.certificateName = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
        if (!found.publicKey) {
          found.publicKey = cert.publicKey;
          found.publicKeyFrom = 'certificate';
          found.problem = undefined;
        }
      } catch {
        found.problem ??= 'the certificate stored with this key cannot be read';
      }
    }
  } catch (error) {
    throw tokenError(error, { stage: 'find-key', modulePath: token.modulePath, token: token.displayName });
  }
  const yubikey = isYubiKeyPiv(token);
  return [...byId.values()]
    .map((f) => describeKey(f, yubikey, privateSeen))
    .sort((a, b) => a.id.localeCompare(b.id) || a.label.localeCompare(b.label));
}

function describeKey(f: Found, yubikey: boolean, privateSeen: boolean): TokenKey {
  let type: TokenKeyType = 'unknown';
  let bits: number | undefined;
  let publicKey: TufKey | undefined;
  let unusable = f.problem;
  if (f.publicKey) {
    const details = f.publicKey.asymmetricKeyDetails;
    const kind = f.publicKey.asymmetricKeyType;
    if (kind === 'ed25519') {
      type = 'ed25519';
      bits = 256;
    } else if (kind === 'rsa') {
      type = 'rsa';
      bits = details?.modulusLength;
    } else if (kind === 'ec') {
      const curve = details?.namedCurve;
      type = curve === 'prime256v1' ? 'ecdsa-p256' : curve === 'secp384r1' ? 'ecdsa-p384' : curve === 'secp521r1' ? 'ecdsa-p521' : 'unknown';
      bits = curve === 'prime256v1' ? 256 : curve === 'secp384r1' ? 384 : curve === 'secp521r1' ? 521 : undefined;
    }
    try {
      publicKey = tufKeyFromKeyObject(f.publicKey);
    } catch (error) {
      unusable ??= (error as Error).message;
    }
    if (type === 'unknown') unusable ??= `key type ${kind ?? 'unknown'} cannot sign TUF metadata`;
  } else {
    if (f.keyType === CKK.RSA) type = 'rsa';
    else if (f.keyType === CKK.EC_EDWARDS) type = 'ed25519';
    unusable ??= 'the token shows no public key or certificate for this key, so it cannot be matched to a TUF key id';
  }
  const slot = yubikey ? pivSlotName(f.id) : undefined;
  const name = slot ?? (f.label || f.certificateName || `id ${f.id || '(none)'}`);
  return {
    id: f.id,
    label: f.label,
    labels: f.labels,
    type,
    bits,
    publicKey,
    publicKeyFrom: f.publicKeyFrom,
    certificateName: f.certificateName,
    hasPrivateKey: f.hasPrivateKey ?? (privateSeen ? false : undefined),
    displayName: name,
    unusable,
    ...(f.alwaysAuthenticate !== undefined ? { alwaysAuthenticate: f.alwaysAuthenticate } : {}),
  };
}

/** ykcs11 maps PIV slots to CKA_ID 1..25 (yubico-piv-tool ykcs11/objects.c). */
const PIV_SLOTS: Record<number, string> = { 1: '9a (Authentication)', 2: '9c (Digital Signature)', 3: '9d (Key Management)', 4: '9e (Card Authentication)', 25: 'f9 (Attestation)' };

export function pivSlotName(idHex: string): string | undefined {
  if (!/^[0-9a-f]{2}$/.test(idHex)) return undefined;
  const id = parseInt(idHex, 16);
  if (PIV_SLOTS[id]) return `slot ${PIV_SLOTS[id]}`;
  if (id >= 5 && id <= 24) return `slot ${(0x82 + id - 5).toString(16)} (Retired Key Management)`;
  return undefined;
}

export function isYubiKeyPiv(token: TokenSummary): boolean {
  return /yubico/i.test(token.manufacturer) || /^yubikey/i.test(token.label);
}

const CURVES: Record<string, { crv: string; size: number }> = {
  '06082a8648ce3d030107': { crv: 'P-256', size: 32 },
  '06052b81040022': { crv: 'P-384', size: 48 },
  '06052b81040023': { crv: 'P-521', size: 66 },
};
const ED25519_PARAMS = new Set(['06032b6570', Buffer.concat([Buffer.from([0x13, 12]), Buffer.from('edwards25519')]).toString('hex')]);

/** A Node public key from CKA_EC_PARAMS/CKA_EC_POINT or CKA_MODULUS/CKA_PUBLIC_EXPONENT. */
export function publicKeyFromAttributes(keyType: number | undefined, attrs: Map<number, Buffer>): KeyObject {
  if (keyType === CKK.RSA || (keyType === undefined && attrs.has(CKA.MODULUS))) {
    const n = attrs.get(CKA.MODULUS);
    const e = attrs.get(CKA.PUBLIC_EXPONENT);
    if (!n || !e) throw new Error('the RSA public key has no modulus or exponent');
    return createPublicKey({ key: { kty: 'RSA', n: b64url(stripZeros(n)), e: b64url(stripZeros(e)) }, format: 'jwk' });
  }
  const params = attrs.get(CKA.EC_PARAMS);
  const point = attrs.get(CKA.EC_POINT);
  if (!params || !point) throw new Error('the public key has no curve or point');
  const paramsHex = params.toString('hex');
  if (keyType === CKK.EC_EDWARDS || ED25519_PARAMS.has(paramsHex)) {
    if (!ED25519_PARAMS.has(paramsHex)) throw new Error('only the Edwards curve Ed25519 is supported');
    const raw = unwrapPoint(point, 32);
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(raw) }, format: 'jwk' });
  }
  const curve = CURVES[paramsHex];
  if (!curve) throw new Error(`elliptic curve ${paramsHex} is not P-256, P-384 or P-521`);
  const raw = unwrapPoint(point, 2 * curve.size + 1);
  if (raw[0] !== 0x04) throw new Error('the EC point is not in uncompressed form');
  return createPublicKey({
    key: { kty: 'EC', crv: curve.crv, x: b64url(raw.subarray(1, 1 + curve.size)), y: b64url(raw.subarray(1 + curve.size)) },
    format: 'jwk',
  });
}

/** CKA_EC_POINT is a DER OCTET STRING by the standard, but some modules return the raw point. */
function unwrapPoint(point: Buffer, rawLength: number): Buffer {
  if (point.length === rawLength) return point;
  if (point[0] === 0x04) {
    if (point[1] === rawLength && point.length === rawLength + 2) return point.subarray(2);
    if (point[1] === 0x81 && point[2] === rawLength && point.length === rawLength + 3) return point.subarray(3);
  }
  throw new Error(`the public point has ${point.length} bytes, expected ${rawLength}`);
}

function stripZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

const b64url = (b: Buffer): string => b.toString('base64url');
const hex = (b: Buffer | undefined): string => (b ? b.toString('hex') : '');
const text = (b: Buffer | undefined): string => (b ? b.toString('utf8').replace(/\0+$/, '').trim() : '');
