// Navigation, window, webview, permission, device and network policies, with adversarial URL tables.
import { describe, expect, it } from 'vitest';
import { debuggingSwitch, DEVICE_CHOOSER_EVENTS, isDevicePermissionGranted, isNavigationAllowed, isPermissionGranted, isRequestAllowed, isWebviewAllowed, PERMISSIONS_GRANTED_WHEN, windowOpenDecision, type PermissionContext } from '../../main/shells/electron/security/guards.js';
import { isAppUrl } from '../../main/shells/electron/security/origin.js';

const HOSTILE_URLS = [
  'https://example.com/',
  'http://127.0.0.1:8080/',
  'file:///etc/passwd',
  'app://evil/index.html',
  'app://signer.evil/index.html',
  'app://signer@evil/index.html',
  'app://user:pass@signer/index.html',
  'app://signer:8080/index.html',
  'app://evil/app://signer/',
  'APP://SIGNER/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:app://signer/1234',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'ws://127.0.0.1/',
  '//signer/index.html',
  'app:signer/index.html',
  '',
  'not a url',
];

describe('isAppUrl / navigation', () => {
  it.each(['app://signer/index.html', 'app://signer/', 'app://signer/assets/index-abc.js', 'app://signer/index.html#/review'])('accepts the app page %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
    expect(isNavigationAllowed(url)).toBe(true);
  });

  it.each(HOSTILE_URLS)('refuses %j', (url) => {
    expect(isAppUrl(url)).toBe(false);
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['app://signer/'], 'app://signer/' + 'a'.repeat(5000)])('refuses non-URL input %#', (value) => {
    expect(isAppUrl(value)).toBe(false);
  });
});

describe('new windows and webviews', () => {
  it.each(['https://example.com', 'app://signer/index.html', 'about:blank'])('window.open(%j) is denied', (url) => {
    expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
  });

  it('never attaches a webview', () => {
    expect(isWebviewAllowed()).toBe(false);
  });
});

describe('permissions', () => {
  it.each(['hid', 'usb', 'serial', 'bluetooth', 'media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'pointerLock', 'midi', 'idle-detection', 'fileSystem', 'unknown'])('%s is denied', (permission) => {
    expect(isPermissionGranted(permission, { origin: 'app://signer/index.html' })).toBe(false);
    // Even while a QR scan is open, nothing but the camera is granted.
    expect(isPermissionGranted(permission === 'media' ? 'hid' : permission, { origin: 'app://signer/index.html', mediaTypes: ['video'], scanning: true })).toBe(false);
  });

  // The one exception, as data: the camera, video only, for the app's own page, while the Scan screen has a scan open.
  it('lists the camera as the only permission ever granted', () => {
    expect(PERMISSIONS_GRANTED_WHEN).toEqual({ media: { mediaTypes: ['video'], appOriginOnly: true, onlyWhileScanning: true } });
  });

  it('grants the camera (video only) to the app page while a scan is open', () => {
    expect(isPermissionGranted('media', { origin: 'app://signer/index.html', mediaTypes: ['video'], scanning: true })).toBe(true);
    // Electron's check handler names the origin alone.
    expect(isPermissionGranted('media', { origin: 'app://signer', mediaTypes: ['video'], scanning: true })).toBe(true);
  });

  it.each<[string, PermissionContext]>([
    ['no scan open', { origin: 'app://signer/index.html', mediaTypes: ['video'], scanning: false }],
    ['scan state unknown', { origin: 'app://signer/index.html', mediaTypes: ['video'] }],
    ['audio too', { origin: 'app://signer/index.html', mediaTypes: ['audio', 'video'], scanning: true }],
    ['audio only', { origin: 'app://signer/index.html', mediaTypes: ['audio'], scanning: true }],
    ['no media type named', { origin: 'app://signer/index.html', mediaTypes: [], scanning: true }],
    ['media types not a list', { origin: 'app://signer/index.html', mediaTypes: 'video', scanning: true }],
    ['an unknown media type', { origin: 'app://signer/index.html', mediaTypes: [undefined], scanning: true }],
    ...HOSTILE_URLS.map((origin): [string, PermissionContext] => [`page ${JSON.stringify(origin)}`, { origin, mediaTypes: ['video'], scanning: true }]),
  ])('refuses the camera: %s', (_what, ctx) => {
    expect(isPermissionGranted('media', ctx)).toBe(false);
  });

  it('grants no WebHID/WebUSB/WebSerial device', () => {
    expect(isDevicePermissionGranted({ deviceType: 'hid', origin: 'app://signer' })).toBe(false);
    expect(isDevicePermissionGranted({ deviceType: 'usb', origin: 'app://signer' })).toBe(false);
  });

  it('covers every device chooser event', () => {
    expect([...DEVICE_CHOOSER_EVENTS].sort()).toEqual(['select-bluetooth-device', 'select-hid-device', 'select-serial-port', 'select-usb-device']);
  });
});

describe('network requests', () => {
  it('allows only the app origin', () => {
    expect(isRequestAllowed('app://signer/index.html')).toBe(true);
    expect(isRequestAllowed('app://signer/assets/app.css')).toBe(true);
  });

  it.each(HOSTILE_URLS)('cancels %j', (url) => {
    expect(isRequestAllowed(url)).toBe(false);
  });

  it('allows devtools:// only when asked (unpackaged builds)', () => {
    expect(isRequestAllowed('devtools://devtools/bundled/inspector.html', true)).toBe(true);
    expect(isRequestAllowed('devtools://devtools/bundled/inspector.html', false)).toBe(false);
    expect(isRequestAllowed('https://example.com/', true)).toBe(false);
  });
});

describe('debugging switches (packaged app)', () => {
  // Chromium's remote debugging would hand the page, and so window.signer, to whoever connects to it;
  // devTools: false does not turn it off. The packaged app refuses to start with it.
  it.each([
    ['--remote-debugging-port=9222'],
    ['--remote-debugging-port', '9222'],
    ['--remote-debugging-pipe'],
    ['--REMOTE-DEBUGGING-PORT=1'],
    ['--inspect'],
    ['--inspect-brk=0'],
    ['--js-flags=--allow-natives-syntax'],
    ['-remote-debugging-port=9222'],
  ])('names %s', (...args) => {
    expect(debuggingSwitch(['/opt/rstuf/rstuf-signer', ...args])).toBeDefined();
  });

  it('lets ordinary arguments through', () => {
    expect(debuggingSwitch(['/opt/rstuf/rstuf-signer', '--no-sandbox-is-not-here', 'bundle-folder'])).toBeUndefined();
    expect(debuggingSwitch(['/opt/rstuf/rstuf-signer'])).toBeUndefined();
  });
});
