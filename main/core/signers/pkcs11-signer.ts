// AsyncSigner over a key on a PKCS#11 token (YubiKey PIV through ykcs11, OpenSC, SoftHSM2, HSMs).
//
// The PIN is asked for each signing and used only for C_Login: the Buffer is zeroed right after.
// pkcs11js takes the PIN as a JS string, which cannot be wiped; it is kept in one local variable
// and never stored, logged or put in an error message. The token's public key is read without a
// PIN so the metadata check (is this key authorized?) happens before any PIN try is used up.

import { createHash } from 'node:crypto';
import { SignerError } from '../../../shared/errors.js';
import type { TufKey } from '../../../shared/tuf/types.js';
import { sameKey } from '../tuf/tuf-keys.js';
import type { AsyncSigner } from './signer.js';
import { CK_PARAMS_RSA_PSS, CKA, CKF_SERIAL_SESSION, CKG_MGF1_SHA256, CKM, CKO, CKR, CKU_CONTEXT_SPECIFIC, CKU_USER } from '../tokens/pkcs11-constants.js';
import { openModule, type LoadedModule, type Pkcs11Factory, type Pkcs11Mechanism, type SessionHandle } from '../tokens/pkcs11-module.js';
import { findObjects, findToken, readAttributes, readBool, readKeys, summarize, withSession, type FoundToken, type TokenKey, type TokenSummary } from '../tokens/token-list.js';
import { ckrError, pkcs11ErrorCode, tokenError, type TokenErrorContext } from '../tokens/token-errors.js';

export interface PinRequest {
  /** The token as it is now (PIN state read just before asking: retries low, final try). */
  token: TokenSummary;
  key: TokenKey;
}

export interface TouchNotice {
  /** "YubiKey PIV #18158855" */
  token: string;
  /** "slot 9c (Digital Signature)" */
  key: string;
}

export interface Pkcs11SignerOptions {
  modulePath: string;
  /** Serial number (preferred) or label of the token. */
  token: string;
  /** CKA_ID in hex ("02" for YubiKey slot 9c). Give this or keyLabel, or expectedKey alone. */
  keyId?: string;
  keyLabel?: string;
  /**
   * The key the metadata expects. Without keyId/keyLabel it picks the token key by public key;
   * with them it only lends its scheme (an RSA key may be rsassa-pss-sha256 or rsa-pkcs1v15-sha256).
   */
  expectedKey?: TufKey;
  /** The PIN for one signing (zeroed after use), or a function asked for it at each signing. */
  pin: Buffer | ((request: PinRequest) => Promise<Buffer>);
  /** Called right before C_Sign, which may wait for a touch: say "touch your key now". */
  onWaitingForTouch?: (notice: TouchNotice) => void;
  pkcs11Factory?: Pkcs11Factory;
}

export async function createPkcs11Signer(options: Pkcs11SignerOptions): Promise<Pkcs11Signer> {
  if (options.keyId !== undefined && options.keyLabel !== undefined) {
    throw new SignerError('USAGE', 'name the key on the token by its id or by its label, not both');
  }
  const module = openModule(options.modulePath, options.pkcs11Factory);
  try {
    const token = findToken(module, options.token);
    const keys = withSession(module, token, (session) => readKeys(module.api, session, token.summary));
    const key = pickKey(keys, token.summary, options);
    let publicKey = key.publicKey as TufKey;
    if (options.expectedKey && sameKey(publicKey, options.expectedKey)) {
      publicKey = { keytype: options.expectedKey.keytype, scheme: options.expectedKey.scheme, keyval: options.expectedKey.keyval };
    }
    return new Pkcs11Signer(module, token, key, publicKey, options);
  } catch (error) {
    module.release();
    throw error;
  }
}

