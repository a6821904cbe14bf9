// Token health from the token info ykcs11 and SoftHSM2 really report (manufacturer, model, packed
// firmware version, serial) and the keys on them: EUCLEAK below 5.7, slot names, PIN policy.
import { describe, expect, it } from 'vitest';
import { tokenHealth, yubiKeyFirmware } from '../../../../main/core/tokens/health.js';
import { CKF } from '../../../../main/core/tokens/pkcs11-constants.js';
import type { Pkcs11TokenInfo } from '../../../../main/core/tokens/pkcs11-module.js';
import { summarize, type TokenKey, type TokenKeyType } from '../../../../main/core/tokens/token-list.js';

// What ykcs11 writes into CK_TOKEN_INFO (yubico-piv-tool ykcs11/ykcs11.c, token.c): fixed manufacturer,
// "YubiKey YK5", label "YubiKey PIV #serial", firmware a.b.c as major a, minor b*10+c.
const yubikey = (major: number, minor: number, serial = '18158855'): Pkcs11TokenInfo => ({
  label: `YubiKey PIV #${serial}`,
  manufacturerID: 'Yubico (www.yubico.com)',
  model: 'YubiKey YK5',
  serialNumber: serial,
  flags: CKF.TOKEN_INITIALIZED | CKF.USER_PIN_INITIALIZED,
  minPinLen: 6,
  maxPinLen: 48,
  firmwareVersion: { major, minor },
});
const softhsm: Pkcs11TokenInfo = {
  label: 'rstuf',
  manufacturerID: 'SoftHSM project',
  model: 'SoftHSM v2',
  serialNumber: '270ba14c7814e782',
  flags: CKF.TOKEN_INITIALIZED | CKF.USER_PIN_INITIALIZED,
  minPinLen: 4,
  maxPinLen: 255,
  firmwareVersion: { major: 2, minor: 6 },
};
const token = (info: Pkcs11TokenInfo) => summarize('/usr/lib/x86_64-linux-gnu/libykcs11.so', new Uint8Array([1]) as never, info);
const key = (id: string, type: TokenKeyType, displayName: string, extra: Partial<TokenKey> = {}): TokenKey => ({
  id,
  label: `Private key for ${displayName}`,
  labels: [],
  type,
  bits: 256,
  publicKey: undefined,
  publicKeyFrom: 'public-key',
  certificateName: undefined,
  hasPrivateKey: true,
  displayName,
  unusable: undefined,
  ...extra,
});

describe('yubiKeyFirmware', () => {
  it('unpacks ykcs11 minor = b*10+c', () => {
    expect(yubiKeyFirmware('5.43')).toEqual({ major: 5, minor: 4, patch: 3 });
    expect(yubiKeyFirmware('5.70')).toEqual({ major: 5, minor: 7, patch: 0 });
    expect(yubiKeyFirmware('0.0')).toBeUndefined();
    expect(yubiKeyFirmware(undefined)).toBeUndefined();
  });
});

describe('tokenHealth', () => {
  it('a YubiKey 5.4.3 holding an ECDSA key in 9c: EUCLEAK is a danger naming the key, model and serial', () => {
    const h = tokenHealth(token(yubikey(5, 43)), [key('02', 'ecdsa-p256', 'slot 9c (Digital Signature)', { alwaysAuthenticate: true })]);
    expect(h.known).toBe(true);
    expect(h.firmware).toBe('5.4.3');
    expect(h.summary).toBe('YubiKey YK5 #18158855, firmware 5.4.3: EUCLEAK (firmware older than 5.7)');
    const eucleak = h.notes.find((n) => n.code === 'firmware-eucleak');
    expect(eucleak?.level).toBe('danger');
    expect(eucleak?.message).toContain('YubiKey YK5 #18158855 runs firmware 5.4.3, older than 5.7');
    expect(eucleak?.message).toContain('its ECDSA key (slot 9c (Digital Signature)) can be recovered');
    expect(h.keys).toEqual([{ id: '02', slot: '9c (Digital Signature)', pinPolicy: 'always' }]);
    expect(h.notes.find((n) => n.code === 'key-slot')?.message).toBe('Slot 9c (Digital Signature): the PIN is asked for every signature; touch policy not reported over PKCS#11 (see `ykman piv info`).');
  });

  it('an RSA key on old firmware is a warning, not a danger; slot 9a and a retired slot are named', () => {
    const h = tokenHealth(token(yubikey(5, 27)), [key('01', 'rsa', 'slot 9a (Authentication)'), key('05', 'rsa', 'slot 82 (Retired Key Management)', { alwaysAuthenticate: false })]);
    expect(h.notes.find((n) => n.code === 'firmware-eucleak')?.level).toBe('warning');
    expect(h.keys).toEqual([
      { id: '01', slot: '9a (Authentication)' },
      { id: '05', slot: '82 (Retired Key Management)', pinPolicy: 'not every signature' },
    ]);
    expect(h.notes.find((n) => n.message.startsWith('Slot 9a'))?.message).toContain('PIN policy not reported by the module');
  });

  it('firmware 5.7.0 and later: no advisory', () => {
    for (const minor of [70, 71, 80]) {
      const h = tokenHealth(token(yubikey(5, minor)), [key('02', 'ecdsa-p384', 'slot 9c (Digital Signature)')]);
      expect(h.notes.map((n) => n.code)).toEqual(['key-slot']);
      expect(h.summary).toMatch(/: no known firmware advisory$/);
    }
  });

  it('a YubiKey whose firmware the module could not read says it cannot judge', () => {
    const h = tokenHealth(token(yubikey(0, 0)), []);
    expect(h.summary).toBe('YubiKey YK5 #18158855: firmware unknown');
    expect(h.notes[0]).toMatchObject({ level: 'warning', code: 'firmware-unknown' });
  });

  it('SoftHSM2 is not a YubiKey: "no health data", never a firmware verdict', () => {
    const h = tokenHealth(token(softhsm), [key('01', 'ecdsa-p256', 'holder')]);
    expect(h.known).toBe(false);
    expect(h.summary).toBe('no health data (SoftHSM project SoftHSM v2 is not a YubiKey; firmware and slot checks apply to YubiKeys only)');
    expect(h.notes.map((n) => n.code)).toEqual(['no-health-data']);
    expect(h.firmware).toBeUndefined();
  });
});
