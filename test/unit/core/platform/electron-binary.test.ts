// npm start chooses Electron or the browser shell from this lookup; it must find a binary that is
// there and report none (never download one) when it is missing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../../main/core/platform/electron-binary.js';

const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
let executable = 'electron';
try {
  executable = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
} catch {
  // no path.txt: the lookup falls back to "electron" under an override dir
}

describe('findElectronBinary', () => {
  it('finds the binary in an override dist folder', () => {
    const dist = mkdtempSync(join(tmpdir(), 'electron-dist-'));
    writeFileSync(join(dist, executable), '');
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toBe(join(dist, executable));
  });
  it('reports none when the override folder has no binary', () => {
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(tmpdir(), 'electron-empty-')) })).toBeUndefined();
  });
});
