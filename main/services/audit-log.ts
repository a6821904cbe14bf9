// The local record of every signature made on this laptop: append-only JSON lines, each entry
// carrying the sha256 of the previous one, so removing, reordering or editing an entry breaks the
// chain from that point and verify() says where. It records WHAT was signed (role, version, sha256 of
// the signed bytes) and WITH WHAT (key id, name, key file name or token serial), never a secret.
//
// Entry hash = sha256(canonical JSON of the entry without "hash"), and the entry includes prevHash.
//
// A chain alone cannot show entries cut from its END (the shorter log is still a valid chain), so
// an end marker beside it (<log>.head: seq and hash of the last entry) is rewritten atomically after
// each append; a log shorter than its marker, or whose entry differs from it, is reported. The log
// may be ahead of its marker (a crash between the two writes), never behind.
//
// Appends from two processes (two browser shells on one data dir) are serialized by a lock file
// (<log>.lock, created exclusively, holding the writer's pid; a lock of a process that is gone is
// taken over), so two writers can never both extend entry N and fork the chain.
//
// (This detects accidents and naive edits; someone who can rewrite the files can recompute the
// whole chain: export the log regularly and keep the copies elsewhere.)

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { SignerError } from '../../shared/errors.js';
import { canonicalize } from '../../shared/tuf/canonical.js';
import { AuditEntrySchema, type AuditEntry, type KeySource } from '../../shared/ipc/schemas.js';
import { writeFileAtomic } from '../core/platform/atomic-file.js';

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

export interface AuditLogOptions {
  /** How long an append waits for another process's lock before giving up (default 5 s). */
  lockWaitMs?: number;
}

interface EndMarker {
  seq: number;
  hash: string;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class AuditLog {
  private readonly headFile: string;
  private readonly lockFile: string;
  private readonly lockWaitMs: number;

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
    options: AuditLogOptions = {},
  ) {
    this.headFile = `${file}.head`;
    this.lockFile = `${file}.lock`;
    this.lockWaitMs = options.lockWaitMs ?? 5000;
  }

  /** The end marker: undefined when absent, null when unreadable. */
  private readHead(): EndMarker | null | undefined {
    if (!existsSync(this.headFile)) return undefined;
    try {
      const parsed = JSON.parse(readFileSync(this.headFile, 'utf8')) as Partial<EndMarker>;
      if (Number.isSafeInteger(parsed.seq) && (parsed.seq as number) >= 0 && typeof parsed.hash === 'string' && /^[0-9a-f]{64}$/.test(parsed.hash)) return { seq: parsed.seq as number, hash: parsed.hash };
    } catch {
      // reported as unreadable below
    }
    return null;
  }

  private writeHead(marker: EndMarker): void {
    writeFileAtomic(this.headFile, `${JSON.stringify(marker)}\n`, { overwrite: true, mode: 0o600 });
  }

  private withLock<T>(work: () => T): T {
    const deadline = Date.now() + this.lockWaitMs;
    for (;;) {
      let fd: number | undefined;
      try {
        fd = openSync(this.lockFile, 'wx', 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (fd !== undefined) {
        try {
          writeSync(fd, String(process.pid));
        } finally {
          closeSync(fd);
        }
        try {
          return work();
        } finally {
          unlinkSync(this.lockFile);
        }
      }
      let holder: number;
      try {
        holder = Number.parseInt(readFileSync(this.lockFile, 'utf8'), 10);
      } catch {
        continue; // released meanwhile: try again
      }
      // A lock whose writer is gone (crash, power loss) is taken over; an unreadable one once it is old.
      const stale = Number.isSafeInteger(holder) && holder > 0 ? !processIsRunning(holder) : Date.now() - this.lockAge() > 10_000;
      if (stale) {
        try {
          unlinkSync(this.lockFile);
        } catch {
          // someone else took it over first
        }
        continue;
      }
      if (Date.now() >= deadline) {
        throw new SignerError('OUTPUT_UNWRITABLE', 'another copy of the signer is writing the audit log right now; nothing was recorded or kept. Close the other copy (or wait for it) and sign again');
      }
      sleepSync(20);
    }
  }

  private lockAge(): number {
    try {
      return statSync(this.lockFile).mtimeMs;
    } catch {
      return 0;
    }
  }

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
    const hashes: string[] = [GENESIS_HASH];
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
      hashes.push(hash);
      expectedSeq += 1;
    }
    const count = expectedSeq - 1;
    const head = this.readHead();
    if (head === undefined && count > 0) return { valid: false, brokenAtSeq: count, message: `the audit log's end marker (${this.headFile.split(/[\\/]/).pop()}) is missing, so entries may have been removed from its end` };
    if (head === null) return { valid: false, brokenAtSeq: count, message: "the audit log's end marker is damaged, so entries may have been removed from its end" };
    if (head !== undefined) {
      if (head.seq > count) return { valid: false, brokenAtSeq: count + 1, message: `audit log ${head.seq - count === 1 ? `entry ${head.seq} was` : `entries ${count + 1} to ${head.seq} were`} removed from its end` };
      if (hashes[head.seq] !== head.hash) return { valid: false, brokenAtSeq: Math.max(head.seq, 1), message: `audit log entry ${head.seq} is not the one that was written (the log was replaced or edited)` };
    }
    return { valid: true, brokenAtSeq: null, message: count === 0 ? 'the audit log is empty' : `all ${count} audit log entries are intact` };
  }

  /** Appends one entry (fsynced) after checking the chain it extends; refuses to extend a broken chain. */
  append(record: AuditRecord): AuditEntry {
    return this.withLock(() => this.appendLocked(record));
  }

  private appendLocked(record: AuditRecord): AuditEntry {
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
    // The first marker goes down before the first entry, so a crash between the writes leaves the
    // log ahead of its marker (accepted), never an entry without one.
    if (this.readHead() === undefined) this.writeHead({ seq: 0, hash: GENESIS_HASH });
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.writeHead({ seq: entry.seq, hash: entry.hash });
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
    // Under the append lock: a copy taken while another process appends could end in half a line.
    return this.withLock(() => this.exportLocked(target));
  }

  private exportLocked(target: string): number {
    const entries = this.entries();
    const doc = { format: 'rstuf-signer-audit-log', formatVersion: 1, exportedAt: this.now().toISOString(), chain: this.verify(), entries };
    writeFileAtomic(target, `${JSON.stringify(doc, null, 2)}\n`, { overwrite: false });
    return entries.length;
  }
}
