// Passphrases and PINs are typed into a small window main owns, never into the app's page: a
// compromised renderer can then neither read a secret nor fake the prompt. The window shows a
// script-free page from a data: URL (an opaque origin: no storage, service worker or channel shared
// with app://signer) and its own sandboxed preload reads the field, sends it once, and clears it.
// Electron objects are parameters so the wiring is unit-tested with fakes (test/unit/shells).

import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { SecretPromptOptions } from '../../services/dialogs.js';
import { SECURE_WEB_PREFERENCES } from './security/web-preferences.js';


/** Answers arriving on the prompt's channel, with the web contents that sent them (register.ts). */
export interface SecretAnswers {
  listen(handler: (sender: unknown, answer: unknown) => void): () => void;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The prompt page: no script at all (CSP script-src 'none'); the preload does the work. */
export function secretPromptHtml(options: SecretPromptOptions): string {
  const what = options.kind === 'pin' ? 'PIN' : 'passphrase';
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; form-action 'none'">`,
    `<title>${escapeHtml(options.title)}</title>`,
    '<style>body{font:14px system-ui,sans-serif;margin:16px}p{unicode-bidi:isolate}input{width:100%;font-size:16px;margin:8px 0}footer{display:flex;gap:8px;justify-content:flex-end}</style>',
    '</head><body><form id="secret-form">',
    `<h1 style="font-size:16px">${escapeHtml(options.title)}</h1>`,
    `<p><bdi>${escapeHtml(options.message)}</bdi></p>`,
    ...options.detail.split('\n').filter((line) => line.trim() !== '').map((line) => `<p><bdi>${escapeHtml(line)}</bdi></p>`),
    `<label for="secret">${options.purpose === 'new' ? `Choose the ${what} (at least ${options.minLength ?? 0} characters)` : `Enter the ${what}`}</label>`,
    `<input id="secret" type="password" autocomplete="${options.purpose === 'new' ? 'new-password' : 'off'}" autofocus required aria-describedby="secret-error">`,
    // A passphrase being chosen is typed twice; the preload checks both before anything is sent.
    ...(options.purpose === 'new'
      ? [`<label for="secret-again">The ${what} again</label>`, '<input id="secret-again" type="password" autocomplete="new-password" required aria-describedby="secret-error">']
      : []),
    '<p id="secret-error" role="alert" style="color:#a40000"></p>',
    `<footer><button type="button" id="cancel">Cancel</button><button type="submit">${options.purpose === 'new' ? 'Encrypt the key with it' : 'Unlock and sign'}</button></footer>`,
    // What the preload checks a new passphrase against (it cannot see these options otherwise).
    ...(options.purpose === 'new' ? [`<meta name="min-length" content="${options.minLength ?? 0}">`] : []),
    '</form></body></html>',
  ].join('');
}

export function secretWindowOptions(parent: BrowserWindow | undefined, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 440,
    height: 360,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    show: false,
    title: 'RSTUF Offline Signer',
    ...(parent ? { parent, modal: true } : {}),
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath, devTools: false },
  };
}

type PromptWindow = Pick<BrowserWindow, 'once' | 'show' | 'loadURL' | 'close' | 'isDestroyed'> & { webContents: unknown };

/**
 * Opens one prompt at a time (a second waits for the first). Resolves to the secret's UTF-8 bytes,
 * or null when the holder cancelled or closed the window. Only the prompt window's own contents can
 * answer; anything else on the channel is ignored.
 */
export function createSecretPrompt(deps: {
  Window: new (options: BrowserWindowConstructorOptions) => PromptWindow;
  answers: SecretAnswers;
  parent: () => BrowserWindow | undefined;
  preloadPath: string;
}): (options: SecretPromptOptions) => Promise<Buffer | null> {
  let queue: Promise<unknown> = Promise.resolve();
  const ask = (options: SecretPromptOptions): Promise<Buffer | null> =>
    new Promise((resolve) => {
      const win = new deps.Window(secretWindowOptions(deps.parent(), deps.preloadPath));
      let settled = false;
      const stopListening = deps.answers.listen((sender, answer) => {
        if (sender !== win.webContents) return;
        if (answer && typeof answer === 'object' && 'secret' in answer && typeof answer.secret === 'string' && answer.secret.length > 0) finish(Buffer.from(answer.secret, 'utf8'));
        else finish(null);
      });
      function finish(secret: Buffer | null): void {
        if (settled) return;
        settled = true;
        stopListening();
        if (!win.isDestroyed()) win.close();
        resolve(secret);
      }
      win.once('closed', () => finish(null));
      win.once('ready-to-show', () => win.show());
      void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(secretPromptHtml(options))}`);
    });
  return (options) => {
    const answer = queue.then(() => ask(options));
    queue = answer.catch(() => undefined);
    return answer;
  };
}