function pickKey(keys: TokenKey[], token: TokenSummary, options: Pkcs11SignerOptions): TokenKey {
  const listing = keys.map((k) => `${k.displayName}${k.label && k.label !== k.displayName ? ` "${k.label}"` : ''} (id ${k.id || 'none'}, ${k.type})`).join('; ') || 'none';
  let candidates: TokenKey[];
  let wanted: string;
  if (options.keyId !== undefined) {
    const id = options.keyId.toLowerCase().replace(/^0x/, '').replace(/[:\s]/g, '');
    candidates = keys.filter((k) => k.id === id);
    wanted = `id ${options.keyId}`;
  } else if (options.keyLabel !== undefined) {
    candidates = keys.filter((k) => k.labels.includes(options.keyLabel as string));
    wanted = `label "${options.keyLabel}"`;
  } else if (options.expectedKey) {
    const expected = options.expectedKey;
    candidates = keys.filter((k) => k.publicKey !== undefined && sameKey(k.publicKey, expected));
    wanted = 'the public key the metadata asks for';
  } else {
    candidates = keys.filter((k) => k.publicKey !== undefined && k.hasPrivateKey !== false);
    wanted = 'a signing key';
    if (candidates.length > 1) throw new SignerError('USAGE', `${token.displayName} holds several keys (${listing}); choose one by label or id`);
  }
  if (candidates.length === 0) {
    throw new SignerError('TOKEN_KEY_NOT_FOUND', `${token.displayName} has no key with ${wanted}; keys on it: ${listing}. Check that the right token is plugged in`);
  }
  if (candidates.length > 1) {
    throw new SignerError('USAGE', `${token.displayName} has several keys with ${wanted} (${candidates.map((k) => `id ${k.id}`).join(', ')}); choose one by id`);
  }
  const key = candidates[0] as TokenKey;
  if (!key.publicKey || key.unusable) {
    throw new SignerError('KEY_UNSUPPORTED', `${key.displayName} on ${token.displayName} cannot sign TUF metadata: ${key.unusable ?? 'its public key is not readable'}`);
  }
  if (key.hasPrivateKey === false) {
    throw new SignerError('TOKEN_KEY_NOT_FOUND', `${token.displayName} has the public key ${key.displayName} but not its private key; the private key is on another token`);
  }
  return key;
}

interface SignPlan {
  mechanism: Pkcs11Mechanism;
  name: string;
  input: Buffer;
  outputLength: number;
  /** The token returns r||s; TUF wants DER. */
  ecdsa: boolean;
}

export class Pkcs11Signer implements AsyncSigner {
  readonly source: string;
  private module: LoadedModule | undefined;
  private pinSource: Pkcs11SignerOptions['pin'] | undefined;

  constructor(
    module: LoadedModule,
    private readonly token: FoundToken,
    readonly key: TokenKey,
    readonly publicKey: TufKey,
    private readonly options: Pkcs11SignerOptions,
  ) {
    this.module = module;
    this.pinSource = options.pin;
    this.source = `${token.summary.displayName}, ${key.displayName}`;
  }

  get tokenSummary(): TokenSummary {
    return this.token.summary;
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    const module = this.module;
    if (!module) throw new SignerError('INTERNAL', `${this.source} was already disposed`);
    const { api } = module;
    const context: TokenErrorContext = {
      stage: 'session',
      modulePath: module.path,
      token: this.token.summary.displayName,
      pinLength: this.token.summary.pinLength,
    };
    const plan = this.plan(Buffer.from(data));
    context.mechanism = plan.name;
    this.checkMechanism(plan, context);

    let session: SessionHandle;
    try {
      session = api.C_OpenSession(this.token.slot, CKF_SERIAL_SESSION);
    } catch (error) {
      throw tokenError(error, context);
    }
    let raw: Buffer;
    try {
      const pin = await this.takePin(context);
      try {
        this.login(session, CKU_USER, pin, context);
        const privateKey = this.findPrivateKey(session, context);
        const alwaysAuthenticate = readBool(readAttributes(api, session, privateKey, [CKA.ALWAYS_AUTHENTICATE]).get(CKA.ALWAYS_AUTHENTICATE)) === true;
        context.stage = 'sign-init';
        try {
          api.C_SignInit(session, plan.mechanism, privateKey);
        } catch (error) {
          throw tokenError(error, context);
        }
        // PIV keys with PIN policy "always" want the PIN again for this one operation.
        if (alwaysAuthenticate) this.login(session, CKU_CONTEXT_SPECIFIC, pin, context);
      } finally {
        pin.fill(0);
      }
      context.stage = 'sign';
      this.options.onWaitingForTouch?.({ token: this.token.summary.displayName, key: this.key.displayName });
      try {
        raw = await api.C_SignAsync(session, plan.input, Buffer.alloc(plan.outputLength));
      } catch (error) {
        throw tokenError(error, context);
      }
    } finally {
      try {
        api.C_Logout(session);
      } catch {
        // not logged in, or the token is gone: nothing to undo
      }
      try {
        api.C_CloseSession(session);
      } catch {
        // same
      }
    }
    return plan.ecdsa ? derFromRawEcdsa(raw) : raw;
  }

