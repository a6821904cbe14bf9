// The browser shell's HTTP server: the built renderer and the IPC dispatcher on 127.0.0.1 only.
// It exists because the Electron binary is missing on these machines; it is the same renderer and
// the same dispatcher, so it must not be a weaker door into main than Electron's IPC:
// - bound to 127.0.0.1 on a random port (never 0.0.0.0, never ::);
// - every IPC/event call must carry the per-launch random token (X-Signer-Token, compared in
//   constant time), a Host header naming exactly this server (DNS rebinding), an Origin header naming
//   exactly this server (other sites' pages), and Content-Type application/json (forces a CORS
//   preflight for any cross-site attempt; no CORS headers are ever sent);
// - every response carries the CSP (connect-src 'self' only, so the page can reach this server and
//   nothing else), nosniff, no-referrer, frame-ancestors 'none', no-store;
// - static files are confined to the renderer folder (confine-path.ts).
// The token is given to the page in the URL fragment (never sent to the server in a URL, never
// logged by it); the bridge script moves it into memory and sessionStorage and clears the fragment.

import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { confinePath, contentTypeOf } from '../../services/confine-path.js';
import type { Dispatcher } from '../../services/dispatcher.js';
import { BROWSER_SHELL_CSP, BROWSER_SHELL_META_CSP, CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../services/csp.js';
import { bridgeScript } from './bridge-script.js';
import type { EventQueue } from './event-queue.js';

import { BRIDGE_PATH, EVENTS_PATH, IPC_PATH, TOKEN_HEADER } from './bridge-script.js';

export { BRIDGE_PATH, EVENTS_PATH, IPC_PATH, TOKEN_HEADER };
/** Dropped bundles travel as base64 JSON: 64 MB of files is about 90 MB of body. */
export const MAX_BODY_BYTES = 96 * 1024 * 1024;
const EVENTS_WAIT_MS = 20_000;

export interface ShellServerOptions {
  rendererDir: string;
  /** With IPC: the browser shell. Without: a plain static server (the e2e harness wires IPC itself). */
  ipc?: { dispatcher: Dispatcher; token: string; events: EventQueue };
  port?: number;
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

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolveBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolveBody(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolveBody(null));
  });
}

/** index.html with the shell's CSP meta and the bridge script as the first script. */
export function shellIndexHtml(html: string, withBridge: boolean): string {
  const meta = withBridge ? BROWSER_SHELL_META_CSP : META_CONTENT_SECURITY_POLICY;
  const replaced = html.replace(/<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"\s*\/?>/i, `<meta http-equiv="Content-Security-Policy" content="${meta}" />`);
  if (!withBridge) return replaced;
  // Before the app's first script (module scripts run after classic ones anyway), after the CSP meta.
  const tag = `<script src="${BRIDGE_PATH}"></script>\n    `;
  const at = replaced.search(/<script\b/i);
  return at >= 0 ? `${replaced.slice(0, at)}${tag}${replaced.slice(at)}` : replaced.replace(/<\/head>/i, `${tag}</head>`);
}

export function startShellServer(options: ShellServerOptions): Promise<ShellServer> {
  const { rendererDir, ipc } = options;
  const csp = ipc ? BROWSER_SHELL_CSP : CONTENT_SECURITY_POLICY;
  let origin = '';

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
      if (ipc && (pathname === IPC_PATH || pathname === EVENTS_PATH)) {
        const refused = checkIpcRequest(req, origin, ipc.token);
        if (refused !== null) {
          res.writeHead(refused).end();
          return;
        }
        const body = await readBody(req);
        if (body === null) {
          res.writeHead(413).end();
          return;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
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
