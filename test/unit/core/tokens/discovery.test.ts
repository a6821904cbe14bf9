import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverModules, kindOf, knownModulePaths, moduleCandidate } from '../../../../main/core/tokens/discovery.js';

const only = (...present: string[]) => (path: string) => present.includes(path);

describe('PKCS#11 module discovery', () => {
  it('finds ykcs11, OpenSC and SoftHSM2 at Debian multiarch paths, one entry per module', () => {
    const found = discoverModules({
      platform: 'linux',
      arch: 'x64',
      env: {},
      isFile: only('/usr/lib/x86_64-linux-gnu/libykcs11.so', '/usr/lib/x86_64-linux-gnu/libykcs11.so.2', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', '/usr/lib/softhsm/libsofthsm2.so'),
    });
    expect(found.map((m) => [m.kind, m.path])).toEqual([
      ['ykcs11', '/usr/lib/x86_64-linux-gnu/libykcs11.so'],
      ['opensc', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so'],
      ['softhsm2', '/usr/lib/softhsm/libsofthsm2.so'],
    ]);
  });

  it('looks in the aarch64 and Fedora (lib64) locations too', () => {
    const found = discoverModules({ platform: 'linux', arch: 'arm64', env: {}, isFile: only('/usr/lib/aarch64-linux-gnu/libykcs11.so', '/usr/lib64/pkcs11/opensc-pkcs11.so') });
    expect(found.map((m) => m.path)).toEqual(['/usr/lib/aarch64-linux-gnu/libykcs11.so', '/usr/lib64/pkcs11/opensc-pkcs11.so']);
  });

  it('finds the Windows installs under Program Files, honouring the environment', () => {
    const env = { ProgramFiles: 'D:\\Apps', 'ProgramFiles(x86)': 'D:\\Apps (x86)', SystemRoot: 'C:\\Windows' };
    const ykcs11 = 'D:\\Apps\\Yubico\\Yubico PIV Tool\\bin\\libykcs11.dll';
    const opensc = 'D:\\Apps\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll';
    const found = discoverModules({ platform: 'win32', arch: 'x64', env, isFile: only(ykcs11, opensc) });
    expect(found.map((m) => [m.kind, m.path])).toEqual([
      ['ykcs11', ykcs11],
      ['opensc', opensc],
    ]);
    expect(knownModulePaths('win32', 'x64', {}).map((c) => c.path)).toContain('C:\\Program Files\\Yubico\\Yubico PIV Tool\\bin\\libykcs11.dll');
  });

  it('finds Homebrew and OpenSC.pkg installs on macOS', () => {
    const found = discoverModules({ platform: 'darwin', arch: 'arm64', env: {}, isFile: only('/opt/homebrew/lib/libykcs11.dylib', '/Library/OpenSC/lib/opensc-pkcs11.so') });
    expect(found.map((m) => m.path)).toEqual(['/opt/homebrew/lib/libykcs11.dylib', '/Library/OpenSC/lib/opensc-pkcs11.so']);
  });

  it('lists user-picked paths first, present or not, and RSTUF_SIGNER_PKCS11_MODULE after them', () => {
    const found = discoverModules({
      platform: 'linux',
      arch: 'x64',
      env: { RSTUF_SIGNER_PKCS11_MODULE: '/opt/hsm/libcloudhsm.so' },
      userPaths: ['/home/me/libykcs11.so'],
      isFile: only('/opt/hsm/libcloudhsm.so', '/usr/lib/softhsm/libsofthsm2.so'),
    });
    expect(found).toEqual([
      { path: '/home/me/libykcs11.so', kind: 'ykcs11', name: 'Yubico ykcs11 (YubiKey PIV), chosen', present: false },
      { path: '/opt/hsm/libcloudhsm.so', kind: 'user', name: 'chosen module', present: true },
      { path: '/usr/lib/softhsm/libsofthsm2.so', kind: 'softhsm2', name: 'SoftHSM2 (software token)', present: true },
    ]);
  });

  it('lists a module reached through a link once (RSTUF_SIGNER_PKCS11_MODULE naming a symlink of a found module)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkcs11-link-'));
    try {
      const real = join(dir, 'libsofthsm2.so');
      writeFileSync(real, 'not really a module');
      const link = join(dir, 'my-token.so');
      symlinkSync(real, link);
      const found = discoverModules({ platform: 'linux', arch: 'x64', env: { RSTUF_SIGNER_PKCS11_MODULE: link }, userPaths: [real] });
      expect(found.filter((m) => m.path === real || m.path === link).map((m) => m.path)).toEqual([real]);
      // A fake file system says the same for the known paths: a link to the Debian module is that module.
      const known = discoverModules({ platform: 'linux', arch: 'x64', env: { RSTUF_SIGNER_PKCS11_MODULE: '/home/me/softhsm.so' }, isFile: only('/home/me/softhsm.so', '/usr/lib/softhsm/libsofthsm2.so'), realPath: (p) => (p === '/home/me/softhsm.so' ? '/usr/lib/softhsm/libsofthsm2.so' : p) });
      expect(known.map((m) => m.path)).toEqual(['/home/me/softhsm.so']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with includeMissing, says every place it looked', () => {
    const all = discoverModules({ platform: 'linux', arch: 'x64', env: {}, isFile: () => false, includeMissing: true });
    expect(all.every((m) => !m.present)).toBe(true);
    expect(all.map((m) => m.path)).toContain('/usr/lib/x86_64-linux-gnu/libykcs11.so');
    expect(all.map((m) => m.path)).toContain('/usr/lib/softhsm/libsofthsm2.so');
  });

  it('guesses the kind of a picked file from its name, on either path style', () => {
    expect(kindOf('C:\\Tools\\OPENSC-PKCS11.DLL')).toBe('opensc');
    expect(kindOf('/x/softhsm2-x64.dll')).toBe('softhsm2');
    expect(moduleCandidate('/x/libeTPkcs11.so', () => true)).toEqual({ path: '/x/libeTPkcs11.so', kind: 'user', name: 'chosen module', present: true });
  });
});
