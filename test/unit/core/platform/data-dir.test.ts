// The one data folder the CLI and the app share: where it is, that it is private, and the one-time
// move of the CLI's old trust store (~/.config/rstuf-signer/trust) into it.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appDataDir, appPaths, defaultDataDir, legacyTrustStoreDir, migrateLegacyTrustStore } from '../../../../main/core/platform/data-dir.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rstuf-data-dir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('defaultDataDir', () => {
  it('is $RSTUF_SIGNER_HOME, else $XDG_DATA_HOME/rstuf-offline-signer, else ~/.local/share/rstuf-offline-signer', () => {
    expect(defaultDataDir({ RSTUF_SIGNER_HOME: '/srv/signer', XDG_DATA_HOME: '/x' }, '/home/u')).toBe('/srv/signer');
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, '/home/u')).toBe('/x/rstuf-offline-signer');
    expect(defaultDataDir({}, '/home/u')).toBe('/home/u/.local/share/rstuf-offline-signer');
    // An empty variable is an unset one.
    expect(defaultDataDir({ RSTUF_SIGNER_HOME: '', XDG_DATA_HOME: '' }, '/home/u')).toBe('/home/u/.local/share/rstuf-offline-signer');
  });

  it("the app's --data-dir and RSTUF_SIGNER_DATA_DIR override it", () => {
    expect(appDataDir(['electron', '.', '--data-dir', '/d1'], { RSTUF_SIGNER_DATA_DIR: '/d2' })).toEqual({ dataDir: '/d1', isDefault: false });
    expect(appDataDir(['--data-dir=/d1'], {})).toEqual({ dataDir: '/d1', isDefault: false });
    expect(appDataDir([], { RSTUF_SIGNER_DATA_DIR: '/d2' })).toEqual({ dataDir: '/d2', isDefault: false });
    expect(appDataDir([], { RSTUF_SIGNER_HOME: '/d3' })).toEqual({ dataDir: '/d3', isDefault: true });
  });
});

describe('appPaths', () => {
  it('lays the folder out and creates it private', () => {
    const paths = appPaths(join(dir, 'new', 'data'));
    expect(paths).toMatchObject({ auditLog: join(dir, 'new', 'data', 'audit-log.jsonl'), trust: join(dir, 'new', 'data', 'trust'), keyring: join(dir, 'new', 'data', 'keyring.json') });
    expect(mode(paths.dataDir)).toBe(0o700);
  });

  it('narrows an existing folder that others can read to 0700', () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    chmodSync(data, 0o755);
    appPaths(data);
    expect(mode(data)).toBe(0o700);
    chmodSync(data, 0o750);
    appPaths(data, { create: false });
    expect(mode(data)).toBe(0o700);
  });

  it('creates nothing when asked not to', () => {
    appPaths(join(dir, 'absent'), { create: false });
    expect(existsSync(join(dir, 'absent'))).toBe(false);
  });
});

describe('moving the old trust store', () => {
  const home = () => join(dir, 'home');
  const oldStore = () => join(home(), '.config', 'rstuf-signer', 'trust');
  const newStore = () => join(home(), '.local', 'share', 'rstuf-offline-signer', 'trust');
  const env = {};
  const seed = (at: string, text: string) => {
    mkdirSync(join(at, 'default', 'roots'), { recursive: true });
    writeFileSync(join(at, 'default', 'trust.json'), text);
    writeFileSync(join(at, 'default', 'roots', '1.root.json'), '{}');
  };

  it('knows the old places', () => {
    expect(legacyTrustStoreDir({}, 'linux', '/home/u')).toBe('/home/u/.config/rstuf-signer/trust');
    expect(legacyTrustStoreDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/rstuf-signer/trust');
    expect(legacyTrustStoreDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/rstuf-signer/trust');
  });

  it('moves it over once, says so in one line, and keeps the old folder aside', () => {
    seed(oldStore(), 'old index');
    const message = migrateLegacyTrustStore(env, { home: home(), platform: 'linux' });
    expect(message).toBe(
      `moved the trust store from ${oldStore()} to ${newStore()}, the data folder shared with the desktop app (the old folder is kept as ${join(home(), '.config', 'rstuf-signer', 'trust.moved')})`,
    );
    expect(message).not.toContain('\n');
    expect(readFileSync(join(newStore(), 'default', 'trust.json'), 'utf8')).toBe('old index');
    expect(existsSync(join(newStore(), 'default', 'roots', '1.root.json'))).toBe(true);
    expect(existsSync(oldStore())).toBe(false);
    expect(existsSync(join(home(), '.config', 'rstuf-signer', 'trust.moved', 'default', 'trust.json'))).toBe(true);
    expect(mode(join(home(), '.local', 'share', 'rstuf-offline-signer'))).toBe(0o700);
    // Nothing is left half-copied beside the new store.
    expect(migrateLegacyTrustStore(env, { home: home(), platform: 'linux' })).toBeUndefined();
  });

  it('never overwrites a trust store the data folder already has', () => {
    seed(oldStore(), 'old index');
    seed(newStore(), 'new index');
    expect(migrateLegacyTrustStore(env, { home: home(), platform: 'linux' })).toBeUndefined();
    expect(readFileSync(join(newStore(), 'default', 'trust.json'), 'utf8')).toBe('new index');
    expect(readFileSync(join(oldStore(), 'default', 'trust.json'), 'utf8')).toBe('old index');
  });

  it('follows $XDG_CONFIG_HOME and $XDG_DATA_HOME', () => {
    const from = join(dir, 'cfg', 'rstuf-signer', 'trust');
    seed(from, 'xdg index');
    const xdg = { XDG_CONFIG_HOME: join(dir, 'cfg'), XDG_DATA_HOME: join(dir, 'data') };
    expect(migrateLegacyTrustStore(xdg, { home: home(), platform: 'linux' })).toContain(`from ${from} to ${join(dir, 'data', 'rstuf-offline-signer', 'trust')}`);
    expect(readFileSync(join(dir, 'data', 'rstuf-offline-signer', 'trust', 'default', 'trust.json'), 'utf8')).toBe('xdg index');
  });

  it('does nothing when there is no old store, or when $RSTUF_SIGNER_HOME names the folder', () => {
    expect(migrateLegacyTrustStore(env, { home: home(), platform: 'linux' })).toBeUndefined();
    expect(existsSync(join(home(), '.local'))).toBe(false);
    seed(oldStore(), 'old index');
    expect(migrateLegacyTrustStore({ RSTUF_SIGNER_HOME: join(dir, 'signer') }, { home: home(), platform: 'linux' })).toBeUndefined();
    expect(existsSync(join(dir, 'signer'))).toBe(false);
    expect(existsSync(oldStore())).toBe(true);
  });
});
