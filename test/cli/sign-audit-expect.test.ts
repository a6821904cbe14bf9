// One signing path and one data folder: `rstuf-signer sign` says what it will sign (the sha256 of
// the bytes, and the review's warnings) before it asks for a passphrase, signs only what was
// inspected when given `--expect-sha256`, and appends every signature to the audit log of the data
// folder ($RSTUF_SIGNER_HOME) that `rstuf-signer audit` and the desktop app read.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/channels.js';
import type { IpcResult } from '../../shared/ipc/result.js';
import { canonicalBytes } from '../../shared/tuf/canonical.js';
import type { RootMetadata, TufKey } from '../../shared/tuf/types.js';
import { verifySignature } from '../../main/core/tuf/verify.js';
import { runSigner, type CliResult } from '../helpers/cli.js';
import { makeTestApp, type TestApp } from '../helpers/desktop-app.js';
import { cliFixture, FIXTURE_PASSWORD, readFixtureJson, REPO_ROOT } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';
import { JH } from '../interop/foundation-fixtures.js';

let dir: string;
let passFile: string;
let keyFile: string;
let app: TestApp | undefined;
let counter = 0;

/** A fresh data folder D for one test. */
const newDataDir = (): string => join(dir, `D${++counter}`);
const envFor = (data: string): NodeJS.ProcessEnv => ({ RSTUF_SIGNER_HOME: data, HOME: join(dir, 'home'), XDG_DATA_HOME: '', XDG_CONFIG_HOME: '' });
const cli = (data: string, ...args: string[]): CliResult => runSigner(args, { cwd: dir, env: envFor(data) });

function value<T = any>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

type Ceremony = { settings: unknown; metadata: { root: RootMetadata }; timeout: number };
/** RSTUF's bootstrap payload (JH + JJ, threshold 2) with its signatures removed, as `rstuf-signer ceremony` writes it. */
function unsignedBootstrap(name: string, edit: (c: Ceremony) => void = () => {}): string {
  const c = readFixtureJson<Ceremony>(cliFixture('ceremony.json'));
  c.metadata.root.signatures = [];
  edit(c);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(c, null, 2));
  return file;
}
const signedSha256Of = (file: string): string => {
  const r = runSigner(['inspect', file, '--json'], { cwd: dir, env: envFor(join(dir, 'inspect-home')) });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).roles[0].signedSha256 as string;
};
const auditEntries = (data: string): any[] => {
  const r = cli(data, 'audit', '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as any[];
};

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sign-audit-'));
  passFile = join(dir, 'hunter2.txt');
  writeFileSync(passFile, `${FIXTURE_PASSWORD}\n`);
  // Under its own name, as a holder keeps it: the audit entry names the key file.
  keyFile = join(dir, 'JH.ed25519');
  copyFileSync(cliFixture('JH.ed25519'), keyFile);
}, 180_000);
afterEach(() => {
  app?.cleanup();
  app = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('`rstuf-signer sign` then `rstuf-signer audit`, on one data folder', () => {
  it('the signature is in `audit --json` (role, version, sha256 of the signed bytes as inspect shows it, key id, key file), `audit verify` passes, and the app on D lists the same entry', async () => {
    const D = newDataDir();
    const file = unsignedBootstrap('bootstrap.json');
    const shown = signedSha256Of(file);
    const root = readFixtureJson<Ceremony>(file).metadata.root;
    // What inspect shows is the sha256 of the canonical signed bytes.
    expect(shown).toBe(createHash('sha256').update(canonicalBytes(root.signed)).digest('hex'));

    const r = cli(D, 'sign', file, '--key', keyFile, '--passphrase-file', passFile);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`root v1: sha256 of the bytes to sign ${shown}`);
    expect(existsSync(join(dir, 'bootstrap-signed.json'))).toBe(true);

    const entries = auditEntries(D);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ role: 'root', version: 1, signedSha256: shown, keyid: JH, keySource: { kind: 'file', fileName: 'JH.ed25519' } });
    // The entry records the signature that was written: it verifies over those bytes with JH's key.
    const written = readFixtureJson<Ceremony>(join(dir, 'bootstrap-signed.json')).metadata.root;
    const sig = written.signatures.find((s) => s.keyid === JH);
    expect(sig).toBeDefined();
    expect(verifySignature(written.signed.keys[JH] as TufKey, sig!.sig, canonicalBytes(written.signed))).toBe(true);

    const verify = cli(D, 'audit', 'verify');
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);

    const text = cli(D, 'audit');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('root v1');
    expect(text.stdout).toContain('key file JH.ed25519');

    // The desktop app started on D shows the same entry, and a chain it calls intact.
    app = makeTestApp({ dataDir: D });
    const listed = await app.services.auditList({});
    expect(listed.entries).toEqual(entries);
    expect(listed.chain.valid).toBe(true);
    expect(value(await app.call(CHANNELS.auditList, {})).entries).toEqual(entries);
  });

  it('a second signature (JJ, on the signed file) is a second entry, newest first, and the chain still verifies', () => {
    const D = newDataDir();
    const file = unsignedBootstrap('bootstrap2.json');
    expect(cli(D, 'sign', file, '--key', keyFile, '--passphrase-file', passFile, '--out', 'bootstrap2-jh.json').code).toBe(0);
    const jj = join(dir, 'JJ.ecdsa');
    copyFileSync(cliFixture('JJ.ecdsa'), jj);
    const second = cli(D, 'sign', join(dir, 'bootstrap2-jh.json'), '--key', jj, '--passphrase-file', passFile, '--out', 'bootstrap2-both.json');
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('fully signed');
    const entries = auditEntries(D);
    expect(entries.map((e) => [e.keySource.fileName, e.keyid.slice(0, 8)])).toEqual([
      ['JJ.ecdsa', '50d7e110'],
      ['JH.ed25519', JH.slice(0, 8)],
    ]);
    // Both signed the same bytes.
    expect(entries[0].signedSha256).toBe(entries[1].signedSha256);
    expect(cli(D, 'audit', 'verify').code).toBe(0);
    expect(cli(D, 'verify', join(dir, 'bootstrap2-both.json')).code).toBe(0);
  });

  it('a root pinned with `rstuf-signer trust pin` on D is the app\'s pin', async () => {
    const D = newDataDir();
    expect(cli(D, 'trust', 'pin', cliFixture('ceremony.json'), '--yes').code).toBe(0);
    app = makeTestApp({ dataDir: D });
    const pinned = value(await app.call(CHANNELS.trustGet)).pinned;
    expect(pinned).toMatchObject({ version: 1 });
  });
});

