// Every CKR_* a key holder meets in the field, turned into a sentence they can act on.
// The raw CKR name stays in the sentence (in parentheses) so a support thread can find it.

import { basename } from 'node:path';
import { SignerError, type SignerErrorCode } from '../../../shared/errors.js';
import { CKF, CKR, ckrName } from './pkcs11-constants.js';

export type TokenStage = 'initialize' | 'slots' | 'session' | 'login' | 'find-key' | 'sign-init' | 'sign';

export interface TokenErrorContext {
  stage: TokenStage;
  modulePath: string;
  /** "SoftHSM v2 token rstuf-test #270ba14c" */
  token?: string;
  /** Token flags read after a failed login, for how many PIN tries are left. */
  tokenFlags?: number;
  pinLength?: { min: number; max: number };
  /** "ecdsa-sha2-nistp256 (CKM_ECDSA)" */
  mechanism?: string;
  platform?: NodeJS.Platform;
}

/** The CKR_* value of a pkcs11js error (Pkcs11Error.code, or parsed from its message), if any. */
export function pkcs11ErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; message?: unknown; name?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  const match = /CKR_[A-Z_]+:(\d+)/.exec(message);
  if (match) return Number(match[1]);
  if (typeof e.code === 'number' && /^CKR_/.test(message)) return e.code;
  return undefined;
}

/** An error shaped like pkcs11js's for a CKR_* value we detect ourselves (e.g. a missing mechanism). */
export function ckrError(code: number): Error {
  return Object.assign(new Error(`${ckrName(code)}:${code}`), { code });
}

/** What the PIN flags say about tries left, or '' when the token does not say. */
export function describePinTries(flags: number | undefined): string {
  if (flags === undefined) return '';
  if (flags & CKF.USER_PIN_LOCKED) return 'the PIN is now locked';
  if (flags & CKF.USER_PIN_FINAL_TRY) return 'one try is left: the next wrong PIN locks the token';
  if (flags & CKF.USER_PIN_COUNT_LOW) return 'only a few tries are left before the PIN locks';
  return '';
}

function deviceAdvice(platform: NodeJS.Platform): string {
  if (platform === 'linux') return 'check that the smart card service runs (sudo systemctl start pcscd) and that the key is plugged in, then try again';
  if (platform === 'win32') return 'check that the Windows "Smart Card" service (SCardSvr) runs and that the key is plugged in, then try again';
  return 'unplug the key, plug it in again and try again';
}

