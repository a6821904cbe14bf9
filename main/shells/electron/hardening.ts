// Wires the deny-by-default policies of security/guards.ts into Electron objects. The objects are
// parameters (not imported), so test/unit/services tests this wiring with fakes; main.ts passes the real
// app, session and web contents. Electron security checklist #4, #5, #11-#14.

import type { App, Session, WebContents } from 'electron';
import { isDevicePermissionGranted, isNavigationAllowed, isPermissionGranted, isRequestAllowed, windowOpenDecision } from './security/guards.js';

// Electron overloads `on` per event name; the fakes and the real objects both accept this shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => void;
type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setSpellCheckerEnabled'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
  on(event: string, listener: Listener): unknown;
};
type ContentsLike = Pick<WebContents, 'setWindowOpenHandler'> & { on(event: string, listener: Listener): unknown };

const hardened = new WeakSet<object>();

/** Idempotent: the default session may be reported by 'session-created' and hardened at ready. */
export function hardenSession(session: SessionLike, options: { allowDevtools: boolean; scanning?: () => boolean }): void {
  if (hardened.has(session)) return;
  hardened.add(session);
  // Permissions (checklist #5): notifications, clipboard, hid, usb, serial... all refused; the camera
  // (video only) only for the app's page while the Scan screen has a scan open (security/guards.ts).
  const scanning = () => options.scanning?.() ?? false;
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, { origin: (details as { requestingUrl?: unknown } | undefined)?.requestingUrl, mediaTypes: (details as { mediaTypes?: unknown } | undefined)?.mediaTypes, scanning: scanning() })),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(permission, { origin: requestingOrigin, mediaTypes: [(details as { mediaType?: unknown } | undefined)?.mediaType], scanning: scanning() }),
  );
  session.setDevicePermissionHandler((details) => isDevicePermissionGranted(details));
  // WebHID/WebUSB/WebSerial choosers: cancel without choosing (tokens are reached from main via PKCS#11).
  session.on('select-hid-device', (e: { preventDefault(): void }, _details: unknown, callback: (id?: string | null) => void) => {
    e.preventDefault();
    callback();
  });
  session.on('select-usb-device', (e: { preventDefault(): void }, _details: unknown, callback: (id?: string) => void) => {
    e.preventDefault();
    callback();
  });
  // The serial chooser passes the web contents before the callback, and cancels on an empty port id.
  session.on('select-serial-port', (e: { preventDefault(): void }, _ports: unknown, _contents: unknown, callback: (portId: string) => void) => {
    e.preventDefault();
    callback('');
  });
  // Network off: every request that is not the app's own app://signer file is cancelled.
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isRequestAllowed(details.url, options.allowDevtools) }));
  session.setSpellCheckerEnabled(false);
}

export function hardenWebContents(contents: ContentsLike): void {
  // A foreign page in this window would see window.signer: no navigation, no redirects, no frames.
  contents.on('will-navigate', (event: { preventDefault(): void }) => event.preventDefault());
  contents.on('will-redirect', (event: { preventDefault(): void }) => event.preventDefault());
  contents.on('will-frame-navigate', (event: { preventDefault(): void; url: string }) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  // New windows: always denied, and never handed to shell.openExternal (the app is air-gapped).
  contents.setWindowOpenHandler((details) => windowOpenDecision(details.url));
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  contents.on('select-bluetooth-device', (event: { preventDefault(): void }, _devices: unknown, callback: (id: string) => void) => {
    event.preventDefault();
    callback('');
  });
}

export function hardenApp(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents as unknown as ContentsLike));
}
