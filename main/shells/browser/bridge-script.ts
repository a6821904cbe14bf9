// window.signer for the browser shell: the same API the Electron preload exposes (one method per
// channel, one subscribe method per event, listeners get payloads only), over fetch to this
// 127.0.0.1 server with the page's session token. Served as a file (CSP forbids inline scripts) and
// generated from the contract, so it cannot drift from SignerApi.
// The session token is held in this script's closure only (not in sessionStorage, which Chromium
// writes to the profile): it comes in a meta tag (the launch form's answer) or is traded for the
// launch token in the URL fragment, which is cleared first. Reloading the page ends its session.

import { CHANNELS, EVENT_METHODS } from '../../../shared/ipc/channels.js';

/** The loopback transport's paths and token header (server.ts serves them). */
export const IPC_PATH = '/__signer/ipc';
export const EVENTS_PATH = '/__signer/events';
export const BRIDGE_PATH = '/__signer/bridge.js';
/** Trades the launch token (X-Signer-Token) for the session token, once per launch. */
export const SESSION_PATH = '/__signer/session';
/** The meta tag that carries the session token in the launch form's answer. */
export const SESSION_META = 'rstuf-signer-session';
export const TOKEN_HEADER = 'x-signer-token';

export function bridgeScript(): string {
  const config = JSON.stringify({ methods: CHANNELS, events: EVENT_METHODS, ipc: IPC_PATH, eventsPath: EVENTS_PATH, sessionPath: SESSION_PATH, meta: SESSION_META, header: TOKEN_HEADER });
  return `// RSTUF Offline Signer: browser-shell bridge (generated from shared/ipc/channels.ts).
(() => {
  'use strict';
  const C = ${config};
  let token = '';
  const post = (path, body, credential) => fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [C.header]: credential === undefined ? token : credential },
    body: JSON.stringify(body),
    cache: 'no-store', credentials: 'omit', redirect: 'error',
  });
  const meta = document.querySelector('meta[name="' + C.meta + '"]');
  const m = /(?:^#|&)token=([A-Za-z0-9_-]{16,128})(?:&|$)/.exec(location.hash);
  let ready = Promise.resolve();
  if (meta) {
    token = meta.getAttribute('content') || '';
    meta.remove();
    // The launch form's answer: a reload asks index.html anew (never resubmits the used form).
    history.replaceState(null, '', location.pathname + location.search);
  } else if (m) {
    history.replaceState(null, '', location.pathname + location.search);
    ready = (async () => {
      try {
        const r = await post(C.sessionPath, {}, m[1]);
        if (r.ok) token = (await r.json()).session || '';
      } catch (e) { /* the calls below say the page has no access */ }
    })();
  }
  const gone = { ok: false, error: { code: 'INTERNAL', message: 'The signer is not running any more (the browser shell was stopped); start it again with npm start.' } };
  const invoke = async (channel, arg) => {
    try {
      await ready;
      const r = await post(C.ipc, arg === undefined ? { channel } : { channel, arg });
      if (r.status === 401) return { ok: false, error: { code: 'IPC_FORBIDDEN_SENDER', message: 'This page has no access to the signer: each start of the signer opens one page, and a reloaded or second page gets none. Stop the signer and start it again (npm start).' } };
      if (r.status === 413) return await r.json();
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
    await ready;
    if (!token) return;
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
