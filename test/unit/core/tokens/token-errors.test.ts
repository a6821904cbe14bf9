import { describe, expect, it } from 'vitest';
import { CKF, CKR } from '../../../../main/core/tokens/pkcs11-constants.js';
import { ckrError, pkcs11ErrorCode, tokenError, type TokenErrorContext } from '../../../../main/core/tokens/token-errors.js';

const base: TokenErrorContext = { stage: 'sign', modulePath: '/usr/lib/libykcs11.so', token: 'YubiKey PIV #18158855', platform: 'linux' };
// pkcs11js's Pkcs11Error after its constructor ran: message is the CKR name, code the number.
const pkcs11js = (name: string, code: number) => Object.assign(new Error(name), { name: 'Pkcs11Error', code });

describe('CKR_* to a sentence a key holder can act on', () => {
  it('reads the CKR value from pkcs11js errors in both shapes, and nothing from other errors', () => {
    expect(pkcs11ErrorCode(pkcs11js('CKR_PIN_INCORRECT', 0xa0))).toBe(0xa0);
    expect(pkcs11ErrorCode(new Error('CKR_DEVICE_ERROR:48\n    at PKCS11.C_GetSlotList'))).toBe(0x30);
    expect(pkcs11ErrorCode(Object.assign(new Error('ENOENT'), { code: 2 }))).toBeUndefined();
    expect(pkcs11ErrorCode('CKR_PIN_INCORRECT')).toBeUndefined();
  });

  const cases: [string, number, Partial<TokenErrorContext>, string, RegExp][] = [
    ['PIN incorrect, token silent on tries', CKR.PIN_INCORRECT, { stage: 'login' }, 'TOKEN_PIN_INCORRECT', /wrong PIN for YubiKey PIV #18158855 \(CKR_PIN_INCORRECT\); the token does not say how many tries are left; nothing was signed/],
    ['PIN incorrect and now locked', CKR.PIN_INCORRECT, { stage: 'login', tokenFlags: CKF.USER_PIN_LOCKED }, 'TOKEN_PIN_LOCKED', /the PIN is now locked \(CKR_PIN_INCORRECT\); unblock it/],
    ['PIN locked', CKR.PIN_LOCKED, { stage: 'login' }, 'TOKEN_PIN_LOCKED', /is locked after too many wrong tries \(CKR_PIN_LOCKED\); unblock it with the PUK/],
    ['PIN too short', CKR.PIN_LEN_RANGE, { stage: 'login', pinLength: { min: 6, max: 8 } }, 'TOKEN_PIN_INCORRECT', /wrong length or characters for YubiKey PIV #18158855 \(it takes 6 to 8 characters\).*no try was used up/],
    ['no touch', CKR.USER_NOT_LOGGED_IN, {}, 'TOKEN_TOUCH_REQUIRED', /not touched in time/],
    ['cancelled on device', CKR.FUNCTION_CANCELED, {}, 'TOKEN_TOUCH_REQUIRED', /cancelled on YubiKey/],
    ['device removed', CKR.DEVICE_REMOVED, {}, 'TOKEN_NOT_PRESENT', /was removed or is not plugged in \(CKR_DEVICE_REMOVED\); plug it in again/],
    ['token not present', CKR.TOKEN_NOT_PRESENT, { stage: 'session' }, 'TOKEN_NOT_PRESENT', /not plugged in \(CKR_TOKEN_NOT_PRESENT\)/],
    ['session gone with the device', CKR.SESSION_HANDLE_INVALID, {}, 'TOKEN_NOT_PRESENT', /removed/],
    ['device error on Linux', CKR.DEVICE_ERROR, { stage: 'slots', token: undefined }, 'TOKEN_DEVICE_ERROR', /the token or its reader reported a device error \(CKR_DEVICE_ERROR\); check that the smart card service runs \(sudo systemctl start pcscd\)/],
    ['device error on Windows', CKR.DEVICE_ERROR, { platform: 'win32' }, 'TOKEN_DEVICE_ERROR', /"Smart Card" service \(SCardSvr\)/],
    ['device error on macOS', CKR.DEVICE_ERROR, { platform: 'darwin' }, 'TOKEN_DEVICE_ERROR', /unplug the key, plug it in again/],
    ['mechanism invalid', CKR.MECHANISM_INVALID, { mechanism: 'ed25519 (CKM_EDDSA)' }, 'TOKEN_MECHANISM_UNSUPPORTED', /cannot sign with ed25519 \(CKM_EDDSA\) \(CKR_MECHANISM_INVALID\)/],
    ['key may not sign', CKR.KEY_FUNCTION_NOT_PERMITTED, {}, 'TOKEN_MECHANISM_UNSUPPORTED', /not allowed to sign/],
    ['key gone', CKR.KEY_HANDLE_INVALID, {}, 'TOKEN_KEY_NOT_FOUND', /no longer on YubiKey/],
    ['anything else', CKR.GENERAL_ERROR, {}, 'TOKEN_ERROR', /failed while signing \(CKR_GENERAL_ERROR\); unplug and replug the key and try again; nothing was signed/],
  ];
  for (const [what, code, context, signerCode, message] of cases) {
    it(what, () => {
      const error = tokenError(pkcs11js(`CKR_X`, code), { ...base, ...context });
      expect(error.code).toBe(signerCode);
      expect(error.message).toMatch(message);
    });
  }

  it('a non-PKCS#11 failure keeps its own words', () => {
    const error = tokenError(new Error('dlopen: wrong ELF class'), { ...base, stage: 'session' });
    expect(error).toMatchObject({ code: 'TOKEN_ERROR', message: 'YubiKey PIV #18158855 failed while opening a session (dlopen: wrong ELF class); unplug and replug the key and try again' });
  });

  it('ckrError builds an error the mapper reads like pkcs11js ones', () => {
    expect(tokenError(ckrError(CKR.PIN_LOCKED), base).code).toBe('TOKEN_PIN_LOCKED');
  });
});
