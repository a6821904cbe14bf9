// rstuf-signer audit: the audit log of the data folder, the same entries (and the same hash-chain
// check) the desktop app's Audit log screen shows, since the CLI and the app share the folder.

import { SignerError } from '../../../shared/errors.js';
import type { AuditEntry } from '../../../shared/ipc/schemas.js';
import { AuditLog } from '../../services/audit-log.js';
import { appPaths, defaultDataDir } from '../../core/platform/data-dir.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { keySourceWords } from '../../../shared/review/words.js';

const HELP = `Usage: rstuf-signer audit [--json]
       rstuf-signer audit verify [--json]

The audit log records every signature made on this laptop, by rstuf-signer or the desktop app:
time, repository, role and version, the key (name and id), the signer (key file name or token
serial) and the sha256 of the signed bytes. Each entry carries the hash of the one before it.

  audit          lists the entries, newest first, one line each (--json: the entries array)
  audit verify   checks the hash chain and the end marker; exits 1 when an entry was edited,
                 removed or reordered, naming the first bad entry (--json: the check)

The log is audit-log.jsonl in the data folder shared with the desktop app: $RSTUF_SIGNER_HOME,
else $XDG_DATA_HOME/rstuf-offline-signer (~/.local/share/rstuf-offline-signer).`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, HELP);
  const [sub, ...rest] = positionals;
  if (rest.length > 0 || (sub !== undefined && sub !== 'verify')) {
    throw new SignerError('USAGE', `${sub !== 'verify' ? `unknown subcommand "${sub}"` : 'audit verify takes no file'}: use "audit" or "audit verify"\n\n${HELP}`);
  }
  const file = appPaths(defaultDataDir(), { create: false }).auditLog;
  const log = new AuditLog(file);
  return sub === 'verify' ? verify(log, file, values.json ?? false, io) : list(log, file, values.json ?? false, io);
}

function list(log: AuditLog, file: string, json: boolean, io: CliIo): number {
  const { entries } = log.list(Number.MAX_SAFE_INTEGER);
  const chain = log.verify();
  if (json) io.stdout(JSON.stringify(entries, null, 2));
  else if (entries.length === 0) io.stdout(`No signatures recorded in ${file}.`);
  else {
    io.stdout(`Audit log ${file}: ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, newest first`);
    for (const entry of entries) io.stdout(entryLine(entry));
  }
  // Listing is not the check, but a broken chain is never passed over in silence.
  if (!chain.valid) io.stderr(`rstuf-signer: warning: ${chain.message}; run \`rstuf-signer audit verify\``);
  return 0;
}

function verify(log: AuditLog, file: string, json: boolean, io: CliIo): number {
  const chain = log.verify();
  if (json) io.stdout(JSON.stringify({ file, ...chain }, null, 2));
  if (!chain.valid) {
    io.stderr(`rstuf-signer: the audit log ${file} is broken: ${chain.message}`);
    return 1;
  }
  if (!json) io.stdout(`Audit log ${file}: ${chain.message}.`);
  return 0;
}

/** time, repository, role vN, key name (id), signer, sha256 of the signed bytes (shortened). */
export function entryLine(entry: AuditEntry): string {
  const signer = keySourceWords(entry.keySource);
  return [
    `#${entry.seq}`,
    entry.time,
    entry.repository,
    `${entry.role} v${entry.version}`,
    `${entry.keyName} (${entry.keyid.slice(0, 8)})`,
    signer,
    `sha256 ${entry.signedSha256.slice(0, 16)}`,
  ].join('  ');
}
