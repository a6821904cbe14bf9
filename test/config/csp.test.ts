// The Content Security Policy, exactly, everywhere it is served.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER_SHELL_CSP, CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, META_CONTENT_SECURITY_POLICY } from '../../main/services/csp.js';
import { APP_RESPONSE_HEADERS } from '../../main/shells/electron/protocol.js';
import { shellIndexHtml } from '../../main/shells/browser/server.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const EXPECTED =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function metaCsp(html: string): string | undefined {
  return /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
}

describe('CSP', () => {
  it('is exactly the agreed policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(EXPECTED);
  });

  it('allows no network connection, no inline script and nothing from other origins', () => {
    expect(CSP_DIRECTIVES['connect-src']).toEqual(["'none'"]);
    expect(CSP_DIRECTIVES['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('is the app:// response header', () => {
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(EXPECTED);
  });

  it("is renderer/index.html's meta tag (minus frame-ancestors, which a meta tag cannot carry)", () => {
    const html = readFileSync(join(REPO_ROOT, 'renderer/index.html'), 'utf8');
    expect(metaCsp(html)).toBe(META_CONTENT_SECURITY_POLICY);
    expect(META_CONTENT_SECURITY_POLICY).toBe(EXPECTED.replace("; frame-ancestors 'none'", ''));
  });

  it('differs in the browser shell only by connect-src self (its own 127.0.0.1 server)', () => {
    expect(BROWSER_SHELL_CSP).toBe(EXPECTED.replace("connect-src 'none'", "connect-src 'self'"));
    const html = shellIndexHtml(readFileSync(join(REPO_ROOT, 'renderer/index.html'), 'utf8'), true);
    expect(metaCsp(html)).toBe(META_CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'"));
    expect(html.indexOf('/__signer/bridge.js')).toBeGreaterThan(html.indexOf('Content-Security-Policy'));
    expect(html.indexOf('/__signer/bridge.js')).toBeLessThan(html.search(/<script type="module"/));
  });

  it('is unchanged (connect-src none) when the shell serves without IPC (the e2e harness)', () => {
    const html = shellIndexHtml(readFileSync(join(REPO_ROOT, 'renderer/index.html'), 'utf8'), false);
    expect(metaCsp(html)).toBe(META_CONTENT_SECURITY_POLICY);
    expect(html).not.toContain('bridge.js');
  });
});
