// The browser shell's HTTP server at the socket level (no browser): what it serves, and what it
// refuses before the dispatcher is ever reached.
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventQueue } from '../../../main/shells/browser/event-queue.js';
import { BRIDGE_PATH, EVENTS_PATH, IPC_PATH, SESSION_META, SESSION_PATH, startShellServer, type ShellServer } from '../../../main/shells/browser/server.js';
import type { Dispatcher } from '../../../main/services/dispatcher.js';
import { CHANNELS } from '../../../shared/ipc/channels.js';

let dir: string;
let shell: ShellServer;
let renderer: string;
const events = new EventQueue();
const token = 'a-per-launch-token-0123456789abcdef';
/** The session token the launch token was traded for (beforeAll). */
let session = '';
let launchesUsed = 0;
const calls: unknown[][] = [];
const dispatcher: Dispatcher = { handle: async (c, a) => (calls.push([c, a]), { ok: true, value: { echoed: c } }) };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rstuf-shell-'));
  renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'none'" /><script type="module" src="./assets/app.js"></script></head><body></body></html>`);
  writeFileSync(join(renderer, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  symlinkSync(join(dir, 'secret.txt'), join(renderer, 'assets', 'link.js'));
  shell = await startShellServer({ rendererDir: renderer, ipc: { dispatcher, token, events, onLaunchUsed: () => (launchesUsed += 1) }, maxBodyBytes: 64 * 1024 });
  const traded = await send('POST', SESSION_PATH, { ...ipcHeaders(), 'x-signer-token': token }, '{}');
  session = (JSON.parse(traded.body) as { session: string }).session;
});
afterAll(async () => {
  await shell.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer[], to: ShellServer = shell): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: to.port, method, path, headers: { host: `127.0.0.1:${to.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (Array.isArray(body)) for (const chunk of body) req.write(chunk);
    else if (body !== undefined) req.write(body);
    req.end();
  });
}

const ipcHeaders = () => ({ origin: shell.origin, 'content-type': 'application/json', 'x-signer-token': session });

describe('browser shell server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(shell.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const address = shell.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
  });

  it('serves index.html with the shell CSP, rewritten meta tag and the bridge first', async () => {
    const r = await send('GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body).toContain("connect-src 'self'");
    expect(r.body.indexOf(BRIDGE_PATH)).toBeLessThan(r.body.indexOf('assets/app.js'));
  });

  it('serves the bridge generated from the contract', async () => {
    const r = await send('GET', BRIDGE_PATH);
    expect(r.status).toBe(200);
    for (const channel of Object.values(CHANNELS)) expect(r.body).toContain(channel);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/link.js', '/assets/../../secret.txt', '/missing.js'])('answers 404 for %s', async (path) => {
    expect((await send('GET', path)).status).toBe(404);
  });

  it('refuses a rebinding Host header for every path', async () => {
    expect((await send('GET', '/', { host: 'rebind.example' })).status).toBe(421);
    expect((await send('POST', IPC_PATH, { ...ipcHeaders(), host: 'rebind.example' }, '{}')).status).toBe(421);
  });

  it('dispatches an authorized IPC call', async () => {
    calls.length = 0;
    const r = await send('POST', IPC_PATH, ipcHeaders(), JSON.stringify({ channel: CHANNELS.appInfo }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { echoed: CHANNELS.appInfo } });
    expect(calls).toEqual([[CHANNELS.appInfo, undefined]]);
  });

  it.each([
    ['no token', { 'x-signer-token': '' }, 401],
    ['a wrong token', { 'x-signer-token': 'nope' }, 401],
    ['the launch token, once traded', { 'x-signer-token': token }, 401],
    ['a foreign origin', { origin: 'http://127.0.0.1:1' }, 403],
    ['a form content type', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
  ])('refuses %s without dispatching', async (_what, change, status) => {
    calls.length = 0;
    const r = await send('POST', IPC_PATH, { ...ipcHeaders(), ...change }, JSON.stringify({ channel: CHANNELS.appInfo }));
    expect(r.status).toBe(status);
    expect(calls).toEqual([]);
  });

  it('refuses a body that is not JSON', async () => {
    expect((await send('POST', IPC_PATH, ipcHeaders(), '{not json')).status).toBe(400);
  });

  it('refuses other methods on the IPC path', async () => {
    expect((await send('GET', IPC_PATH, ipcHeaders())).status).toBe(405);
  });

  it('delivers events emitted after the page started polling, payload only', async () => {
    const poll = send('POST', EVENTS_PATH, ipcHeaders(), JSON.stringify({ after: -1 }));
    await new Promise((r) => setTimeout(r, 50));
    events.sink('signer:event.devices', { change: 'attached', description: 'YubiKey 5' });
    const r = await poll;
    expect(JSON.parse(r.body).events).toEqual([{ seq: 1, event: 'signer:event.devices', payload: { change: 'attached', description: 'YubiKey 5' } }]);
  });
});

describe('the one-time launch token', () => {
  it('was traded once for a different, random session token', () => {
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).not.toBe(token);
    expect(launchesUsed).toBe(1);
  });

  it('gives a second page with the same address nothing', async () => {
    const again = await send('POST', SESSION_PATH, { ...ipcHeaders(), 'x-signer-token': token }, '{}');
    expect(again.status).toBe(401);
    expect(again.body).toBe('');
    expect((await send('POST', SESSION_PATH, { ...ipcHeaders(), 'x-signer-token': session }, '{}')).status).toBe(401);
    expect(launchesUsed).toBe(1);
  });

  it('is traded only by the page this server serves (Origin, Content-Type checked)', async () => {
    const fresh = await startShellServer({ rendererDir: renderer, ipc: { dispatcher, token, events: new EventQueue() } });
    try {
      const headers = { origin: fresh.origin, 'content-type': 'application/json', 'x-signer-token': token };
      expect((await send('POST', SESSION_PATH, { ...headers, origin: 'http://evil.example' }, '{}', fresh)).status).toBe(403);
      expect((await send('POST', SESSION_PATH, { ...headers, 'content-type': 'text/plain' }, '{}', fresh)).status).toBe(415);
      expect((await send('POST', IPC_PATH, headers, JSON.stringify({ channel: CHANNELS.appInfo }), fresh)).status).toBe(401);
      expect((await send('POST', SESSION_PATH, headers, '{}', fresh)).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('opens the app from the launch form: index.html with the session token, at /index.html', async () => {
    const fresh = await startShellServer({ rendererDir: renderer, ipc: { dispatcher, token, events: new EventQueue() } });
    try {
      const form = { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' };
      expect((await send('POST', '/index.html', form, 'token=wrong-token-0123456789', fresh)).status).toBe(401);
      const opened = await send('POST', '/index.html', form, `token=${token}`, fresh);
      expect(opened.status).toBe(200);
      expect(opened.headers['cache-control']).toBe('no-store');
      const meta = new RegExp(`<meta name="${SESSION_META}" content="([A-Za-z0-9_-]{43})" />\\s*<script src="${BRIDGE_PATH}">`).exec(opened.body);
      expect(meta).not.toBeNull();
      expect(opened.body).not.toContain(token);
      const headers = { origin: fresh.origin, 'content-type': 'application/json', 'x-signer-token': meta![1]! };
      expect((await send('POST', IPC_PATH, headers, JSON.stringify({ channel: CHANNELS.appInfo }), fresh)).status).toBe(200);
      // The form works once: a resubmission (reload) gets the "already used" page.
      const resubmitted = await send('POST', '/index.html', form, `token=${token}`, fresh);
      expect(resubmitted.status).toBe(401);
      expect(resubmitted.body).toContain('already used');
    } finally {
      await fresh.close();
    }
  });
});

describe('a request body over the limit', () => {
  const limit = 64 * 1024;
  const tooLarge = { ok: false, error: { code: 'INPUT_TOO_LARGE', message: 'The request is larger than the signer accepts (0.1 MiB); drop fewer or smaller files at once.' } };

  it('gets 413 with a short JSON error when its Content-Length says so, and is not dispatched', async () => {
    calls.length = 0;
    const body = JSON.stringify({ channel: CHANNELS.appInfo, arg: 'x'.repeat(limit) });
    const r = await send('POST', IPC_PATH, { ...ipcHeaders(), 'content-length': String(Buffer.byteLength(body)) }, body);
    expect(r.status).toBe(413);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(r.body)).toEqual(tooLarge);
    expect(calls).toEqual([]);
  });

  it('gets 413, not a reset, when it is sent in chunks without a length', async () => {
    calls.length = 0;
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const r = await send('POST', IPC_PATH, { ...ipcHeaders(), 'transfer-encoding': 'chunked' }, [Buffer.from('{"channel":"signer:app.info","arg":"'), ...Array.from({ length: 8 }, () => chunk), Buffer.from('"}')]);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual(tooLarge);
    expect(calls).toEqual([]);
  });

  it('still lets a body under the limit through', async () => {
    const r = await send('POST', IPC_PATH, ipcHeaders(), JSON.stringify({ channel: CHANNELS.appInfo, arg: 'x'.repeat(limit / 2) }));
    expect(r.status).toBe(200);
  });
});
