// Where the app keeps its state, all under one injectable app data directory (Electron's
// app.getPath('userData'), the browser shell's --data-dir, or a temp dir in tests).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AppPaths {
  dataDir: string;
  /** Append-only JSON lines with a sha256 hash chain. */
  auditLog: string;
  /** Public keys known to the app (for ceremonies). */
  keyring: string;
  /** The trust store folder (main/trust): pinned root and roots verified from it. */
  trust: string;
  /** Copies of dropped files, one folder per import (the renderer never sees these paths). */
  dropped: string;
}

export function appPaths(dataDir: string): AppPaths {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return {
    dataDir: dir,
    auditLog: join(dir, 'audit-log.jsonl'),
    keyring: join(dir, 'keyring.json'),
    trust: join(dir, 'trust'),
    dropped: join(dir, 'dropped'),
  };
}
