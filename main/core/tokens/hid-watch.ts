// Noticing security keys being plugged in and out (node-hid), to refresh the token list and name
// the device ("YubiKey 5 plugged in"). Detection only: HID is never used to sign, and a device
// whose HID node this user may not open is still reported, with how to fix the permission.
//
// node-hid has no hot-plug events, so this polls the device list (a cheap enumeration, no opening).

import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  usagePage?: number | undefined;
}

export interface SecurityKey {
  /** Stable while plugged in: vendor:product:serial (+ #n for identical keys). */
  id: string;
  /** "Yubico YubiKey OTP+FIDO+CCID" */
  name: string;
  vendor: string;
  vendorId: number;
  productId: number;
  serial: string | undefined;
  /** This user may not open the device's HID node (Linux udev). Detection still works. */
  accessDenied: boolean;
}

export type SecurityKeyEvent =
  | { type: 'plugged'; key: SecurityKey }
  | { type: 'unplugged'; key: SecurityKey }
  | { type: 'access-denied'; key: SecurityKey; message: string; udevRule: string }
  | { type: 'unavailable'; message: string };

/** USB vendor ids of security keys. Shared ids (pid.codes, STMicro) need a product id too. */
export const SECURITY_KEY_VENDORS: { vendorId: number; vendor: string; brand?: string; productIds?: number[] }[] = [
  { vendorId: 0x1050, vendor: 'Yubico', brand: 'YubiKey' },
  { vendorId: 0x20a0, vendor: 'Nitrokey' },
  { vendorId: 0x18d1, vendor: 'Google Titan', productIds: [0x5026, 0x9470] },
  { vendorId: 0x096e, vendor: 'Feitian' },
  { vendorId: 0x311f, vendor: 'Feitian' },
  { vendorId: 0x1ea8, vendor: 'Thetis' },
  { vendorId: 0x349e, vendor: 'Token2' },
  { vendorId: 0x2ccf, vendor: 'HyperFIDO' },
  { vendorId: 0x1d50, vendor: 'OnlyKey', productIds: [0x60fc] },
  { vendorId: 0x0483, vendor: 'SoloKeys', productIds: [0xa2ca] },
  { vendorId: 0x1209, vendor: 'SoloKeys', productIds: [0xbeee, 0x5070] },
  { vendorId: 0x24dc, vendor: 'Aladdin' },
  { vendorId: 0x0529, vendor: 'SafeNet' },
  { vendorId: 0x1a44, vendor: 'VASCO' },
];

const YUBICO_PRODUCTS: Record<number, string> = {
  0x0010: 'YubiKey', 0x0110: 'YubiKey NEO', 0x0111: 'YubiKey NEO', 0x0116: 'YubiKey NEO', 0x0120: 'Security Key by Yubico',
  0x0401: 'YubiKey 5 (OTP)', 0x0402: 'YubiKey 5 (FIDO)', 0x0403: 'YubiKey 5 (OTP+FIDO)', 0x0404: 'YubiKey 5 (CCID)',
  0x0405: 'YubiKey 5 (OTP+CCID)', 0x0406: 'YubiKey 5 (FIDO+CCID)', 0x0407: 'YubiKey 5 (OTP+FIDO+CCID)', 0x0410: 'YubiKey Plus',
};

const FIDO_USAGE_PAGE = 0xf1d0;

function vendorEntry(device: HidDeviceInfo) {
  return SECURITY_KEY_VENDORS.find((v) => v.vendorId === device.vendorId && (!v.productIds || v.productIds.includes(device.productId)));
}

export function vendorOf(device: HidDeviceInfo): string | undefined {
  return vendorEntry(device)?.vendor;
}

/** "YubiKey OTP+FIDO+CCID", "Nitrokey 3", "Feitian ePass FIDO": the product, with the vendor when it does not say it. */
export function deviceName(device: HidDeviceInfo): string {
  const entry = vendorEntry(device);
  const vendor = entry?.vendor ?? 'Security key';
  const product = device.product?.trim() || (device.vendorId === 0x1050 ? YUBICO_PRODUCTS[device.productId] : undefined);
  if (!product) return `${vendor} key (USB ${hex4(device.vendorId)}:${hex4(device.productId)})`;
  const lower = product.toLowerCase();
  return lower.includes(vendor.toLowerCase()) || (entry?.brand !== undefined && lower.includes(entry.brand.toLowerCase())) ? product : `${vendor} ${product}`;
}

/** The udev rule that lets the logged-in user read security keys' HID nodes. */
export function udevRuleFor(vendorIds: number[]): string {
  const rules = [...new Set(vendorIds)].map((v) => `KERNEL=="hidraw*", SUBSYSTEM=="hidraw", ATTRS{idVendor}=="${hex4(v)}", TAG+="uaccess", MODE="0660"`);
  return rules.join('\n');
}

export function accessDeniedMessage(key: SecurityKey, platform: NodeJS.Platform): string {
  if (platform !== 'linux') {
    return `${key.name} is plugged in but this user may not open it; signing through PKCS#11 does not need this, only the device name does`;
  }
  return (
    `${key.name} is plugged in, but this user may not open its HID device, so it is named from its USB ids only. ` +
    `Signing through PKCS#11 does not need HID access. To allow it, save this line as /etc/udev/rules.d/70-rstuf-signer-security-keys.rules:\n` +
    `${udevRuleFor([key.vendorId])}\n` +
    `then run: sudo udevadm control --reload-rules && sudo udevadm trigger (or install your distribution's libu2f-udev / yubikey-manager package)`
  );
}

