// Source-level checks of the Electron boundary, backing the lint rules with a test that fails loudly:
// only main/shells/electron imports electron values, only register.ts uses ipcMain, nothing opens external
// URLs or uses synchronous IPC, and no file turns a secure preference back on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

const files = ['main', 'shared', 'renderer', 'scripts'].flatMap((d) => sources(join(REPO_ROOT, d))).map((path) => ({ rel: relative(REPO_ROOT, path), text: readFileSync(path, 'utf8') }));
const code = (text: string) => text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');

describe('Electron boundary in the source', () => {
  it('imports electron values only in main/shells/electron/', () => {
    const offenders = files.filter((f) => /^import\s+(?!type\b)[^;]*from\s+'electron'/m.test(code(f.text)) && !f.rel.startsWith('main/shells/electron/')).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('uses ipcMain only in register.ts', () => {
    const offenders = files.filter((f) => /ipcMain\s*\.\s*(handle|on|once|handleOnce)\b/.test(code(f.text)) && f.rel !== 'main/shells/electron/register.ts').map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('never opens external URLs, never uses synchronous IPC, never re-enables node or remote content', () => {
    const patterns = [/openExternal/, /sendSync/, /nodeIntegration\s*:\s*true/, /contextIsolation\s*:\s*false/, /sandbox\s*:\s*false/, /webSecurity\s*:\s*false/, /webviewTag\s*:\s*true/, /allowRunningInsecureContent\s*:\s*true/];
    const offenders = files.flatMap((f) => patterns.filter((p) => p.test(code(f.text))).map((p) => `${f.rel}: ${p}`));
    expect(offenders).toEqual([]);
  });

  it('exposes nothing but window.signer from the preload', () => {
    const preload = files.find((f) => f.rel === 'main/shells/electron/preload.ts')!;
    expect(code(preload.text).match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(code(preload.text)).toContain("exposeInMainWorld('signer'");
    expect(code(preload.text)).not.toMatch(/process\.|require\(/);
  });

  it('exposes nothing at all from the secret prompt\'s preload', () => {
    const preload = files.find((f) => f.rel === 'main/shells/electron/secret-preload.ts')!;
    expect(code(preload.text)).not.toMatch(/exposeInMainWorld|process\.|require\(/);
  });
});

describe('Network boundary in the source (the signer is air-gapped)', () => {
  // Only the CLI's online-side courier talks to an RSTUF API. The browser shell's server and the
  // bridge it injects are the app's own loopback transport (127.0.0.1, same origin, see
  // test/unit/shells/browser-shell-server.test.ts); nothing else may open a socket or a URL.
  const NETWORK = [/from 'node:(http|https|http2|net|tls|dgram)'/, /\bfetch\(/, /\bnew WebSocket\(/, /\bXMLHttpRequest\b/, /\bEventSource\(/, /sendBeacon/];
  const ALLOWED = ['main/courier/rstuf-api.ts', 'main/shells/browser/server.ts', 'main/shells/browser/bridge-script.ts'];

  it('keeps network code in the courier and the loopback shell only', () => {
    const offenders = files.filter((f) => !ALLOWED.includes(f.rel) && !f.rel.startsWith('scripts/') && NETWORK.some((p) => p.test(code(f.text)))).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('the page bridge fetches only its own origin\'s /__signer/ paths', async () => {
    const { IPC_PATH, EVENTS_PATH, SESSION_PATH } = await import('../../main/shells/browser/bridge-script.js');
    for (const path of [IPC_PATH, EVENTS_PATH, SESSION_PATH]) expect(path).toMatch(/^\/__signer\/[a-z]+$/);
    const bridge = files.find((f) => f.rel === 'main/shells/browser/bridge-script.ts')!;
    // One fetch, and it is given a path from the config above, never a URL with a scheme or host.
    expect(code(bridge.text).match(/\bfetch\(/g)).toHaveLength(1);
    expect(code(bridge.text)).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });
});
