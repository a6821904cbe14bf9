// app://signer/: the renderer's files, served from out/renderer with path confinement and the CSP
// header (Element's vector://, Actual's app://actual). Not file://, which would give the page the
// whole file system as its origin (and fuse grantFileProtocolExtraPrivileges is off). Unknown hosts,
// traversal attempts and missing files get 404 / 403, never a file outside out/renderer.

import { readFileSync } from 'node:fs';
import type { CustomScheme, Protocol } from 'electron';
import { confinePath, contentTypeOf } from '../../services/confine-path.js';
import { CONTENT_SECURITY_POLICY } from '../../services/csp.js';
import { APP_HOST, APP_SCHEME, parseUrl } from './security/origin.js';

/** Privileges of app:// (registered before ready): a standard, secure origin; no fetch, CORS or SW. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: false,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: false,
  codeCache: false,
} as const satisfies NonNullable<CustomScheme['privileges']>;

export const APP_SCHEME_REGISTRATION: CustomScheme = { scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES };

export type AppProtocolDecision = { status: 200; file: string; contentType: string } | { status: 403 | 404 };

/** Pure decision for one app:// request URL (tested with an adversarial table in test/config). */
export function resolveAppRequest(requestUrl: string, rendererDir: string): AppProtocolDecision {
  const url = parseUrl(requestUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') return { status: 403 };
  const file = confinePath(rendererDir, url.pathname);
  if (!file) return { status: 404 };
  return { status: 200, file, contentType: contentTypeOf(file) };
}

export const APP_RESPONSE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
} as const;

export function appProtocolHandler(rendererDir: string) {
  return (request: { url: string }): Response => {
    const decision = resolveAppRequest(request.url, rendererDir);
    if (decision.status !== 200) return new Response(null, { status: decision.status, headers: APP_RESPONSE_HEADERS });
    return new Response(readFileSync(decision.file), { status: 200, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': decision.contentType } });
  };
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
}
