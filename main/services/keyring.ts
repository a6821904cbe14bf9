// Public keys this app knows (generated here, imported from files, read from tokens), so the
// ceremony wizards can name keys by key id instead of paths. Public data only; stored as JSON.

import { existsSync, readFileSync } from 'node:fs';
import { SignerError } from '../../shared/errors.js';
import type { PublicKeyInfo } from '../../shared/ipc/schemas.js';
import type { TufKey } from '../../shared/tuf/types.js';
import { parseStrictJson } from '../../shared/json/strict-json.js';
import { writeFileAtomic } from '../core/platform/atomic-file.js';

export interface KeyringEntry {
  keyid: string;
  name: string;
  key: TufKey;
  origin: PublicKeyInfo['origin'];
  fileName: string | null;
}

export class Keyring {
  private entries = new Map<string, KeyringEntry>();

  constructor(private readonly file: string) {
    if (existsSync(file)) {
      const doc = parseStrictJson(readFileSync(file, 'utf8')) as unknown as { keys?: KeyringEntry[] };
      for (const e of doc.keys ?? []) this.entries.set(e.keyid, e);
    }
  }

  list(): PublicKeyInfo[] {
    return [...this.entries.values()].map(toInfo);
  }

  get(keyid: string): KeyringEntry {
    const entry = this.entries.get(keyid);
    if (!entry) throw new SignerError('ROLE_NOT_FOUND', `no public key ${keyid.slice(0, 8)} is in this app's key list; import it on the Keys screen first`);
    return entry;
  }

  /** Adds (or renames) a key; the first origin and file name are kept. */
  add(entry: KeyringEntry): PublicKeyInfo {
    const existing = this.entries.get(entry.keyid);
    const merged = existing ? { ...existing, name: entry.name || existing.name } : entry;
    this.entries.set(entry.keyid, merged);
    this.save();
    return toInfo(merged);
  }

  private save(): void {
    writeFileAtomic(this.file, `${JSON.stringify({ keys: [...this.entries.values()] }, null, 2)}\n`, { overwrite: true, mode: 0o600 });
  }
}

export function toInfo(e: KeyringEntry): PublicKeyInfo {
  return { keyid: e.keyid, name: e.name, keytype: e.key.keytype, scheme: e.key.scheme, origin: e.origin, fileName: e.fileName };
}
