// The audit log: append-only JSON lines whose hash chain exposes any edit, removal or reordering.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, entryHash, GENESIS_HASH, type AuditRecord } from '../../../main/services/audit-log.js';

let dir: string;
let file: string;
let log: AuditLog;
let tick = 0;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rstuf-audit-'));
  file = join(dir, 'audit-log.jsonl');
  tick = 0;
  log = new AuditLog(file, () => new Date(Date.UTC(2026, 10, 25, 12, 0, tick++)));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (version: number): AuditRecord => ({
  repository: 'https://rstuf.example',
  role: 'root',
  version,
  signedSha256: 'a'.repeat(64),
  keyid: 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc',
  keyName: "JimiHendrix's Key",
  keySource: { kind: 'file', fileName: 'JH.ed25519' },
});

const lines = () => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('AuditLog', () => {
  it('starts empty and valid', () => {
    expect(log.list()).toEqual({ entries: [], total: 0 });
    expect(log.verify()).toEqual({ valid: true, brokenAtSeq: null, message: 'the audit log is empty' });
  });

  it('chains each entry to the previous one', () => {
    const a = log.append(record(2));
    const b = log.append(record(3));
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    const { hash, ...rest } = b;
    expect(entryHash(rest)).toBe(hash);
    expect(lines()).toHaveLength(2);
    expect(log.verify()).toMatchObject({ valid: true, message: 'all 2 audit log entries are intact' });
  });

  it('records what and with what, and never a secret-shaped field', () => {
    const e = log.append(record(2));
    expect(Object.keys(e).sort()).toEqual(['hash', 'keyName', 'keySource', 'keyid', 'prevHash', 'repository', 'role', 'seq', 'signedSha256', 'time', 'version']);
    expect(e.time).toBe('2026-11-25T12:00:00.000Z');
  });

  it('lists newest first and pages back with beforeSeq', () => {
    for (let v = 2; v <= 6; v += 1) log.append(record(v));
    expect(log.list(2).entries.map((e) => e.seq)).toEqual([5, 4]);
    expect(log.list(2, 4).entries.map((e) => e.seq)).toEqual([3, 2]);
    expect(log.list(2).total).toBe(5);
  });

  it('detects an edited entry', () => {
    log.append(record(2));
    log.append(record(3));
    const [first, second] = lines();
    writeFileSync(file, `${first!.replace('"version":2', '"version":9')}\n${second}\n`);
    expect(log.verify()).toMatchObject({ valid: false, brokenAtSeq: 1 });
  });

  it('detects a removed entry', () => {
    log.append(record(2));
    log.append(record(3));
    log.append(record(4));
    const [first, , third] = lines();
    writeFileSync(file, `${first}\n${third}\n`);
    expect(log.verify()).toMatchObject({ valid: false, brokenAtSeq: 2 });
  });

  it('detects a removed first entry and reordering', () => {
    log.append(record(2));
    log.append(record(3));
    const [first, second] = lines();
    writeFileSync(file, `${second}\n${first}\n`);
    expect(log.verify()).toMatchObject({ valid: false, brokenAtSeq: 1 });
  });

  it('detects a re-hashed forgery that does not follow its predecessor', () => {
    log.append(record(2));
    const second = log.append(record(3));
    const { hash: _h, ...rest } = second;
    const forged = { ...rest, prevHash: 'b'.repeat(64) };
    writeFileSync(file, `${lines()[0]}\n${JSON.stringify({ ...forged, hash: entryHash(forged) })}\n`);
    expect(log.verify()).toMatchObject({ valid: false, brokenAtSeq: 2 });
  });

  it('detects garbage lines', () => {
    log.append(record(2));
    writeFileSync(file, `${lines()[0]}\nnot json\n`);
    expect(log.verify()).toMatchObject({ valid: false, brokenAtSeq: 2 });
  });

  it('refuses to extend a broken chain, so a damaged log is noticed before the next signature', () => {
    log.append(record(2));
    writeFileSync(file, lines()[0]!.replace('"role":"root"', '"role":"targets"') + '\n');
    expect(() => log.append(record(3))).toThrow(/audit log is damaged/);
    expect(lines()).toHaveLength(1);
  });

  it('exports JSON with the chain check and never overwrites', () => {
    log.append(record(2));
    const target = join(dir, 'export.json');
    expect(log.exportTo(target)).toBe(1);
    const doc = JSON.parse(readFileSync(target, 'utf8'));
    expect(doc).toMatchObject({ format: 'rstuf-signer-audit-log', formatVersion: 1, chain: { valid: true }, entries: [{ seq: 1, version: 2 }] });
    expect(() => log.exportTo(target)).toThrow(/already exists/);
  });

  describe('when entries are cut from the end of the log', () => {
    it('detects the last entry removed (a chain alone cannot: the head marker records the end)', () => {
      for (let v = 2; v <= 4; v += 1) log.append(record(v));
      writeFileSync(file, lines().slice(0, 2).join('\n') + '\n');
      expect(log.verify()).toMatchObject({ valid: false, brokenAtSeq: 3, message: expect.stringContaining('removed from its end') });
      expect(() => log.append(record(5))).toThrow(/audit log is damaged/);
    });

    it('detects the whole log emptied after entries were written', () => {
      log.append(record(2));
      writeFileSync(file, '');
      expect(log.verify()).toMatchObject({ valid: false, brokenAtSeq: 1 });
    });

    it('detects an end marker that names another entry (log replaced by another chain)', () => {
      log.append(record(2));
      const other = new AuditLog(join(dir, 'other.jsonl'), () => new Date(Date.UTC(2027, 0, 1)));
      other.append(record(9));
      writeFileSync(file, readFileSync(join(dir, 'other.jsonl')));
      expect(log.verify()).toMatchObject({ valid: false, brokenAtSeq: 1 });
    });

    it('detects entries left without their end marker', () => {
      log.append(record(2));
      rmSync(`${file}.head`);
      expect(log.verify()).toMatchObject({ valid: false, message: expect.stringContaining('end marker') });
    });

    it('accepts a log one entry ahead of its marker (a crash between the two writes) and catches up', () => {
      log.append(record(2));
      const marker = readFileSync(`${file}.head`);
      log.append(record(3));
      writeFileSync(`${file}.head`, marker);
      expect(log.verify()).toMatchObject({ valid: true });
      log.append(record(4));
      expect(JSON.parse(readFileSync(`${file}.head`, 'utf8'))).toMatchObject({ seq: 3 });
    });
  });

  describe('when another process is appending', () => {
    it('waits for its lock and says so instead of forking the chain', () => {
      log.append(record(2));
      // A live process (this one) holds the lock: the append must not go ahead.
      writeFileSync(`${file}.lock`, String(process.pid));
      const waiting = new AuditLog(file, () => new Date(), { lockWaitMs: 50 });
      expect(() => waiting.append(record(3))).toThrow(/another copy of the signer is writing the audit log/);
      expect(lines()).toHaveLength(1);
    });

    it('does not export while another process is appending (the export would catch half a line)', () => {
      log.append(record(2));
      writeFileSync(`${file}.lock`, String(process.pid));
      const waiting = new AuditLog(file, () => new Date(), { lockWaitMs: 50 });
      expect(() => waiting.exportTo(join(dir, 'export.json'))).toThrow(/another copy of the signer is writing the audit log/);
      expect(existsSync(join(dir, 'export.json'))).toBe(false);
    });

    it('takes over a lock left by a process that no longer runs', () => {
      writeFileSync(`${file}.lock`, '2147483646');
      log.append(record(2));
      expect(lines()).toHaveLength(1);
      expect(existsSync(`${file}.lock`)).toBe(false);
    });
  });

  it('notices any change to any single character of the log (property)', () => {
    for (let v = 2; v <= 4; v += 1) log.append(record(v));
    const original = readFileSync(file, 'utf8');
    fc.assert(
      fc.property(fc.nat({ max: original.length - 2 }), fc.constantFrom('0', '1', 'a', 'x', '"', ' ', '}'), (at, replacement) => {
        fc.pre(original[at] !== replacement && original[at] !== '\n');
        writeFileSync(file, original.slice(0, at) + replacement + original.slice(at + 1));
        const check = log.verify();
        // Whitespace between JSON tokens does not change an entry; anything else must be caught.
        const reparsed = original.slice(0, at) + replacement + original.slice(at + 1);
        const sameEntries = (() => {
          try {
            return JSON.stringify(reparsed.split('\n').filter(Boolean).map((l) => JSON.parse(l))) === JSON.stringify(original.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
          } catch {
            return false;
          }
        })();
        expect(check.valid).toBe(sameEntries);
      }),
      { numRuns: 300 },
    );
    writeFileSync(file, original);
  });
});
