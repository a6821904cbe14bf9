// window.signer for the browser shell: the same API the Electron preload exposes (one method per
// channel, one subscribe method per event, listeners get payloads only), over fetch to this
// 127.0.0.1 server with the per-launch token. Served as a file (CSP forbids inline scripts) and
// generated from the contract, so it cannot drift from SignerApi.

import { CHANNELS, EVENT_METHODS } from '../../../shared/ipc/channels.js';

/** The loopback transport's paths and token header (server.ts serves them). */
export const IPC_PATH = '/__signer/ipc';
export const EVENTS_PATH = '/__signer/events';
export const BRIDGE_PATH = '/__signer/bridge.js';
export const TOKEN_HEADER = 'x-signer-token';

export function bridgeScript(): string {
  const config = JSON.stringify({ methods: CHANNELS, events: EVENT_METHODS, ipc: IPC_PATH, eventsPath: EVENTS_PATH, header: TOKEN_HEADER });
  return `// RSTUF Offline Signer: browser-shell bridge (generated from shared/ipc/channels.ts).
(() => {
  'use strict';
  const C = ${config};
  const STORE = 'rstuf-signer-token';
  let token = '';
  const m = /(?:^#|&)token=([A-Za-z0-9_-]{16,128})(?:&|$)/.exec(location.hash);
  if (m) {
    token = m[1];
    try { sessionStorage.setItem(STORE, token); } catch (e) { /* private mode: token stays in memory */ }
    history.replaceState(null, '', location.pathname + location.search);
  } else {
    try { token = sessionStorage.getItem(STORE) || ''; } catch (e) { token = ''; }
  }
  const post = (path, body) => fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [C.header]: token },
    body: JSON.stringify(body),
    cache: 'no-store', credentials: 'omit', redirect: 'error',
  });
  const gone = { ok: false, error: { code: 'INTERNAL', message: 'The signer is not running any more (the browser shell was stopped); start it again with npm start.' } };
  const invoke = async (channel, arg) => {
    try {
      const r = await post(C.ipc, arg === undefined ? { channel } : { channel, arg });
      if (r.status === 401) return { ok: false, error: { code: 'IPC_FORBIDDEN_SENDER', message: 'This page is not the one the signer opened (its access token is missing or stale); open the address npm start printed.' } };
      if (!r.ok) return { ok: false, error: { code: 'INTERNAL', message: 'The signer refused the request (HTTP ' + r.status + ').' } };
      return await r.json();
    } catch (e) {
      return gone;
    }
  };
  const listeners = {};
  for (const event of Object.values(C.events)) listeners[event] = new Set();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let after = -1;
  (async () => {
    for (;;) {
      try {
        const r = await post(C.eventsPath, { after });
        if (!r.ok) { await sleep(2000); continue; }
        const answer = await r.json();
        for (const e of answer.events) {
          for (const l of listeners[e.event] || []) { try { l(e.payload); } catch (err) { console.error(err); } }
        }
        after = answer.last;
      } catch (e) {
        await sleep(2000);
      }
    }
  })();
  const api = {};
  for (const [method, channel] of Object.entries(C.methods)) api[method] = (arg) => invoke(channel, arg);
  for (const [method, event] of Object.entries(C.events)) {
    api[method] = (listener) => {
      if (typeof listener !== 'function') throw new TypeError(method + ' needs a function');
      listeners[event].add(listener);
      return () => { listeners[event].delete(listener); };
    };
  }
  Object.defineProperty(window, 'signer', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
})();
`;
}