  dispose(): void {
    if (typeof this.pinSource !== 'function') this.pinSource?.fill(0);
    this.pinSource = undefined;
    this.module?.release();
    this.module = undefined;
  }

  private async takePin(context: TokenErrorContext): Promise<Buffer> {
    const token = this.freshSummary();
    // A locked PIN fails C_Login anyway; saying so before asking spares the holder typing it.
    if (token.pin.locked) throw tokenError(ckrError(CKR.PIN_LOCKED), { ...context, stage: 'login' });
    const source = this.pinSource;
    if (typeof source === 'function') return source({ token, key: this.key });
    if (!source) {
      throw new SignerError('PASSPHRASE_REQUIRED', `the PIN for ${this.token.summary.displayName} is asked for each signature and was already used; enter it again`);
    }
    // A Buffer PIN is good for one signing.
    this.pinSource = undefined;
    return source;
  }

  private login(session: SessionHandle, userType: number, pin: Buffer, context: TokenErrorContext): void {
    context.stage = 'login';
    if (pin.length === 0 && !this.token.summary.pin.protectedAuthenticationPath) {
      throw new SignerError('TOKEN_PIN_INCORRECT', `the PIN for ${this.token.summary.displayName} is empty; enter the PIN (no try was used up)`);
    }
    try {
      if (pin.length === 0) this.module?.api.C_Login(session, userType);
      else this.module?.api.C_Login(session, userType, pin.toString('utf8'));
    } catch (error) {
      const code = pkcs11ErrorCode(error);
      if (code === CKR.USER_ALREADY_LOGGED_IN) return;
      if (code === CKR.PIN_INCORRECT) context.tokenFlags = this.freshTokenFlags();
      throw tokenError(error, context);
    }
  }

  private freshTokenFlags(): number | undefined {
    try {
      return this.module?.api.C_GetTokenInfo(this.token.slot).flags;
    } catch {
      return undefined;
    }
  }

  /** The token summary with its PIN state as of now (the listing may be minutes old). */
  private freshSummary(): TokenSummary {
    try {
      const info = this.module?.api.C_GetTokenInfo(this.token.slot);
      if (info) return summarize(this.token.summary.modulePath, this.token.slot, info);
    } catch (error) {
      const mapped = tokenError(error, { stage: 'session', modulePath: this.token.summary.modulePath, token: this.token.summary.displayName });
      if (mapped.code === 'TOKEN_NOT_PRESENT' || mapped.code === 'TOKEN_DEVICE_ERROR') throw mapped;
    }
    return this.token.summary;
  }

  private findPrivateKey(session: SessionHandle, context: TokenErrorContext): Buffer {
    context.stage = 'find-key';
    const api = this.module?.api;
    if (!api) throw new SignerError('INTERNAL', `${this.source} was already disposed`);
    const template: { type: number; value: number | Buffer | string }[] = [{ type: CKA.CLASS, value: CKO.PRIVATE_KEY }];
    if (this.key.id) template.push({ type: CKA.ID, value: Buffer.from(this.key.id, 'hex') });
    else template.push({ type: CKA.LABEL, value: this.key.label });
    let handles: Buffer[];
    try {
      handles = findObjects(api, session, template);
    } catch (error) {
      throw tokenError(error, context);
    }
    const [handle] = handles;
    if (!handle) {
      throw new SignerError('TOKEN_KEY_NOT_FOUND', `${this.token.summary.displayName} has no private key for ${this.key.displayName} (id ${this.key.id || 'none'}); is the right token plugged in? Nothing was signed`);
    }
    return handle;
  }

