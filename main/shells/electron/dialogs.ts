// Native dialogs for the app services (main/services/dialogs.ts): the only way a path enters main.
// The dialog module is a parameter so tests can use a fake.

import type { BrowserWindow, Dialog } from 'electron';
import { join } from 'node:path';
import type { Dialogs, SecretPromptOptions } from '../../services/dialogs.js';

type DialogLike = Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;

/** Asks for a passphrase or PIN in a small window main owns (main/shells/electron/secret-window.ts). */
export type AskSecret = (options: SecretPromptOptions) => Promise<Buffer | null>;

export function createElectronDialogs(dialog: DialogLike, getWindow: () => BrowserWindow | undefined, askSecret: AskSecret): Dialogs {
  const open = async (title: string, properties: ('openFile' | 'openDirectory' | 'createDirectory')[], filters?: { name: string; extensions: string[] }[]): Promise<string | null> => {
    const win = getWindow();
    const options = { title, properties, ...(filters ? { filters: [...filters, { name: 'All files', extensions: ['*'] }] } : {}) };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  return {
    // Every confirmation and secret is asked by main, outside the page.
    questions: 'main',
    askSecret,
    openFile: (o) => open(o.title, ['openFile'], o.filters),
    openFolder: (o) => open(o.title, ['openDirectory']),
    chooseFolder: (o) => open(o.title, ['openDirectory', 'createDirectory']),
    async saveFile(o) {
      const win = getWindow();
      const options = { title: o.title, defaultPath: o.startIn ? join(o.startIn, o.defaultName) : o.defaultName, ...(o.filters ? { filters: o.filters } : {}), properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async confirm(o) {
      const win = getWindow();
      // Cancel is the default and the Escape answer: only a deliberate click says yes.
      const options = { type: 'warning' as const, title: o.title, message: o.message, detail: o.detail, buttons: ['Cancel', o.confirmLabel], defaultId: 0, cancelId: 0, noLink: true };
      const result = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return result.response === 1;
    },
  };
}