describe('`sign` says what it will sign before it asks for the passphrase', () => {
  const bin = join(REPO_ROOT, 'bin/rstuf-signer.js');
  const SHA_LINE = /root v1: sha256 of the bytes to sign ([0-9a-f]{64})/;

  async function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const exited = (child: ChildProcess): Promise<number | null> =>
    child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  it('with a passphrase file that is a FIFO: the sha256 and the warnings are on stdout while sign waits for the passphrase', async () => {
    const D = newDataDir();
    const file = unsignedBootstrap('fifo.json');
    const shown = signedSha256Of(file);
    const fifo = join(dir, 'passphrase.fifo');
    const made = spawnSync('mkfifo', [fifo]);
    expect(made.status, String(made.stderr)).toBe(0);

    const child = spawn(process.execPath, [bin, 'sign', file, '--key', keyFile, '--passphrase-file', fifo], { cwd: dir, env: { ...process.env, ...envFor(D) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    try {
      await until(() => SHA_LINE.test(stdout) || child.exitCode !== null, 'the sha256 line');
      // sign is still running: it cannot have read a passphrase, as nothing was written to the FIFO.
      expect(child.exitCode, `${stdout}\n${stderr}`).toBeNull();
      expect(SHA_LINE.exec(stdout)?.[1]).toBe(shown);
      // The review's warnings come with it, dangers marked (RSTUF's ceremony.json root expired on 2025-12-31).
      await until(() => /DANGER \[expiry-past\]/.test(stdout) || child.exitCode !== null, 'the warnings');
      expect(stdout).toMatch(/^ {2}DANGER \[expiry-past\] /m);
      expect(stdout).not.toContain('Signed root v1');
      expect(auditEntries(D)).toEqual([]);

      // Now the passphrase: sign goes on, and signs.
      let fd: number | undefined;
      await until(() => {
        try {
          fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
          return true;
        } catch {
          return child.exitCode !== null;
        }
      }, 'sign to open the passphrase FIFO');
      expect(fd).toBeDefined();
      writeSync(fd!, `${FIXTURE_PASSWORD}\n`);
      closeSync(fd!);
      expect(await exited(child), stderr).toBe(0);
      expect(stdout).toContain('Signed root v1 with JimiHendrix\'s Key');
      // The warnings and the hash came before the result.
      expect(stdout.indexOf('sha256 of the bytes to sign')).toBeLessThan(stdout.indexOf('Signed root v1'));
      expect(auditEntries(D)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });

  it('with no passphrase file and no terminal: the sha256 and the warnings are on stdout, then it fails asking for a passphrase, and nothing is written', () => {
    const D = newDataDir();
    const file = unsignedBootstrap('no-tty.json');
    const shown = signedSha256Of(file);
    // setsid: a new session without a controlling terminal, so there is no /dev/tty to prompt on
    // even when the tests run in one; stdin is empty.
    const r = spawnSync('setsid', ['-w', process.execPath, bin, 'sign', file, '--key', keyFile], { cwd: dir, env: { ...process.env, ...envFor(D) }, input: '', encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain(`root v1: sha256 of the bytes to sign ${shown}`);
    expect(r.stdout).toMatch(/^ {2}DANGER \[expiry-past\] /m);
    expect(r.stderr).toMatch(/passphrase/i);
    expect(r.stderr).toMatch(/--passphrase-file/);
    expect(existsSync(join(dir, 'no-tty-signed.json'))).toBe(false);
    expect(auditEntries(D)).toEqual([]);
  });
});

describe('`sign --expect-sha256`', () => {
  it('signs when the file still hashes to what `inspect --json` showed', () => {
    const D = newDataDir();
    const file = unsignedBootstrap('expect-ok.json');
    const shown = signedSha256Of(file);
    const r = cli(D, 'sign', file, '--key', keyFile, '--passphrase-file', passFile, '--expect-sha256', shown);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'expect-ok-signed.json'))).toBe(true);
    expect(auditEntries(D).map((e) => e.signedSha256)).toEqual([shown]);
  });

  it('refuses a file whose threshold was changed from 2 to 1 after `inspect`: exit 1, "not what was inspected", no output, no audit entry', () => {
    const D = newDataDir();
    const file = unsignedBootstrap('expect-changed.json');
    const shown = signedSha256Of(file);
    // Between inspect and sign, someone lowers the root threshold.
    const c = JSON.parse(readFileSync(file, 'utf8')) as Ceremony;
    expect(c.metadata.root.signed.roles.root!.threshold).toBe(2);
    c.metadata.root.signed.roles.root!.threshold = 1;
    writeFileSync(file, JSON.stringify(c, null, 2));
    expect(signedSha256Of(file)).not.toBe(shown);

    const r = cli(D, 'sign', file, '--key', keyFile, '--passphrase-file', passFile, '--expect-sha256', shown);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not what was inspected');
    expect(r.stderr).toContain(shown);
    expect(r.stdout).not.toContain('Signed');
    expect(existsSync(join(dir, 'expect-changed-signed.json'))).toBe(false);
    expect(auditEntries(D)).toEqual([]);
    expect(cli(D, 'audit', 'verify').code).toBe(0);
  });

  it('refuses the changed file before it asks for a passphrase (no passphrase file, no terminal)', () => {
    const D = newDataDir();
    const file = unsignedBootstrap('expect-changed-nopass.json');
    const shown = signedSha256Of(file);
    const c = JSON.parse(readFileSync(file, 'utf8')) as Ceremony;
    c.metadata.root.signed.roles.root!.threshold = 1;
    writeFileSync(file, JSON.stringify(c, null, 2));
    const r = spawnSync('setsid', ['-w', process.execPath, join(REPO_ROOT, 'bin/rstuf-signer.js'), 'sign', file, '--key', keyFile, '--expect-sha256', shown], { cwd: dir, env: { ...process.env, ...envFor(D) }, input: '', encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not what was inspected');
    expect(r.stderr).not.toMatch(/no terminal to ask on/);
    expect(auditEntries(D)).toEqual([]);
  });

  it('`--expect-sha256 xyz` is bad usage (exit 2), and nothing is signed', () => {
    const D = newDataDir();
    const file = unsignedBootstrap('expect-usage.json');
    const r = cli(D, 'sign', file, '--key', keyFile, '--passphrase-file', passFile, '--expect-sha256', 'xyz');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--expect-sha256');
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'expect-usage-signed.json'))).toBe(false);
    expect(auditEntries(D)).toEqual([]);
  });
});
