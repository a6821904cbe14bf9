// Electron glue with fakes (the Electron binary cannot run here): session and web-contents
// hardening, IPC registration with the sender check, the window, the event sink and the dialogs.
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, CHANNELS } from '../../../shared/ipc/channels.js';
import { createElectronDialogs } from '../../../main/shells/electron/dialogs.js';
import { createSecretPrompt, secretPromptHtml } from '../../../main/shells/electron/secret-window.js';
import { SECRET_ANSWER_CHANNEL } from '../../../main/shells/electron/secret-prompt-page.js';
import { hardenApp, hardenSession, hardenWebContents } from '../../../main/shells/electron/hardening.js';
import { createWebContentsEventSink, registerIpc, registerSecretAnswers } from '../../../main/shells/electron/register.js';
import { SECURE_WEB_PREFERENCES } from '../../../main/shells/electron/security/web-preferences.js';
import { createMainWindow } from '../../../main/shells/electron/window.js';
import type { Dispatcher } from '../../../main/services/dispatcher.js';

type Handler = (...args: any[]) => any;

class FakeEmitter {
  listeners = new Map<string, Handler[]>();
  on(event: string, listener: Handler) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

class FakeSession extends FakeEmitter {
  permissionRequest?: Handler;
  permissionCheck?: Handler;
  devicePermission?: Handler;
  beforeRequest?: Handler;
  spellcheck?: boolean;
  webRequest = { onBeforeRequest: (h: Handler) => (this.beforeRequest = h) };
  setPermissionRequestHandler(h: Handler) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: Handler) {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: Handler) {
    this.devicePermission = h;
  }
  setSpellCheckerEnabled(v: boolean) {
    this.spellcheck = v;
  }
}

class FakeContents extends FakeEmitter {
  windowOpen?: Handler;
  setWindowOpenHandler(h: Handler) {
    this.windowOpen = h;
  }
}

const preventable = (extra: Record<string, unknown> = {}) => ({ prevented: false, preventDefault() { this.prevented = true; }, ...extra });

describe('hardenSession', () => {
  const session = new FakeSession();
  hardenSession(session as never, { allowDevtools: false });

  it.each(['hid', 'usb', 'serial', 'media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'])('denies the %s permission request and check', (permission) => {
    const callback = vi.fn();
    session.permissionRequest!({}, permission, callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.permissionCheck!({}, permission, 'app://signer', {})).toBe(false);
  });

  it('grants no device permission', () => {
    expect(session.devicePermission!({ deviceType: 'hid', origin: 'app://signer', device: {} })).toBe(false);
  });

  it.each(['select-hid-device', 'select-usb-device'])('cancels the %s chooser without picking a device', (event) => {
    const e = preventable();
    const callback = vi.fn();
    session.emit(event, e, { deviceList: [{ deviceId: 'yubikey' }] }, callback);
    expect(e.prevented).toBe(true);
    expect(callback).toHaveBeenCalledWith();
  });

  it('cancels the select-serial-port chooser, whose callback comes after the web contents', () => {
    // Electron: (event, portList, webContents, callback(portId)); an empty id cancels the request.
    const e = preventable();
    const callback = vi.fn();
    const webContents = { id: 1 };
    expect(() => session.emit('select-serial-port', e, [{ portId: 'ttyACM0' }], webContents, callback)).not.toThrow();
    expect(e.prevented).toBe(true);
    expect(callback).toHaveBeenCalledWith('');
  });

  it.each([
    ['app://signer/index.html', false],
    ['https://example.com/', true],
    ['http://127.0.0.1:8000/', true],
    ['file:///etc/passwd', true],
    ['ws://localhost/', true],
    ['app://evil/index.html', true],
    ['devtools://devtools/inspector.html', true],
  ])('web request to %s: cancel=%s', (url, cancel) => {
    const callback = vi.fn();
    session.beforeRequest!({ url }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel });
  });

  it('turns the spellchecker off (it downloads dictionaries)', () => {
    expect(session.spellcheck).toBe(false);
  });

  it('hardens a session once, however often it is asked (one answer per device chooser)', () => {
    const twice = new FakeSession();
    hardenSession(twice as never, { allowDevtools: false });
    hardenSession(twice as never, { allowDevtools: true });
    const callback = vi.fn();
    twice.emit('select-hid-device', preventable(), {}, callback);
    expect(callback).toHaveBeenCalledTimes(1);
    const request = vi.fn();
    twice.beforeRequest!({ url: 'devtools://devtools/inspector.html' }, request);
    expect(request).toHaveBeenCalledWith({ cancel: true });
  });

  it('lets devtools:// through only when allowed (unpackaged)', () => {
    const dev = new FakeSession();
    hardenSession(dev as never, { allowDevtools: true });
    const callback = vi.fn();
    dev.beforeRequest!({ url: 'devtools://devtools/inspector.html' }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel: false });
  });
});

