// Token health, said before a key holder relies on a token: for a YubiKey (ykcs11), its model,
// serial and firmware, a warning when the firmware is older than 5.7 (EUCLEAK, Yubico security
// advisory YSA-2024-03: the Infineon library's ECDSA leaks the private key to someone who holds the
// key and measures it), which PIV slot each key lives in, and whether the PIN is asked for every
// signature where the module tells. Other tokens get no health data, and are told so.

import type { TokenKey, TokenSummary } from './token-list.js';
import { isYubiKeyPiv, pivSlotName } from './token-list.js';

/** First YubiKey firmware with Yubico's own cryptographic library (not affected by EUCLEAK). */
export const EUCLEAK_FIXED_FIRMWARE = { major: 5, minor: 7, patch: 0 } as const;

export type HealthLevel = 'danger' | 'warning' | 'info';

export interface HealthNote {
  level: HealthLevel;
  code: 'firmware-eucleak' | 'firmware-unknown' | 'key-slot' | 'no-health-data';
  message: string;
}

export interface KeyHealth {
  /** CKA_ID, as `rstuf-signer tokens` prints it. */
  id: string;
  /** "9c (Digital Signature)", for a YubiKey PIV key. */
  slot?: string;
  /** "always" (every signature), "not every signature", or absent when the module does not tell. */
  pinPolicy?: 'always' | 'not every signature';
}

export interface TokenHealth {
  /** False for tokens this signer has no health rules for (SoftHSM2, OpenSC cards, HSMs). */
  known: boolean;
  /** One line for lists: "YubiKey YK5 #18158855, firmware 5.4.3: EUCLEAK (firmware older than 5.7)". */
  summary: string;
  notes: HealthNote[];
  keys: KeyHealth[];
  /** The firmware as the vendor writes it ("5.4.3"), when known. */
  firmware?: string;
}

/**
 * ykcs11 packs the PIV applet's version a.b.c into CK_VERSION as major a, minor b*10+c (yubico-piv-tool
 * ykcs11/token.c, get_token_version), so "5.43" from token info is firmware 5.4.3.
 */
export function yubiKeyFirmware(firmware: string | undefined): { major: number; minor: number; patch: number } | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(firmware ?? '');
  if (!m) return undefined;
  const major = Number(m[1]);
  const packed = Number(m[2]);
  if (major === 0 && packed === 0) return undefined; // ykcs11 writes 0.0 when it could not read the version
  return { major, minor: Math.floor(packed / 10), patch: packed % 10 };
}

const before = (v: { major: number; minor: number; patch: number }, w: { major: number; minor: number; patch: number }): boolean =>
  v.major !== w.major ? v.major < w.major : v.minor !== w.minor ? v.minor < w.minor : v.patch < w.patch;

const isEcdsa = (k: TokenKey): boolean => k.type === 'ecdsa-p256' || k.type === 'ecdsa-p384' || k.type === 'ecdsa-p521';

export function tokenHealth(token: TokenSummary, keys: readonly TokenKey[]): TokenHealth {
  if (!isYubiKeyPiv(token)) {
    const what = [token.manufacturer, token.model].filter(Boolean).join(' ') || token.displayName;
    return {
      known: false,
      summary: `no health data (${what} is not a YubiKey; firmware and slot checks apply to YubiKeys only)`,
      notes: [{ level: 'info', code: 'no-health-data', message: `No health data for ${token.displayName}: ${what} is not a YubiKey, and this signer knows no firmware advisories for it.` }],
      keys: keys.map((k) => ({ id: k.id, ...pinPolicyOf(k) })),
    };
  }
  const name = `${token.model || 'YubiKey'} #${token.serial || '(no serial)'}`;
  const version = yubiKeyFirmware(token.firmware);
  const firmware = version ? `${version.major}.${version.minor}.${version.patch}` : undefined;
  const notes: HealthNote[] = [];
  const ecdsa = keys.filter(isEcdsa);
  if (!version) {
    notes.push({ level: 'warning', code: 'firmware-unknown', message: `${name}: the module does not tell the firmware version, so this signer cannot say whether it is affected by EUCLEAK (firmware older than 5.7); check it with \`ykman info\`.` });
  } else if (before(version, EUCLEAK_FIXED_FIRMWARE)) {
    const keysSaid = ecdsa.length > 0 ? `its ECDSA key${ecdsa.length === 1 ? '' : 's'} (${ecdsa.map((k) => k.displayName).join(', ')}) can be recovered` : 'an ECDSA key on it could be recovered';
    notes.push({
      level: ecdsa.length > 0 ? 'danger' : 'warning',
      code: 'firmware-eucleak',
      message: `${name} runs firmware ${firmware}, older than 5.7: EUCLEAK (Yubico YSA-2024-03) means ${keysSaid} by someone who holds the YubiKey for a while with lab equipment. Firmware cannot be updated; keep it in your own custody, or move the root key to a YubiKey with firmware 5.7 or later${ecdsa.length > 0 ? ' (RSA and ed25519 keys are not affected)' : ''}.`,
    });
  }
  const keyHealth = keys.map((k): KeyHealth => {
    const slot = pivSlotName(k.id)?.replace(/^slot /, '');
    return { id: k.id, ...(slot ? { slot } : {}), ...pinPolicyOf(k) };
  });
  for (const k of keyHealth) {
    const pin = k.pinPolicy === 'always' ? 'the PIN is asked for every signature' : k.pinPolicy ? 'the PIN is not asked for every signature' : 'PIN policy not reported by the module';
    notes.push({ level: 'info', code: 'key-slot', message: `${k.slot ? `Slot ${k.slot}` : `Key id ${k.id || '(none)'}`}: ${pin}; touch policy not reported over PKCS#11 (see \`ykman piv info\`).` });
  }
  const state = notes.find((n) => n.code === 'firmware-eucleak') ? 'EUCLEAK (firmware older than 5.7)' : version ? 'no known firmware advisory' : 'firmware unknown';
  return { known: true, summary: `${name}${firmware ? `, firmware ${firmware}` : ''}: ${state}`, notes, keys: keyHealth, ...(firmware ? { firmware } : {}) };
}

function pinPolicyOf(k: TokenKey): Pick<KeyHealth, 'pinPolicy'> {
  if (k.alwaysAuthenticate === undefined) return {};
  return { pinPolicy: k.alwaysAuthenticate ? 'always' : 'not every signature' };
}
