// A token module or pkcs11js itself that cannot be loaded is said by file name: Node's and
// dlopen's words carry absolute paths (the addon's, the module's, the require stack), and no path
// of this laptop belongs in a message the page or a terminal log shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thrownSignerError } from '../../../helpers/signer-error.js';
import { openModule, type Pkcs11Factory } from '../../../../main/core/tokens/pkcs11-module.js';

let dir: string;
let modulePath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkcs11-load-'));
  modulePath = join(dir, 'libfake-pkcs11.so');
  writeFileSync(modulePath, 'not a shared object');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('PKCS#11 load failures', () => {
  it('pkcs11js missing from the build: the addon is named, its path and the require stack are not', () => {
    const addon = '/opt/rstuf-signer/resources/app/node_modules/pkcs11js/build/Release/pkcs11.node';
    const factory: Pkcs11Factory = () => {
      throw new Error(`Cannot find module '${addon}'\nRequire stack:\n- /opt/rstuf-signer/resources/app/out/main.js`);
    };
    const error = thrownSignerError(() => openModule(modulePath, factory));
    expect(error.code).toBe('TOKEN_MODULE_UNAVAILABLE');
    expect(error.message).toContain("Cannot find module 'pkcs11.node'");
    expect(error.message).not.toContain('/opt/');
    expect(error.message).not.toContain('main.js');
  });

  it('a module dlopen refuses: its file name and the reason, never the folder it is in', () => {
    const factory: Pkcs11Factory = () =>
      ({
        load: (path: string) => {
          throw new Error(`${path}: invalid ELF header (needed by /usr/lib/x86_64-linux-gnu/libp11-kit.so.0)`);
        },
      }) as unknown as ReturnType<Pkcs11Factory>;
    const error = thrownSignerError(() => openModule(modulePath, factory));
    expect(error.message).toContain('cannot load libfake-pkcs11.so as a PKCS#11 module (libfake-pkcs11.so: invalid ELF header (needed by libp11-kit.so.0))');
    expect(error.message).not.toContain(dir);
    expect(error.message).not.toContain('/usr/lib');
    // The path stays data, for the terminal that chose it.
    expect(error.file).toBe(modulePath);
  });
});