/** Group HID interfaces into physical keys (a YubiKey shows an OTP and a FIDO interface). */
export function securityKeysFrom(devices: HidDeviceInfo[], canAccess: (path: string) => boolean): SecurityKey[] {
  const groups = new Map<string, HidDeviceInfo[]>();
  for (const device of devices) {
    if (!vendorOf(device)) continue;
    const id = `${hex4(device.vendorId)}:${hex4(device.productId)}:${device.serialNumber?.trim() ?? ''}`;
    groups.set(id, [...(groups.get(id) ?? []), device]);
  }
  const keys: SecurityKey[] = [];
  for (const [id, interfaces] of groups) {
    const fido = interfaces.filter((d) => d.usagePage === FIDO_USAGE_PAGE);
    // Identical keys without a serial: count their FIDO interfaces, one per physical key.
    const copies = fido.length > 1 ? fido : [interfaces[0] as HidDeviceInfo];
    copies.forEach((first, index) => {
      const members = copies.length > 1 ? [first] : interfaces;
      const accessDenied = members.every((d) => d.path !== undefined && !canAccess(d.path));
      keys.push({
        id: index === 0 ? id : `${id}#${index + 1}`,
        name: deviceName(first),
        vendor: vendorOf(first) as string,
        vendorId: first.vendorId,
        productId: first.productId,
        serial: first.serialNumber?.trim() || undefined,
        accessDenied,
      });
    });
  }
  return keys.sort((a, b) => a.id.localeCompare(b.id));
}

export interface WatchOptions {
  intervalMs?: number;
  platform?: NodeJS.Platform;
  /** For tests: the HID device list (default: node-hid devicesAsync). */
  enumerate?: () => Promise<HidDeviceInfo[]>;
  /** For tests: may this user open the device node? */
  canAccess?: (path: string) => boolean;
}

export interface SecurityKeyWatcher {
  /** Keys plugged in at the last poll. */
  current(): SecurityKey[];
  /** Poll now (also done every intervalMs). */
  refresh(): Promise<void>;
  stop(): void;
}

export function watchSecurityKeys(onChange: (event: SecurityKeyEvent) => void, options: WatchOptions = {}): SecurityKeyWatcher {
  const platform = options.platform ?? process.platform;
  const enumerate = options.enumerate ?? nodeHidEnumerator();
  const canAccess = options.canAccess ?? defaultCanAccess(platform);
  let known = new Map<string, SecurityKey>();
  const deniedReported = new Set<string>();
  let unavailableReported = false;
  let stopped = false;
  let running: Promise<void> | undefined;

  const poll = async (): Promise<void> => {
    let devices: HidDeviceInfo[];
    try {
      devices = await enumerate();
    } catch (error) {
      if (!unavailableReported) {
        unavailableReported = true;
        onChange({ type: 'unavailable', message: hidUnavailableMessage(error, platform) });
      }
      return;
    }
    unavailableReported = false;
    if (stopped) return;
    const now = new Map(securityKeysFrom(devices, canAccess).map((k) => [k.id, k]));
    for (const [id, key] of known) if (!now.has(id)) onChange({ type: 'unplugged', key });
    for (const [id, key] of now) {
      if (known.has(id)) continue;
      onChange({ type: 'plugged', key });
      if (key.accessDenied && !deniedReported.has(id)) {
        deniedReported.add(id);
        onChange({ type: 'access-denied', key, message: accessDeniedMessage(key, platform), udevRule: udevRuleFor([key.vendorId]) });
      }
    }
    for (const id of deniedReported) if (!now.has(id)) deniedReported.delete(id);
    known = now;
  };
  const refresh = (): Promise<void> => {
    // One poll at a time: a slow enumeration must not interleave with the next tick.
    running ??= poll().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void refresh(), options.intervalMs ?? 1500);
  timer.unref?.();
  void refresh();
  return {
    current: () => [...known.values()],
    refresh,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

function nodeHidEnumerator(): () => Promise<HidDeviceInfo[]> {
  let hid: { devicesAsync(): Promise<HidDeviceInfo[]> } | undefined;
  return async () => {
    hid ??= createRequire(import.meta.url)('node-hid') as { devicesAsync(): Promise<HidDeviceInfo[]> };
    return hid.devicesAsync();
  };
}

function defaultCanAccess(platform: NodeJS.Platform): (path: string) => boolean {
  if (platform !== 'linux') return () => true;
  return (path) => {
    if (!path.startsWith('/dev/')) return true; // libusb paths ("1-2:1.0") are not files
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
}

export function hidUnavailableMessage(error: unknown, platform: NodeJS.Platform): string {
  const detail = String((error as Error)?.message ?? error).split('\n')[0];
  const hint =
    platform === 'linux'
      ? 'install libusb-1.0-0 (sudo apt-get install libusb-1.0-0) and check the udev rules for your keys'
      : 'reinstall rstuf-signer for this system';
  return `security keys cannot be detected automatically (${detail}); ${hint}. Signing through PKCS#11 still works: refresh the token list by hand`;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
