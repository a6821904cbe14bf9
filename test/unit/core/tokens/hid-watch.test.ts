import { describe, expect, it } from 'vitest';
import { securityKeysFrom, udevRuleFor, watchSecurityKeys, type HidDeviceInfo, type SecurityKeyEvent } from '../../../../main/core/tokens/hid-watch.js';

const yubikeyOtp: HidDeviceInfo = { vendorId: 0x1050, productId: 0x0407, path: '/dev/hidraw0', product: 'YubiKey OTP+FIDO+CCID', usagePage: 1 };
const yubikeyFido: HidDeviceInfo = { ...yubikeyOtp, path: '/dev/hidraw1', usagePage: 0xf1d0 };
const nitrokey: HidDeviceInfo = { vendorId: 0x20a0, productId: 0x42b2, path: '/dev/hidraw2', product: 'Nitrokey 3', serialNumber: 'A1B2', usagePage: 0xf1d0 };
const mouse: HidDeviceInfo = { vendorId: 0x046d, productId: 0xc077, path: '/dev/hidraw3', product: 'USB Optical Mouse' };
const unknownOnSharedVid: HidDeviceInfo = { vendorId: 0x1209, productId: 0x0001, path: '/dev/hidraw4', product: 'hobby board' };

/** A watcher driven by hand: each refresh() takes the next device list. */
function scripted(lists: (HidDeviceInfo[] | Error)[], canAccess: (path: string) => boolean = () => true) {
  const events: SecurityKeyEvent[] = [];
  let step = 0;
  const watcher = watchSecurityKeys((e) => events.push(e), {
    platform: 'linux',
    intervalMs: 3_600_000,
    canAccess,
    enumerate: async () => {
      const next = lists[Math.min(step++, lists.length - 1)] as HidDeviceInfo[] | Error;
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { events, watcher };
}

describe('security key detection over HID', () => {
  it('knows YubiKey, Nitrokey and other key vendors, ignores mice and unknown devices on shared vendor ids', () => {
    const keys = securityKeysFrom([yubikeyOtp, yubikeyFido, nitrokey, mouse, unknownOnSharedVid], () => true);
    expect(keys.map((k) => k.name)).toEqual(['YubiKey OTP+FIDO+CCID', 'Nitrokey 3']);
    const [feitian] = securityKeysFrom([{ vendorId: 0x096e, productId: 0x0858, product: 'ePass FIDO', path: '/dev/hidraw5' }], () => true);
    expect(feitian?.name).toBe('Feitian ePass FIDO');
  });

  it('counts one YubiKey for its OTP and FIDO interfaces, and two identical keys as two', () => {
    expect(securityKeysFrom([yubikeyOtp, yubikeyFido], () => true)).toHaveLength(1);
    const second = { ...yubikeyFido, path: '/dev/hidraw9' };
    expect(securityKeysFrom([yubikeyOtp, yubikeyFido, second], () => true)).toHaveLength(2);
  });

  it('names a YubiKey by product id when the HID product string is unreadable', () => {
    const [key] = securityKeysFrom([{ vendorId: 0x1050, productId: 0x0406, path: '/dev/hidraw0' }], () => true);
    expect(key?.name).toBe('YubiKey 5 (FIDO+CCID)');
  });

  it('emits plugged and unplugged with the device name as keys come and go', async () => {
    const { events, watcher } = scripted([[], [yubikeyOtp, yubikeyFido], [yubikeyOtp, yubikeyFido, nitrokey], [nitrokey]]);
    await watcher.refresh();
    await watcher.refresh();
    await watcher.refresh();
    await watcher.refresh();
    watcher.stop();
    expect(events.map((e) => (e.type === 'plugged' || e.type === 'unplugged' ? `${e.type} ${e.key.name}` : e.type))).toEqual([
      'plugged YubiKey OTP+FIDO+CCID',
      'plugged Nitrokey 3',
      'unplugged YubiKey OTP+FIDO+CCID',
    ]);
    expect(watcher.current().map((k) => k.name)).toEqual(['Nitrokey 3']);
  });

  it('when udev does not let this user open the key, says how to fix it instead of failing, once per plug-in', async () => {
    const { events, watcher } = scripted([[yubikeyOtp, yubikeyFido]], () => false);
    await watcher.refresh();
    await watcher.refresh();
    watcher.stop();
    const denied = events.filter((e) => e.type === 'access-denied');
    expect(denied).toHaveLength(1);
    const event = denied[0] as Extract<SecurityKeyEvent, { type: 'access-denied' }>;
    expect(event.udevRule).toBe('KERNEL=="hidraw*", SUBSYSTEM=="hidraw", ATTRS{idVendor}=="1050", TAG+="uaccess", MODE="0660"');
    expect(event.message).toContain('/etc/udev/rules.d/70-rstuf-signer-security-keys.rules');
    expect(event.message).toContain('sudo udevadm control --reload-rules && sudo udevadm trigger');
    expect(event.message).toContain('Signing through PKCS#11 does not need HID access');
    expect(events.some((e) => e.type === 'plugged' && e.key.accessDenied)).toBe(true);
  });

  it('reports HID being unavailable once, with what to install, and recovers when it comes back', async () => {
    const { events, watcher } = scripted([new Error('libusb-1.0.so.0: cannot open shared object file'), new Error('again'), [nitrokey]]);
    await watcher.refresh();
    await watcher.refresh();
    await watcher.refresh();
    watcher.stop();
    expect(events.map((e) => e.type)).toEqual(['unavailable', 'plugged']);
    const first = events[0] as Extract<SecurityKeyEvent, { type: 'unavailable' }>;
    expect(first.message).toContain('libusb-1.0.so.0: cannot open shared object file');
    expect(first.message).toContain('sudo apt-get install libusb-1.0-0');
  });

  it('writes one udev line per vendor', () => {
    expect(udevRuleFor([0x1050, 0x20a0, 0x1050]).split('\n')).toHaveLength(2);
  });
});
