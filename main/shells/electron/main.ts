// Electron entry point: app lifecycle only. Everything that decides anything lives in plain Node
// modules (main/services, main/services) or in security data (./security); this file wires them to Electron.
// Runs only where the Electron binary exists (see docs/desktop-app.md; otherwise `npm start` uses
// the browser shell).

import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appDataDir, appPaths, migrateLegacyTrustStore } from '../../core/platform/data-dir.js';
import { createAppServices } from '../../services/services.js';
import { CameraGate } from '../../services/qr.js';
import { devicesEventFrom } from '../../services/tokens.js';
import { createDispatcher } from '../../services/dispatcher.js';
import { createElectronDialogs } from './dialogs.js';
import { createSecretPrompt } from './secret-window.js';
import { hardenApp, hardenSession } from './hardening.js';
import { APP_SCHEME_REGISTRATION, registerAppProtocol } from './protocol.js';
import { createWebContentsEventSink, registerIpc, registerSecretAnswers } from './register.js';
import { debuggingSwitch } from './security/guards.js';
import { createMainWindow } from './window.js';

// out/main/shells/electron/main.js -> the app root (where out/renderer and package.json are).
const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const RENDERER_DIR = join(APP_ROOT, 'out/renderer');
const PRELOAD_PATH = join(APP_ROOT, 'out/main/shells/electron/preload.cjs');
const SECRET_PRELOAD_PATH = join(APP_ROOT, 'out/main/shells/electron/secret-preload.cjs');

// The data folder shared with the CLI (main/core/platform/data-dir.ts), unless --data-dir DIR or
// RSTUF_SIGNER_DATA_DIR names another (tests, or a second ceremony profile on one laptop).
// Chromium's own files go to a folder of their own inside it (which also scopes the single-instance lock).
const { dataDir, isDefault } = appDataDir(process.argv);
const moved = isDefault ? migrateLegacyTrustStore() : undefined;
if (moved !== undefined) console.warn(`rstuf-signer: ${moved}`);
app.setPath('userData', appPaths(dataDir).electronProfile);

// A packaged app never runs under a debugger: Chromium's remote debugging ignores devTools: false.
const refusedSwitch = app.isPackaged ? debuggingSwitch(process.argv) : undefined;
if (refusedSwitch !== undefined) {
  console.error(`rstuf-signer: refusing to start with ${refusedSwitch.split('=')[0]}: it would let another program control the signer`);
  app.exit(1);
}

// Before ready: every renderer sandboxed (also the ones Electron creates itself), app:// privileged.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_REGISTRATION]);
hardenApp(app);
// Open while the Scan screen has a QR scan running: the one time the camera may be granted.
const camera = new CameraGate();
// Any session created later (none is, today) gets the same deny-all policies as the default one.
app.on('session-created', (created) => hardenSession(created, { allowDevtools: !app.isPackaged, scanning: () => camera.wanted }));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, { allowDevtools: !app.isPackaged, scanning: () => camera.wanted });
    registerAppProtocol(protocol, RENDERER_DIR);
    const events = createWebContentsEventSink(() => mainWindow?.webContents);
    const services = createAppServices({
      dataDir,
      dialogs: createElectronDialogs(dialog, () => mainWindow, createSecretPrompt({ Window: BrowserWindow, answers: registerSecretAnswers(ipcMain), parent: () => mainWindow, preloadPath: SECRET_PRELOAD_PATH })),
      shell: 'electron',
      appVersion: app.getVersion(),
      events,
      camera,
    });
    registerIpc(ipcMain, createDispatcher(services));
    mainWindow = createMainWindow(BrowserWindow, { preloadPath: PRELOAD_PATH, isPackaged: app.isPackaged });
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
    // Plug/unplug of security keys (node-hid); optional: without it the token list is refreshed by hand.
    try {
      const { watchSecurityKeys } = await import('../../core/tokens/hid-watch.js');
      const watcher = watchSecurityKeys((event) => devicesEventFrom(event, events));
      app.on('will-quit', () => watcher.stop());
    } catch (error) {
      console.warn('rstuf-signer: security key detection is unavailable:', error instanceof Error ? error.message : error);
    }
  });
}
