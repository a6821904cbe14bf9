// The browser shell's HTTP server: the built renderer and the IPC dispatcher on 127.0.0.1 only.
// It exists because the Electron binary is missing on these machines; it is the same renderer and
// the same dispatcher, so it must not be a weaker door into main than Electron's IPC:
// - bound to 127.0.0.1 on a random port (never 0.0.0.0, never ::);
// - every IPC/event call must carry the page's session token (X-Signer-Token, compared in
//   constant time), a Host header naming exactly this server (DNS rebinding), an Origin header naming
//   exactly this server (other sites' pages), and Content-Type application/json (forces a CORS
//   preflight for any cross-site attempt; no CORS headers are ever sent);
// - every response carries the CSP (connect-src 'self' only, so the page can reach this server and
//   nothing else), nosniff, no-referrer, frame-ancestors 'none', no-store;
// - static files are confined to the renderer folder (confine-path.ts).
// Tokens: each launch has one random launch token, good for ONE exchange (then it is dead, so a
// second page opened with the same address, or anyone who later reads it from a history or a log,
// gets nothing). It is exchanged for the session token, which only the page's memory holds:
// - by the bridge, from the URL fragment (`index.html#token=…`: an address opened by hand,
//   `--print-url`), over POST /__signer/session;
// - by a form POST of the launch page start.ts writes for Chromium (`POST /index.html`, token in
//   the body): the answer is index.html with the session token in a meta tag the bridge removes.
//   No address holding a token is ever loaded, so none reaches Chromium's history or profile.
// Bodies over the limit get 413 with a short JSON error (not a reset).

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { confinePath, contentTypeOf } from '../../services/confine-path.js';
import type { Dispatcher } from '../../services/dispatcher.js';
import { BROWSER_SHELL_CSP, BROWSER_SHELL_META_CSP, CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../services/csp.js';
import { bridgeScript } from './bridge-script.js';
import type { EventQueue } from './event-queue.js';

import { BRIDGE_PATH, EVENTS_PATH, IPC_PATH, SESSION_META, SESSION_PATH, TOKEN_HEADER } from './bridge-script.js';

export { BRIDGE_PATH, EVENTS_PATH, IPC_PATH, SESSION_META, SESSION_PATH, TOKEN_HEADER };
/** Dropped bundles travel as base64 JSON: 64 MB of files is about 90 MB of body. */
export const MAX_BODY_BYTES = 96 * 1024 * 1024;
/** A launch form holds one token. */
const MAX_LAUNCH_BODY_BYTES = 4096;
const EVENTS_WAIT_MS = 20_000;

export interface ShellServerOptions {
  rendererDir: string;
  /** With IPC: the browser shell. Without: a plain static server (the e2e harness wires IPC itself). */
  ipc?: {
    dispatcher: Dispatcher;
    /** The launch token: exchanged once for the session token, then refused. */
    token: string;
    events: EventQueue;
    /** Called once, when the launch token was exchanged (start.ts then deletes the launch page). */
    onLaunchUsed?: () => void;
  };
  port?: number;
  /** The largest request body accepted (tests lower it); larger ones get 413. */
  maxBodyBytes?: number;
}

export interface ShellServer {
  server: Server;
  origin: string;
  port: number;
  close(): Promise<void>;
}

export function tokensEqual(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Pure request check for the IPC endpoints; returns the HTTP status to refuse with, or null. */
export function checkIpcRequest(req: { method?: string | undefined; headers: Record<string, string | string[] | undefined> }, origin: string, token: string): number | null {
  const host = new URL(origin).host;
  if (req.method !== 'POST') return 405;
  if (req.headers.host !== host) return 421;
  if (req.headers.origin !== origin) return 403;
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || type.split(';')[0]?.trim().toLowerCase() !== 'application/json') return 415;
  if (!tokensEqual(req.headers[TOKEN_HEADER], token)) return 401;
  return null;
}

function securityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

type Body = { ok: true; text: string } | { ok: false; status: 400 | 413 };

/**
 * The request body, or 413 past `limit`: a declared Content-Length over it is refused at once; an
 * undeclared body is read to its end without keeping what is over the limit, so the client gets the
 * answer instead of a reset.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, status: 413 });
  return new Promise((resolveBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolveBody(size > limit ? { ok: false, status: 413 } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolveBody({ ok: false, status: 400 }));
  });
}

const mib = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/** The JSON answer to an over-size body, in the IPC result shape so the page can show it. */
export function tooLargeAnswer(limit: number): string {
  return JSON.stringify({ ok: false, error: { code: 'INPUT_TOO_LARGE', message: `The request is larger than the signer accepts (${mib(limit)}); drop fewer or smaller files at once.` } });
}

/** A new session token (256 bits), the same alphabet as the launch token. */
export function mintSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

const isFormPost = (req: IncomingMessage): boolean => {
  const type = req.headers['content-type'];
  return req.method === 'POST' && typeof type === 'string' && type.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
};

const LAUNCH_REFUSED_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>RSTUF Offline Signer</title></head><body><h1>This launch page was already used</h1><p>Each start of the signer opens one page. Stop the signer (Ctrl+C in its terminal) and start it again with <code>npm start</code>.</p></body></html>\n`;

/** index.html with the shell's CSP meta and the bridge script as the first script. */
export function shellIndexHtml(html: string, withBridge: boolean, session?: string): string {
  const meta = withBridge ? BROWSER_SHELL_META_CSP : META_CONTENT_SECURITY_POLICY;
  const replaced = html.replace(/<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"\s*\/?>/i, `<meta http-equiv="Content-Security-Policy" content="${meta}" />`);
  if (!withBridge) return replaced;
  // Before the app's first script (module scripts run after classic ones anyway), after the CSP meta.
  // The session token of a launch form's answer sits just before the bridge, which reads and removes it.
  const sessionMeta = session !== undefined ? `<meta name="${SESSION_META}" content="${session.replace(/[^A-Za-z0-9_-]/g, '')}" />\n    ` : '';
  const tag = `${sessionMeta}<script src="${BRIDGE_PATH}"></script>\n    `;
  const at = replaced.search(/<script\b/i);
  return at >= 0 ? `${replaced.slice(0, at)}${tag}${replaced.slice(at)}` : replaced.replace(/<\/head>/i, `${tag}</head>`);
}

export function startShellServer(options: ShellServerOptions): Promise<ShellServer> {
  const { rendererDir, ipc } = options;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const csp = ipc ? BROWSER_SHELL_CSP : CONTENT_SECURITY_POLICY;
  let origin = '';
  // The launch token until its one exchange; then only the session token opens the IPC.
  let launchToken: string | null = ipc?.token ?? null;
  let sessionToken: string | null = null;

  /** Trades the launch token for the session token, once; null for anything else. */
  const exchange = (given: unknown): string | null => {
    if (launchToken === null || !tokensEqual(given, launchToken)) return null;
    launchToken = null;
    sessionToken = mintSessionToken();
    ipc?.onLaunchUsed?.();
    return sessionToken;
  };

  const indexHtml = (session?: string): Buffer => {
    const file = confinePath(rendererDir, '/index.html');
    if (!file) throw new Error('index.html is missing');
    return Buffer.from(shellIndexHtml(readFileSync(file, 'utf8'), ipc !== undefined, session), 'utf8');
  };

  const server = createServer((req, res) => {
    void (async () => {
      securityHeaders(res, csp);
      const pathname = (() => {
        try {
          return new URL(req.url ?? '/', origin).pathname;
        } catch {
          return null;
        }
      })();
      if (pathname === null || req.headers.host !== new URL(origin).host) {
        res.writeHead(421).end();
        return;
      }
      if (ipc && (pathname === IPC_PATH || pathname === EVENTS_PATH || pathname === SESSION_PATH)) {
        // The session endpoint takes the launch token; the others the session token (none yet: 401).
        const expected = pathname === SESSION_PATH ? launchToken : sessionToken;
        const refused = checkIpcRequest(req, origin, expected ?? '');
        if (refused !== null || expected === null) {
          res.writeHead(refused ?? 401).end();
          return;
        }
        const body = await readBody(req, maxBody);
        if (!body.ok) {
          if (body.status === 413) res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' }).end(tooLargeAnswer(maxBody));
          else res.writeHead(400).end();
          return;
        }
        if (pathname === SESSION_PATH) {
          const session = exchange(req.headers[TOKEN_HEADER]);
          if (session === null) res.writeHead(401).end();
          else res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ session }));
          return;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.text);
        } catch {
          res.writeHead(400).end();
          return;
        }
        const msg = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { channel?: unknown; arg?: unknown; after?: unknown };
        const answer =
          pathname === IPC_PATH ? await ipc.dispatcher.handle(msg.channel, msg.arg) : await ipc.events.waitAfter(typeof msg.after === 'number' && msg.after >= 0 ? msg.after : ipc.events.current, EVENTS_WAIT_MS);
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
        return;
      }
      if (ipc && (pathname === '/' || pathname === '/index.html') && isFormPost(req)) {
        // The launch page's form (from a file:// page: Origin "null"); the launch token is the proof.
        const body = await readBody(req, MAX_LAUNCH_BODY_BYTES);
        const session = body.ok ? exchange(new URLSearchParams(body.text).get('token')) : null;
        if (session === null) {
          res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' }).end(LAUNCH_REFUSED_HTML);
          return;
        }
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(indexHtml(session));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      if (ipc && pathname === BRIDGE_PATH) {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(bridgeScript());
        return;
      }
      const file = confinePath(rendererDir, pathname);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      const type = contentTypeOf(file);
      const bytes = type.startsWith('text/html') ? Buffer.from(shellIndexHtml(readFileSync(file, 'utf8'), ipc !== undefined), 'utf8') : readFileSync(file);
      res.writeHead(200, { 'Content-Type': type }).end(req.method === 'HEAD' ? undefined : bytes);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      origin = `http://127.0.0.1:${port}`;
      resolveStart({
        server,
        origin,
        port,
        close: () =>
          new Promise<void>((done) => {
            ipc?.events.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