export function tokenError(error: unknown, context: TokenErrorContext): SignerError {
  if (error instanceof SignerError) return error;
  const code = pkcs11ErrorCode(error);
  const token = context.token ?? 'the token';
  const make = (signerCode: SignerErrorCode, message: string) => new SignerError(signerCode, message, { cause: error, file: context.modulePath });
  const ckr = code === undefined ? '' : ` (${ckrName(code)})`;
  const nothingSigned = context.stage === 'login' || context.stage === 'sign-init' || context.stage === 'sign' || context.stage === 'find-key' ? '; nothing was signed' : '';

  switch (code) {
    case CKR.PIN_INCORRECT: {
      const tries = describePinTries(context.tokenFlags);
      if (context.tokenFlags !== undefined && context.tokenFlags & CKF.USER_PIN_LOCKED) {
        return make('TOKEN_PIN_LOCKED', `wrong PIN for ${token}, and the PIN is now locked${ckr}; unblock it with the PUK or security officer PIN (YubiKey: ykman piv access unblock-pin) before signing`);
      }
      return make('TOKEN_PIN_INCORRECT', `wrong PIN for ${token}${ckr}${tries ? `; ${tries}` : '; the token does not say how many tries are left'}${nothingSigned}`);
    }
    case CKR.PIN_LOCKED:
      return make('TOKEN_PIN_LOCKED', `the PIN of ${token} is locked after too many wrong tries${ckr}; unblock it with the PUK or security officer PIN (YubiKey: ykman piv access unblock-pin), then sign again${nothingSigned}`);
    case CKR.PIN_LEN_RANGE:
    case CKR.PIN_INVALID: {
      const range = context.pinLength && context.pinLength.max > 0 ? ` (it takes ${context.pinLength.min} to ${context.pinLength.max} characters)` : '';
      return make('TOKEN_PIN_INCORRECT', `that PIN has the wrong length or characters for ${token}${range}${ckr}; no try was used up${nothingSigned}`);
    }
    case CKR.PIN_EXPIRED:
      return make('TOKEN_PIN_INCORRECT', `the PIN of ${token} has expired${ckr}; set a new PIN with the token's own tool, then sign again`);
    case CKR.USER_PIN_NOT_INITIALIZED:
      return make('TOKEN_PIN_INCORRECT', `${token} has no user PIN set yet${ckr}; initialize the token's PIN with its own tool first`);
    case CKR.USER_NOT_LOGGED_IN:
      if (context.stage === 'sign' || context.stage === 'sign-init') {
        return make('TOKEN_TOUCH_REQUIRED', `${token} refused to sign${ckr}: the key was not touched in time, or it needs the PIN again for every signature; touch the key when it blinks and try again${nothingSigned}`);
      }
      return make('TOKEN_ERROR', `${token} says the PIN was not accepted${ckr}; enter the PIN again${nothingSigned}`);
    case CKR.FUNCTION_CANCELED:
    case CKR.CANCEL:
      return make('TOKEN_TOUCH_REQUIRED', `signing was cancelled on ${token}${ckr}; start again and confirm on the key${nothingSigned}`);
    case CKR.TOKEN_NOT_PRESENT:
    case CKR.DEVICE_REMOVED:
    case CKR.SESSION_CLOSED:
    case CKR.SESSION_HANDLE_INVALID:
    case CKR.SLOT_ID_INVALID:
      return make('TOKEN_NOT_PRESENT', `${token} was removed or is not plugged in${ckr}; plug it in again and retry${nothingSigned || '; nothing was signed'}`);
    case CKR.TOKEN_NOT_RECOGNIZED:
      return make('TOKEN_NOT_PRESENT', `the device in the reader is not a token this module knows${ckr}; check that the PKCS#11 module matches the device (YubiKey: libykcs11, others: OpenSC)`);
    case CKR.DEVICE_ERROR:
    case CKR.DEVICE_MEMORY:
      return make('TOKEN_DEVICE_ERROR', `${token === 'the token' ? 'the token or its reader' : token} reported a device error${ckr}; ${deviceAdvice(context.platform ?? process.platform)}${nothingSigned}`);
    case CKR.MECHANISM_INVALID:
    case CKR.MECHANISM_PARAM_INVALID:
    case CKR.KEY_TYPE_INCONSISTENT:
    case CKR.FUNCTION_NOT_SUPPORTED:
      if (context.stage === 'sign' || context.stage === 'sign-init') {
        return make('TOKEN_MECHANISM_UNSUPPORTED', `${token} cannot sign with ${context.mechanism ?? 'this mechanism'}${ckr}; this key cannot produce the signature scheme the metadata names, so use a key of a type the token supports${nothingSigned}`);
      }
      break;
    case CKR.KEY_FUNCTION_NOT_PERMITTED:
      return make('TOKEN_MECHANISM_UNSUPPORTED', `the key on ${token} is not allowed to sign (its CKA_SIGN attribute is off)${ckr}; use a signing key (YubiKey: PIV slot 9c)${nothingSigned}`);
    case CKR.KEY_HANDLE_INVALID:
    case CKR.OBJECT_HANDLE_INVALID:
      return make('TOKEN_KEY_NOT_FOUND', `the key is no longer on ${token}${ckr}; list the token's keys again (rstuf-signer tokens)${nothingSigned}`);
    case CKR.USER_ANOTHER_ALREADY_LOGGED_IN:
      return make('TOKEN_ERROR', `another program is logged in to ${token} as security officer${ckr}; close it and try again${nothingSigned}`);
    case CKR.CRYPTOKI_NOT_INITIALIZED:
      return make('TOKEN_MODULE_UNAVAILABLE', `the PKCS#11 module ${basename(context.modulePath)} was unloaded while in use${ckr}; try again`);
    default:
      break;
  }
  const what = errorText(error);
  return make('TOKEN_ERROR', `${token} failed while ${STAGE_TEXT[context.stage]}${ckr || (what ? ` (${what})` : '')}; unplug and replug the key and try again${nothingSigned}`);
}

const STAGE_TEXT: Record<TokenStage, string> = {
  initialize: 'the PKCS#11 module was starting',
  slots: 'listing tokens',
  session: 'opening a session',
  login: 'checking the PIN',
  'find-key': 'looking for the key',
  'sign-init': 'preparing to sign',
  sign: 'signing',
};

function errorText(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}
