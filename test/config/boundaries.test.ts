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