describe('hardenWebContents', () => {
  const contents = new FakeContents();
  hardenWebContents(contents as never);

  it.each(['will-navigate', 'will-redirect'])('prevents %s, even to the app itself', (event) => {
    for (const url of ['https://example.com', 'app://signer/index.html']) {
      const e = preventable({ url });
      contents.emit(event, e, url);
      expect(e.prevented).toBe(true);
    }
  });

  it('prevents frame navigation away from the app', () => {
    const away = preventable({ url: 'https://example.com' });
    contents.emit('will-frame-navigate', away);
    expect(away.prevented).toBe(true);
    const home = preventable({ url: 'app://signer/index.html' });
    contents.emit('will-frame-navigate', home);
    expect(home.prevented).toBe(false);
  });

  it('denies every new window', () => {
    expect(contents.windowOpen!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.windowOpen!({ url: 'app://signer/index.html' })).toEqual({ action: 'deny' });
  });

  it('refuses webviews and bluetooth device selection', () => {
    const webview = preventable();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.prevented).toBe(true);
    const bt = preventable();
    const callback = vi.fn();
    contents.emit('select-bluetooth-device', bt, [{ deviceId: 'x' }], callback);
    expect(bt.prevented).toBe(true);
    expect(callback).toHaveBeenCalledWith('');
  });

  it('is applied to every web contents the app creates', () => {
    const app = new FakeEmitter();
    hardenApp(app as never);
    const created = new FakeContents();
    app.emit('web-contents-created', {}, created);
    expect(created.windowOpen).toBeDefined();
    expect(created.listeners.has('will-navigate')).toBe(true);
  });
});

describe('registerIpc', () => {
  function setup() {
    const handlers = new Map<string, Handler>();
    const ipcMain = { handle: (channel: string, h: Handler) => handlers.set(channel, h) };
    const dispatcher: Dispatcher & { calls: unknown[][] } = { calls: [], handle: async (c, a) => (dispatcher.calls.push([c, a]), { ok: true, value: 'dispatched' }) };
    registerIpc(ipcMain as never, dispatcher);
    return { handlers, dispatcher };
  }
  const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

  it('handles exactly the contract channels', () => {
    expect([...setup().handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('dispatches calls from the app top frame', async () => {
    const { handlers, dispatcher } = setup();
    expect(await handlers.get(CHANNELS.reviewGet)!(from('app://signer/index.html'), { itemId: 'x' })).toEqual({ ok: true, value: 'dispatched' });
    expect(dispatcher.calls).toEqual([[CHANNELS.reviewGet, { itemId: 'x' }]]);
  });

  it.each([
    ['an iframe', from('app://signer/index.html', {})],
    ['another origin', from('https://evil.example/')],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses %s without dispatching', async (_what, event) => {
    const { handlers, dispatcher } = setup();
    expect(await handlers.get(CHANNELS.appInfo)!(event)).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN_SENDER' } });
    expect(dispatcher.calls).toEqual([]);
  });

  it('refuses extra arguments', async () => {
    const { handlers, dispatcher } = setup();
    expect(await handlers.get(CHANNELS.appInfo)!(from('app://signer/index.html'), undefined, 'extra')).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_ARGUMENT' } });
    expect(dispatcher.calls).toEqual([]);
  });
});

describe('createWebContentsEventSink', () => {
  it('sends contract events with valid payloads to a live window only', () => {
    const sent: unknown[][] = [];
    let destroyed = false;
    const sink = createWebContentsEventSink(() => ({ send: (...a: unknown[]) => sent.push(a), isDestroyed: () => destroyed }) as never);
    const progress = { operationId: null, task: 'token' as const, phase: 'touch' as const, message: 'Touch your key now', completed: null, total: null };
    sink('signer:event.progress', progress);
    sink('signer:event.progress', { ...progress, pin: '1234' } as never);
    sink('signer:event.bogus' as never, {} as never);
    destroyed = true;
    sink('signer:event.progress', progress);
    expect(sent).toEqual([['signer:event.progress', progress]]);
  });
});

describe('createMainWindow', () => {
  it('builds the window from the secure preferences and loads app://signer', () => {
    const made: { options: any; loaded: string[]; once: Map<string, Handler>; shown: boolean }[] = [];
    class FakeWindow {
      loaded: string[] = [];
      once_ = new Map<string, Handler>();
      shown = false;
      constructor(readonly options: unknown) {
        made.push(this as never);
      }
      once(e: string, h: Handler) {
        this.once_.set(e, h);
        return this;
      }
      show() {
        this.shown = true;
      }
      loadURL(url: string) {
        this.loaded.push(url);
        return Promise.resolve();
      }
    }
    const win = createMainWindow(FakeWindow as never, { preloadPath: '/app/out/main/shells/electron/preload.cjs', isPackaged: true }) as unknown as FakeWindow;
    expect((win.options as any).webPreferences).toEqual({ ...SECURE_WEB_PREFERENCES, preload: '/app/out/main/shells/electron/preload.cjs', devTools: false });
    expect(win.loaded).toEqual(['app://signer/index.html']);
    expect(win.shown).toBe(false);
    win.once_.get('ready-to-show')!();
    expect(win.shown).toBe(true);
  });
});

describe('createElectronDialogs', () => {
  it('returns the chosen path or null when cancelled', async () => {
    const dialog = {
      showOpenDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: false, filePaths: ['/media/usb/bundle'] })),
      showSaveDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: true, filePath: '' })),
    };
    const dialogs = createElectronDialogs(dialog as never, () => undefined, async () => null);
    expect(await dialogs.chooseFolder({ title: 'Export' })).toBe('/media/usb/bundle');
    expect(dialog.showOpenDialog.mock.calls[0]![0]).toMatchObject({ properties: ['openDirectory', 'createDirectory'] });
    expect(await dialogs.saveFile({ title: 'Save', defaultName: 'a.key' })).toBeNull();
  });

  it('confirms in a native message box whose default answer is Cancel', async () => {
    const dialog = {
      showOpenDialog: vi.fn(),
      showSaveDialog: vi.fn(),
      showMessageBox: vi.fn(async (..._a: unknown[]) => ({ response: 1, checkboxChecked: false })),
    };
    const dialogs = createElectronDialogs(dialog as never, () => undefined, async () => null);
    expect(await dialogs.confirm({ title: 'Pin', message: 'Pin root v2?', detail: 'Fingerprint 1a2b', confirmLabel: 'Pin this root' })).toBe(true);
    expect(dialog.showMessageBox.mock.calls[0]![0]).toMatchObject({ buttons: ['Cancel', 'Pin this root'], defaultId: 0, cancelId: 0, detail: 'Fingerprint 1a2b' });
    dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await dialogs.confirm({ title: 'Pin', message: 'Pin root v2?', detail: '', confirmLabel: 'Pin this root' })).toBe(false);
  });
});

