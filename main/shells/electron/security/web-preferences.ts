// BrowserWindow webPreferences for every window, as data (electron security checklist #2-#4,
// #11; house style 5.5.1). test/config asserts each value, so a refactor cannot weaken one silently.
// Type-only import: this file runs in plain Node tests.

import type { WebPreferences } from 'electron';

export const SECURE_WEB_PREFERENCES = {
  // Renderer in Chromium's OS sandbox, preload in an isolated world, no Node anywhere in web content.
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  // Same-origin policy on; no http content inside the app's https-like origin.
  webSecurity: true,
  allowRunningInsecureContent: false,
  // <webview> could host arbitrary pages with their own preferences.
  webviewTag: false,
  experimentalFeatures: false,
  enableWebSQL: false,
  // The spellchecker downloads dictionaries from Google: the app makes no network request.
  spellcheck: false,
  navigateOnDragDrop: false,
  autoplayPolicy: 'document-user-activation-required',
  safeDialogs: true,
} as const satisfies WebPreferences;

/** webPreferences for the main window: the secure set, the preload, and devtools only when unpackaged. */
export function secureWebPreferences(preloadPath: string, isPackaged: boolean): WebPreferences {
  return { ...SECURE_WEB_PREFERENCES, preload: preloadPath, devTools: !isPackaged };
}
