// The main window, built from SECURE_WEB_PREFERENCES and loading app://signer/index.html.
// The BrowserWindow constructor is a parameter so the options are unit-tested with a fake.

import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './security/origin.js';
import { secureWebPreferences } from './security/web-preferences.js';

export function mainWindowOptions(preloadPath: string, isPackaged: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 840,
    minWidth: 760,
    minHeight: 560,
    show: false,
    title: 'RSTUF Offline Signer',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, isPackaged),
  };
}

type WindowLike = Pick<BrowserWindow, 'once' | 'show' | 'loadURL'>;

export function createMainWindow<W extends WindowLike>(Window: new (options: BrowserWindowConstructorOptions) => W, options: { preloadPath: string; isPackaged: boolean }): W {
  const win = new Window(mainWindowOptions(options.preloadPath, options.isPackaged));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
