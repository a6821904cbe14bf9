/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for node --require */
// Preloaded into CLI children (NODE_OPTIONS=--require) by test/cli/no-network-*.test.ts: every
// outbound connection attempt (TCP/TLS sockets, DNS lookups, UDP sends, HTTP(S)/HTTP2 clients,
// fetch, WebSocket) is appended as one JSON line to $RSTUF_NET_GUARD_LOG and then refused, so a
// test can fail on any attempt even when the product swallows the error.
'use strict';
const fs = require('node:fs');

const logFile = process.env.RSTUF_NET_GUARD_LOG;
if (logFile) {
  const record = (api, target) => {
    const line = JSON.stringify({ api, target: String(target ?? ''), argv: process.argv.slice(2).join(' '), pid: process.pid });
    fs.appendFileSync(logFile, `${line}\n`);
    const error = new Error(`network access blocked by net-guard: ${api} ${target ?? ''}`);
    error.code = 'ENETUNREACH';
    return error;
  };
  const describeTarget = (args) => {
    const [a, b] = args;
    if (a && typeof a === 'object' && !Array.isArray(a)) return a.path ?? `${a.host ?? a.hostname ?? 'localhost'}:${a.port ?? ''}`;
    if (Array.isArray(a) && a[0] && typeof a[0] === 'object') return `${a[0].host ?? 'localhost'}:${a[0].port ?? ''}`;
    return b === undefined ? a : `${b}:${a}`;
  };
  const block = (object, name, api) => {
    if (!object || typeof object[name] !== 'function') return;
    object[name] = function guarded(...args) {
      throw record(api, describeTarget(args));
    };
  };

  const net = require('node:net');
  net.Socket.prototype.connect = function guardedConnect(...args) {
    throw record('net.Socket.connect', describeTarget(args));
  };
  block(net, 'connect', 'net.connect');
  block(net, 'createConnection', 'net.createConnection');
  const tls = require('node:tls');
  block(tls, 'connect', 'tls.connect');
  const dns = require('node:dns');
  for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveTxt', 'resolveSrv', 'reverse']) {
    block(dns, name, `dns.${name}`);
    block(dns.promises, name, `dns.promises.${name}`);
  }
  block(dns.Resolver && dns.Resolver.prototype, 'resolve', 'dns.Resolver.resolve');
  for (const mod of ['node:http', 'node:https']) {
    const m = require(mod);
    block(m, 'request', `${mod.slice(5)}.request`);
    block(m, 'get', `${mod.slice(5)}.get`);
  }
  block(require('node:http2'), 'connect', 'http2.connect');
  const dgram = require('node:dgram');
  block(dgram.Socket.prototype, 'send', 'dgram.send');
  block(dgram.Socket.prototype, 'connect', 'dgram.connect');
  if (typeof globalThis.fetch === 'function') {
    globalThis.fetch = async (input) => {
      throw record('fetch', typeof input === 'string' ? input : input?.url ?? String(input));
    };
  }
  if (typeof globalThis.WebSocket === 'function') {
    globalThis.WebSocket = function GuardedWebSocket(url) {
      throw record('WebSocket', url);
    };
  }
  // ESM `import { request } from 'node:http'` sees the guarded functions only after this.
  require('node:module').syncBuiltinESMExports();
}