describe('the secret prompt: a window main owns', () => {
  // A fake BrowserWindow and ipcMain: the wiring decides who may answer and what the page is.
  class FakeWindow {
    static last: FakeWindow | undefined;
    readonly handlers = new Map<string, () => void>();
    readonly webContents = { id: Math.random() };
    loaded = '';
    closed = false;
    constructor(readonly options: Record<string, unknown>) {
      FakeWindow.last = this;
    }
    once(event: string, handler: () => void) {
      this.handlers.set(event, handler);
      return this;
    }
    show() {}
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    close() {
      this.closed = true;
      this.handlers.get('closed')?.();
    }
    isDestroyed() {
      return this.closed;
    }
  }
  // The real registration (register.ts) over a fake ipcMain.
  const fakeIpc = () => {
    const listeners = new Map<string, (event: unknown, answer: unknown) => void>();
    const answers = registerSecretAnswers({ on: (channel: string, listener: (event: unknown, answer: unknown) => void) => listeners.set(channel, listener) } as never);
    let open = 0;
    const counted = { listen: (h: (sender: unknown, answer: unknown) => void) => { open += 1; const stop = answers.listen(h); return () => { open -= 1; stop(); }; } };
    return { listeners, answers: counted, listening: () => open };
  };
  // Prompts are queued one at a time, so a window opens a tick after it is asked for.
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const question = { title: 'Unlock bo.key to sign', message: 'Sign root in update.json with key file bo.key?', detail: 'root v2: sha256 1a2b3c4d5e6f7a8b…', kind: 'passphrase' as const };

  it('opens a sandboxed, script-free page whose own contents alone can answer', async () => {
    const ipc = fakeIpc();
    const ask = createSecretPrompt({ Window: FakeWindow as never, answers: ipc.answers, parent: () => undefined, preloadPath: '/app/secret-preload.cjs' });
    const answer = ask(question);
    await settle();
    const win = FakeWindow.last!;
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false, preload: '/app/secret-preload.cjs' });
    const html = decodeURIComponent(win.loaded.replace(/^data:text\/html;charset=utf-8,/, ''));
    expect(html).toContain("script-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('root v2: sha256 1a2b3c4d5e6f7a8b');
    // Another window (the app's page) sending on the channel is ignored.
    ipc.listeners.get(SECRET_ANSWER_CHANNEL)!({ sender: { id: 'app page' } }, { secret: 'stolen?' });
    expect(win.closed).toBe(false);
    ipc.listeners.get(SECRET_ANSWER_CHANNEL)!({ sender: win.webContents }, { secret: 'correct horse' });
    expect((await answer)?.toString('utf8')).toBe('correct horse');
    expect(win.closed).toBe(true);
    expect(ipc.listening()).toBe(0);
  });

  it('answers null when the holder cancels or closes the window', async () => {
    const ipc = fakeIpc();
    const ask = createSecretPrompt({ Window: FakeWindow as never, answers: ipc.answers, parent: () => undefined, preloadPath: '/p.cjs' });
    const cancelled = ask(question);
    await settle();
    ipc.listeners.get(SECRET_ANSWER_CHANNEL)!({ sender: FakeWindow.last!.webContents }, { cancelled: true });
    expect(await cancelled).toBeNull();
    const closed = ask(question);
    await settle();
    FakeWindow.last!.close();
    expect(await closed).toBeNull();
  });

  it('escapes file-derived text in the page', () => {
    const html = secretPromptHtml({ ...question, message: 'Sign <img src=x onerror=alert(1)> with "k"?' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img');
  });

  it('a new passphrase is typed twice in the prompt, and sent only when both agree and it is long enough', async () => {
    const html = secretPromptHtml({ ...question, purpose: 'new', minLength: 8 });
    expect(html).toContain('id="secret-again"');
    expect(html).toContain('<meta name="min-length" content="8">');
    const { wirePrompt } = await import('../../../main/shells/electron/secret-prompt-page.js');
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    const fields = { secret: { value: '', addEventListener: () => undefined }, 'secret-again': { value: '' }, 'secret-error': { textContent: '' } };
    const form = { addEventListener: (type: string, l: (e: { preventDefault(): void }) => void) => listeners.set(type, l) };
    const doc = {
      getElementById: (id: string) => (id === 'secret-form' ? form : id === 'cancel' ? { addEventListener: () => undefined } : (fields as Record<string, unknown>)[id] ?? null),
      querySelector: () => ({ content: '8' }),
    };
    const sent: unknown[] = [];
    wirePrompt(doc as never, (a) => sent.push(a));
    const submit = (first: string, second: string) => {
      fields.secret.value = first;
      fields['secret-again'].value = second;
      listeners.get('submit')!({ preventDefault() {} });
    };
    submit('short', 'short');
    expect(fields['secret-error'].textContent).toBe('Use at least 8 characters.');
    submit('long enough', 'long enougH');
    expect(fields['secret-error'].textContent).toBe('The two passphrases differ.');
    expect(sent).toEqual([]);
    submit('long enough', 'long enough');
    expect(sent).toEqual([{ secret: 'long enough' }]);
    expect([fields.secret.value, fields['secret-again'].value]).toEqual(['', '']);
  });

  it('the prompt preload sends the typed secret once and clears the field', async () => {
    const { wirePrompt } = await import('../../../main/shells/electron/secret-prompt-page.js');
    const listeners = new Map<string, (event: { preventDefault(): void; key?: string }) => void>();
    const element = (id: string) => ({ id, value: id === 'secret' ? 'pass phrase' : '', addEventListener: (type: string, l: (e: { preventDefault(): void }) => void) => listeners.set(`${id}:${type}`, l) });
    const elements = new Map(['secret-form', 'secret', 'cancel'].map((id) => [id, element(id)]));
    const sent: unknown[] = [];
    wirePrompt({ getElementById: (id: string) => elements.get(id) ?? null } as never, (a) => sent.push(a));
    listeners.get('secret-form:submit')!({ preventDefault() {} });
    listeners.get('secret-form:submit')!({ preventDefault() {} });
    listeners.get('cancel:click')!({ preventDefault() {} });
    expect(sent).toEqual([{ secret: 'pass phrase' }]);
    expect(elements.get('secret')!.value).toBe('');
  });
});

describe('devicesEventFrom', () => {
  it('turns plug and unplug of a security key into device events (payload only), and ignores the rest', async () => {
    const { devicesEventFrom } = await import('../../../main/services/tokens.js');
    const sent: unknown[][] = [];
    const key = { id: '1050:0407:1', name: 'Yubico YubiKey OTP+FIDO+CCID', vendor: 'Yubico', vendorId: 0x1050, productId: 0x0407, serial: '1', accessDenied: false };
    devicesEventFrom({ type: 'plugged', key }, (e, p) => sent.push([e, p]));
    devicesEventFrom({ type: 'unplugged', key }, (e, p) => sent.push([e, p]));
    devicesEventFrom({ type: 'unavailable', message: 'node-hid missing' }, (e, p) => sent.push([e, p]));
    expect(sent).toEqual([
      ['signer:event.devices', { change: 'attached', description: 'Yubico YubiKey OTP+FIDO+CCID' }],
      ['signer:event.devices', { change: 'detached', description: 'Yubico YubiKey OTP+FIDO+CCID' }],
    ]);
  });
});
