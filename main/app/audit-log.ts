// The local record of every signature made on this laptop: append-only JSON lines, each entry
// carrying the sha256 of the previous one, so removing, reordering or editing an entry breaks the
// chain from that point and verify() says where. It records WHAT was signed (role, version, sha256 of
// the signed bytes) and WITH WHAT (key id, name, key file name or token serial), never a secret.
//
// Entry hash = sha256(canonical JSON of the entry without "hash"), and the entry includes prevHash.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { SignerError } from '../../shared/errors.js';
import { canonicalize } from '../../shared/tuf/canonical.js';
import { AuditEntrySchema, type AuditEntry, type KeySource } from '../../shared/ipc/schemas.js';
import { writeFileAtomic } from '../platform/atomic-file.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  repository: string;
  role: string;
  version: number;
  signedSha256: string;
  keyid: string;
  keyName: string;
  keySource: KeySource;
}

export interface ChainCheck {
  valid: boolean;
  brokenAtSeq: number | null;
  message: string;
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalize(entry), 'utf8').digest('hex');
}

export class AuditLog {
  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** All lines as stored (parsed leniently: verify() reports what is wrong with them). */
  private readLines(): string[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8').split('\n').filter((l) => l.length > 0);
  }

  entries(): AuditEntry[] {
    const out: AuditEntry[] = [];
    for (const line of this.readLines()) {
      try {
        const parsed = AuditEntrySchema.safeParse(JSON.parse(line));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // An unreadable line is reported by verify(); listing shows the readable ones.
      }
    }
    return out;
  }

  verify(): ChainCheck {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    for (const line of this.readLines()) {
      let entry: AuditEntry;
      try {
        const parsed = AuditEntrySchema.safeParse(JSON.parse(line));
        if (!parsed.success) return { valid: false, brokenAtSeq: expectedSeq, message: `audit log entry ${expectedSeq} is not a valid entry; the log was edited or damaged` };
        entry = parsed.data;
      } catch {
        return { valid: false, brokenAtSeq: expectedSeq, message: `audit log entry ${expectedSeq} is not JSON; the log was edited or damaged` };
      }
      if (entry.seq !== expectedSeq) return { valid: false, brokenAtSeq: expectedSeq, message: `audit log entry ${expectedSeq} is missing or out of order (found entry ${entry.seq})` };
      if (entry.prevHash !== prev) return { valid: false, brokenAtSeq: entry.seq, message: `audit log entry ${entry.seq} does not follow entry ${entry.seq - 1}: an entry before it was removed or changed` };
      const { hash, ...rest } = entry;
      if (entryHash(rest) !== hash) return { valid: false, brokenAtSeq: entry.seq, message: `audit log entry ${entry.seq} was changed after it was written` };
      prev = hash;
      expectedSeq += 1;
    }
    const count = expectedSeq - 1;
    return { valid: true, brokenAtSeq: null, message: count === 0 ? 'the audit log is empty' : `all ${count} audit log entries are intact` };
  }

  /** Appends one entry (fsynced) after checking the chain it extends; refuses to extend a broken chain. */
  append(record: AuditRecord): AuditEntry {
    const check = this.verify();
    if (!check.valid) throw new SignerError('INTERNAL', `the audit log is damaged (${check.message}); signing stopped so the record stays trustworthy: export and move the log aside`);
    const all = this.entries();
    const last = all[all.length - 1];
    const base: Omit<AuditEntry, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      time: this.now().toISOString(),
      repository: record.repository,
      role: record.role,
      version: record.version,
      signedSha256: record.signedSha256,
      keyid: record.keyid,
      keyName: record.keyName,
      keySource: record.keySource,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...base, hash: entryHash(base) };
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return entry;
  }

  /** Entries newest first, optionally before `beforeSeq`. */
  list(limit = 100, beforeSeq?: number): { entries: AuditEntry[]; total: number } {
    const all = this.entries();
    const older = beforeSeq === undefined ? all : all.filter((e) => e.seq < beforeSeq);
    return { entries: older.slice(-limit).reverse(), total: all.length };
  }

  /** The whole log as one JSON document (with the chain check), written to `target` (never overwriting). */
  exportTo(target: string): number {
    const entries = this.entries();
    const doc = { format: 'rstuf-signer-audit-log', formatVersion: 1, exportedAt: this.now().toISOString(), chain: this.verify(), entries };
    writeFileAtomic(target, `${JSON.stringify(doc, null, 2)}\n`, { overwrite: false });
    return entries.length;
  }
}
