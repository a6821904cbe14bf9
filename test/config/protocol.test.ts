// app://signer path confinement (and the same confinement in the browser shell's static server).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confinePath, relativeRequestPath } from '../../main/services/confine-path.js';
import { APP_SCHEME_PRIVILEGES, resolveAppRequest } from '../../main/shells/electron/protocol.js';

let root: string;
let renderer: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rstuf-protocol-'));
  renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside');
  symlinkSync(join(root, 'secret.txt'), join(renderer, 'assets', 'escape.js'));
  symlinkSync(root, join(renderer, 'up'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('relativeRequestPath', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/app.js', 'assets/app.js'],
    ['/assets/', 'assets/index.html'],
    ['/assets/app%20x.js', 'assets/app x.js'],
  ])('%s -> %s', (input, expected) => {
    expect(relativeRequestPath(input)).toBe(expected);
  });

  it.each(['/../package.json', '/assets/../../x', '/%2e%2e/x', '/%2E%2E/%2E%2E/etc/passwd', '/assets/..%2f..%2fx', '/a\\..\\b', '/a%5c..%5cb', '/index.html%00.js', '/C:/Windows/win.ini', '/./index.html', '//etc/passwd', 'index.html', '/%zz', ''])('refuses %j', (input) => {
    expect(relativeRequestPath(input)).toBeNull();
  });
});

describe('resolveAppRequest', () => {
  it('serves files inside the renderer folder with their content type', () => {
    expect(resolveAppRequest('app://signer/index.html', renderer)).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('app://signer/', renderer)).toMatchObject({ status: 200 });
    expect(resolveAppRequest('app://signer/assets/app.js', renderer)).toMatchObject({ status: 200, contentType: 'text/javascript; charset=utf-8' });
  });

  it.each(['app://evil/index.html', 'app://signer.evil/index.html', 'app://x@signer/index.html', 'app://signer:1/index.html', 'https://signer/index.html', 'file:///index.html', 'nonsense'])('refuses other origins: %s', (url) => {
    expect(resolveAppRequest(url, renderer).status).toBe(403);
  });

  it.each(['app://signer/../secret.txt', 'app://signer/%2e%2e/secret.txt', 'app://signer/assets/escape.js', 'app://signer/up/secret.txt', 'app://signer/missing.js', 'app://signer/assets'])('never serves a file outside (or missing): %s', (url) => {
    expect(resolveAppRequest(url, renderer).status).toBe(404);
    expect(confinePath(renderer, new URL(url).pathname)).toBeNull();
  });
});

describe('app:// scheme privileges', () => {
  it('is a standard secure origin without fetch, CORS, CSP bypass or service workers', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, bypassCSP: false, allowServiceWorkers: false });
  });
});