  private plan(data: Buffer): SignPlan {
    const scheme = this.publicKey.scheme;
    const bytes = Math.ceil((this.key.bits ?? 4096) / 8);
    switch (scheme) {
      case 'ed25519':
        return { mechanism: { mechanism: CKM.EDDSA }, name: 'ed25519 (CKM_EDDSA)', input: data, outputLength: 64, ecdsa: false };
      case 'ecdsa-sha2-nistp256':
        return { mechanism: { mechanism: CKM.ECDSA }, name: `${scheme} (CKM_ECDSA)`, input: digest('sha256', data), outputLength: 2 * bytes, ecdsa: true };
      case 'ecdsa-sha2-nistp384':
        return { mechanism: { mechanism: CKM.ECDSA }, name: `${scheme} (CKM_ECDSA)`, input: digest('sha384', data), outputLength: 2 * bytes, ecdsa: true };
      case 'ecdsa-sha2-nistp521':
        // Raw CKM_ECDSA over our sha512 digest (as securesystemslib hashes P-521); r||s are 66 bytes each.
        return { mechanism: { mechanism: CKM.ECDSA }, name: `${scheme} (CKM_ECDSA)`, input: digest('sha512', data), outputLength: 2 * bytes, ecdsa: true };
      case 'rsassa-pss-sha256': {
        const parameter = { type: CK_PARAMS_RSA_PSS, hashAlg: CKM.SHA256, mgf: CKG_MGF1_SHA256, saltLen: 32 };
        // Prefer the token hashing (CKM_SHA256_RSA_PKCS_PSS); ykcs11 and SoftHSM2 have both.
        if (this.mechanisms().has(CKM.SHA256_RSA_PKCS_PSS)) {
          return { mechanism: { mechanism: CKM.SHA256_RSA_PKCS_PSS, parameter }, name: `${scheme} (CKM_SHA256_RSA_PKCS_PSS)`, input: data, outputLength: bytes, ecdsa: false };
        }
        return { mechanism: { mechanism: CKM.RSA_PKCS_PSS, parameter }, name: `${scheme} (CKM_RSA_PKCS_PSS)`, input: digest('sha256', data), outputLength: bytes, ecdsa: false };
      }
      case 'rsa-pkcs1v15-sha256':
        if (this.mechanisms().has(CKM.SHA256_RSA_PKCS)) {
          return { mechanism: { mechanism: CKM.SHA256_RSA_PKCS }, name: `${scheme} (CKM_SHA256_RSA_PKCS)`, input: data, outputLength: bytes, ecdsa: false };
        }
        return { mechanism: { mechanism: CKM.RSA_PKCS }, name: `${scheme} (CKM_RSA_PKCS)`, input: Buffer.concat([SHA256_DIGEST_INFO, digest('sha256', data)]), outputLength: bytes, ecdsa: false };
      default:
        throw new SignerError('SCHEME_UNSUPPORTED', `${this.source} cannot sign with scheme ${scheme}; tokens sign ecdsa-sha2-nistp256/384/521, rsassa-pss-sha256, rsa-pkcs1v15-sha256 and ed25519`);
    }
  }

  private mechanismCache: Set<number> | undefined;

  /** The token's mechanisms; empty when it will not say (then we just try). */
  private mechanisms(): Set<number> {
    if (!this.mechanismCache) {
      try {
        this.mechanismCache = new Set(this.module?.api.C_GetMechanismList(this.token.slot) ?? []);
      } catch {
        this.mechanismCache = new Set();
      }
    }
    return this.mechanismCache;
  }

  /** Refuse before the PIN is tried when the token says it lacks the mechanism. */
  private checkMechanism(plan: SignPlan, context: TokenErrorContext): void {
    const available = this.mechanisms();
    if (available.size > 0 && !available.has(plan.mechanism.mechanism)) {
      throw tokenError(ckrError(CKR.MECHANISM_INVALID), { ...context, stage: 'sign' });
    }
  }
}

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

function digest(algorithm: 'sha256' | 'sha384' | 'sha512', data: Buffer): Buffer {
  return createHash(algorithm).update(data).digest();
}

/** PKCS#11 ECDSA signatures are r||s of equal halves; TUF (securesystemslib) stores DER. */
export function derFromRawEcdsa(raw: Uint8Array): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new SignerError('TOKEN_ERROR', `the token returned a ${raw.length}-byte ECDSA signature, which is not r||s; nothing was signed`);
  }
  const half = raw.length / 2;
  const r = derInteger(Buffer.from(raw.subarray(0, half)));
  const s = derInteger(Buffer.from(raw.subarray(half)));
  const body = Buffer.concat([r, s]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

function derInteger(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  let bytes = value.subarray(start);
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  return Buffer.from([0x82, length >> 8, length & 0xff]);
}
