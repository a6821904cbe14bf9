// electron-builder.yml: every fuse spelled out with its secure value, and the packaging settings
// an air-gapped app depends on (Element's Required<electronFuses> rule, enforced without Electron).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/fixtures.js';

const config = parse(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8'));

const EXPECTED_FUSES: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

describe('electron-builder.yml', () => {
  it.each(Object.entries(EXPECTED_FUSES))('fuse %s is %s', (fuse, value) => {
    expect(config.electronFuses[fuse]).toBe(value);
  });

  it('decides every fuse this Electron version has (a new fuse fails this test until it is decided)', () => {
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k))).map(camel);
    expect(known.length).toBeGreaterThanOrEqual(8);
    for (const fuse of known) expect(config.electronFuses, `fuse ${fuse} is not spelled out`).toHaveProperty(fuse);
    expect(Object.keys(config.electronFuses).filter((k) => k !== 'resetAdHocDarwinSignature').sort()).toEqual(known.sort());
  });

  it('packs into asar, unpacks native addons and never rebuilds them silently', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.npmRebuild).toBe(false);
  });

  it('publishes nowhere (no update feed)', () => {
    expect(config.publish).toBeNull();
  });

  it('builds AppImage and deb on Linux, with dmg and nsis configured', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toContain('dmg');
    expect(config.win.target).toContain('nsis');
  });

  it('ships build output only', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', '!**/*.map']));
    expect(config.files.some((f: string) => /^(main|shared|renderer|test)\//.test(f))).toBe(false);
  });
});
