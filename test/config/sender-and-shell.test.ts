// Who may call main: the Electron sender-frame check and the browser shell's request check.
import { describe, expect, it } from 'vitest';
import { checkIpcRequest, tokensEqual } from '../../main/shells/browser/server.js';
import { isTrustedSender } from '../../main/shells/electron/register.js';

describe('isTrustedSender (Electron)', () => {
  const top = (url: string) => ({ senderFrame: { url, parent: null } });
  it('accepts the top frame of app://signer', () => {
    expect(isTrustedSender(top('app://signer/index.html'))).toBe(true);
  });

  it.each([
    ['an iframe of the app', { senderFrame: { url: 'app://signer/index.html', parent: {} } }],
    ['no frame (destroyed)', { senderFrame: null }],
    ['no frame at all', {}],
    ['another scheme', top('https://example.com/')],
    ['a lookalike host', top('app://signer.evil/index.html')],
    ['credentials in the URL', top('app://signer@evil/index.html')],
    ['file://', top('file:///work/out/renderer/index.html')],
    ['about:blank', top('about:blank')],
    ['a data URL', top('data:text/html,hi')],
  ])('refuses %s', (_what, event) => {
    expect(isTrustedSender(event as never)).toBe(false);
  });
});

describe('checkIpcRequest (browser shell)', () => {
  const origin = 'http://127.0.0.1:41234';
  const token = 'k'.repeat(43);
  const good = { method: 'POST', headers: { host: '127.0.0.1:41234', origin, 'content-type': 'application/json', 'x-signer-token': token } };

  it('accepts the page it served', () => {
    expect(checkIpcRequest(good, origin, token)).toBeNull();
    expect(checkIpcRequest({ ...good, headers: { ...good.headers, 'content-type': 'application/json; charset=utf-8' } }, origin, token)).toBeNull();
  });

  it.each([
    ['GET', { method: 'GET' }, 405],
    ['a rebinding Host', { headers: { ...good.headers, host: 'evil.example:41234' } }, 421],
    ['localhost as Host', { headers: { ...good.headers, host: 'localhost:41234' } }, 421],
    ['no Origin', { headers: { ...good.headers, origin: undefined } }, 403],
    ['a foreign Origin', { headers: { ...good.headers, origin: 'https://evil.example' } }, 403],
    ['a null Origin', { headers: { ...good.headers, origin: 'null' } }, 403],
    ['a form post', { headers: { ...good.headers, 'content-type': 'application/x-www-form-urlencoded' } }, 415],
    ['text/plain', { headers: { ...good.headers, 'content-type': 'text/plain' } }, 415],
    ['no token', { headers: { ...good.headers, 'x-signer-token': undefined } }, 401],
    ['a wrong token', { headers: { ...good.headers, 'x-signer-token': 'x'.repeat(43) } }, 401],
    ['a token prefix', { headers: { ...good.headers, 'x-signer-token': token.slice(0, 10) } }, 401],
    ['two tokens', { headers: { ...good.headers, 'x-signer-token': [token, token] } }, 401],
  ])('refuses %s', (_what, change, status) => {
    expect(checkIpcRequest({ ...good, ...change } as never, origin, token)).toBe(status);
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(`${token} `, token)).toBe(false);
    expect(tokensEqual(undefined, token)).toBe(false);
  });
});
