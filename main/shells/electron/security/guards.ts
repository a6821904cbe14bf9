// Deny-by-default policies for navigation, new windows, webviews, permissions, devices and network,
// as pure predicates (unit-tested with adversarial URL tables in test/config) plus the thin wiring
// in main/shells/electron/hardening.ts. Electron security checklist #5, #8, #12, #13, #14; house style 5.5.

import { isAppUrl, parseUrl } from './origin.js';

/**
 * Navigation: the app is one page. Any will-navigate / will-redirect / will-frame-navigate away
 * from it is refused (it would put a foreign page where the preload API is exposed). Same-document
 * navigation inside app://signer is allowed only for the app's own URLs (e.g. a reload).
 */
export function isNavigationAllowed(url: unknown): boolean {
  return isAppUrl(url);
}

/** window.open / target=_blank: always denied; the signer never opens links (no shell.openExternal). */
export function windowOpenDecision(_url: unknown): { action: 'deny' } {
  return { action: 'deny' };
}

/** <webview> attach: always refused (webviewTag is false too; this is the second lock). */
export function isWebviewAllowed(): false {
  return false;
}

/**
 * Permissions, as data: every permission request and check is denied (microphone, notifications,
 * geolocation, clipboard, and the device APIs hid, usb, serial, bluetooth: hardware tokens are
 * reached only from main through PKCS#11), except the ones listed here, each only when all of its
 * conditions hold. The camera ('media', video only, never audio) is for the Scan screen's QR codes:
 * only the app's own page, and only while a scan the holder started by clicking is open.
 */
export const PERMISSIONS_GRANTED_WHEN = {
  media: { mediaTypes: ['video'], appOriginOnly: true, onlyWhileScanning: true },
} as const;

export interface PermissionContext {
  /** The URL or origin of the page asking (details.requestingUrl / requestingOrigin). */
  origin?: unknown;
  /** For 'media': what a request asks for (details.mediaTypes) or a check names (details.mediaType). */
  mediaTypes?: unknown;
  /** Has the Scan screen asked for the camera (a QR scan is open)? */
  scanning?: boolean;
}

export function isPermissionGranted(permission: unknown, ctx: PermissionContext = {}): boolean {
  if (permission !== 'media') return false;
  const rule = PERMISSIONS_GRANTED_WHEN.media;
  const types = ctx.mediaTypes;
  // Exactly the listed media types: a request for audio, or audio and video, is refused whole.
  const onlyListed = Array.isArray(types) && types.length > 0 && types.every((t) => (rule.mediaTypes as readonly unknown[]).includes(t));
  return onlyListed && (!rule.appOriginOnly || isAppUrl(ctx.origin)) && (!rule.onlyWhileScanning || ctx.scanning === true);
}

/** setDevicePermissionHandler: no WebHID/WebUSB/WebSerial device is ever granted to web content. */
export function isDevicePermissionGranted(_details: unknown): false {
  return false;
}

/** Network: only app:// (the app's own files) and the devtools scheme (unpackaged only). */
const ALLOWED_REQUEST_SCHEMES = new Set(['app:']);

export function isRequestAllowed(url: unknown, allowDevtools = false): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (ALLOWED_REQUEST_SCHEMES.has(parsed.protocol)) return isAppUrl(url);
  if (allowDevtools && parsed.protocol === 'devtools:') return true;
  return false;
}

/** Device chooser events (select-hid-device, select-usb-device, select-serial-port, select-bluetooth-device). */
export const DEVICE_CHOOSER_EVENTS = ['select-hid-device', 'select-usb-device', 'select-serial-port', 'select-bluetooth-device'] as const;

/**
 * A command-line switch that would open the app to a debugger (Chromium remote debugging, Node
 * inspect, V8 flags), or undefined. devTools: false and the fuses do not cover Chromium's remote
 * debugging, which would hand the page (and window.signer) to whoever connects, so the packaged app
 * refuses to start with any of these. Chromium accepts switches with one or two dashes, any case.
 */
export function debuggingSwitch(argv: readonly string[]): string | undefined {
  return argv.slice(1).find((arg) => /^--?(remote-debugging-(port|pipe|address)|inspect(-brk|-port|-publish-uid)?|js-flags)(=|$)/i.test(arg));
}
