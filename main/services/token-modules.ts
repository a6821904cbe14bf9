// PKCS#11 modules the holder chose in the app (main's file dialog, shared objects only), remembered
// in the data folder beside the trust store so the next start finds them too. Main owns the paths:
// the renderer only asks for the dialog and sees the module's name.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { SignerError } from '../../shared/errors.js';
import { parseStrictJson } from '../../shared/json/strict-json.js';
import { writeFileAtomic } from '../core/platform/atomic-file.js';

/** What a PKCS#11 module file is called on Linux, macOS and Windows. */
export const MODULE_EXTENSIONS = ['so', 'dylib', 'dll'];

export class ChosenModules {
  constructor(private readonly file: string) {}

  /** The remembered modules, in the order they were chosen (a damaged file counts as none). */
  list(): string[] {
    if (!existsSync(this.file)) return [];
    try {
      const doc = parseStrictJson(readFileSync(this.file, 'utf8')) as { modules?: unknown };
      return Array.isArray(doc.modules) ? doc.modules.filter((m): m is string => typeof m === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Remembers a module file main's dialog returned; refuses what is not a shared object file. */
  add(path: string): string {
    const name = basename(path);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) throw new SignerError('TOKEN_MODULE_UNAVAILABLE', `${name} is not a file; choose the PKCS#11 module itself (e.g. libykcs11.so, opensc-pkcs11.so)`);
    if (!/\.(so(\.\d+)*|dylib|dll)$/i.test(name)) throw new SignerError('TOKEN_MODULE_UNAVAILABLE', `${name} is not a PKCS#11 module (a .so, .dylib or .dll file)`);
    const modules = this.list();
    if (!modules.includes(path)) writeFileAtomic(this.file, `${JSON.stringify({ modules: [...modules, path] }, null, 2)}\n`, { overwrite: true, mode: 0o600 });
    return name;
  }
}
