// Faults while writing what a key holder takes back to RSTUF: a read-only drive, a full disk, and
// the process killed in the middle of the export. Every time: nothing partial under the output
// name, the previous output intact, and a message that says what to do. Drives are real tmpfs
// mounts (root, as in CI; see test/helpers/hostile-mounts.ts), unmounted in afterAll.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStrictJson } from '../../shared/json/strict-json.js';
import { runSigner, type CliResult } from '../helpers/cli.js';
import { spawnSigner } from '../helpers/exchange-cli.js';
import { cliFixture, FIXTURE_PASSWORD, REPO_ROOT } from '../helpers/fixtures.js';
import { fillDisk, IS_ROOT, makeReadOnly, makeWritable, mountTmpfs, requireMounts, unmountAll } from '../helpers/hostile-mounts.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const canMount = requireMounts();
let base: string;
let passFile: string;
/** keygen wants a longer passphrase than RSTUF's test password. */
let newPassFile: string;
const cli = (...args: string[]): CliResult => runSigner(args, { cwd: base, env: { RSTUF_SIGNER_HOME: join(base, 'home') } });
const jhKey = (): string[] => ['--key', cliFixture('JH.ed25519'), '--passphrase-file', passFile];
const PREVIOUS = '{"previous": "output, must survive"}\n';
const visible = (dir: string): string[] => readdirSync(dir).filter((n) => !n.startsWith('.')).sort();

beforeAll(() => {
  ensureCliBuilt();
  base = mkdtempSync(join(tmpdir(), 'hostile-faults-'));
  passFile = join(base, 'hunter2.txt');
  writeFileSync(passFile, `${FIXTURE_PASSWORD}\n`);
  newPassFile = join(base, 'new-passphrase.txt');
  writeFileSync(newPassFile, 'correct horse battery staple\n');
});
afterAll(() => {
  unmountAll();
  rmSync(base, { recursive: true, force: true });
});

describe.runIf(canMount || !IS_ROOT)('output drive is read-only', () => {
  let drive: string;
  beforeAll(() => {
    drive = join(base, 'usb-ro');
    if (canMount) mountTmpfs(drive, 1024 * 1024);
    else mkdtempSync(drive);
    writeFileSync(join(drive, 'sign-payload.json'), PREVIOUS);
    makeReadOnly(drive);
  });
  afterAll(() => makeWritable(drive));

  it('sign --force over the previous payload: exit 1, the drive named, the previous payload intact', () => {
    const r = cli('sign', cliFixture('sign_pending_roles.json'), ...jhKey(), '--out', join(drive, 'sign-payload.json'), '--force');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(canMount ? /cannot write to .*usb-ro \(read-only drive\); nothing was written/ : /cannot write to .*usb-ro \(permission denied\); nothing was written/);
    expect(readFileSync(join(drive, 'sign-payload.json'), 'utf8')).toBe(PREVIOUS);
    expect(readdirSync(drive)).toEqual(['sign-payload.json']);
  });

  it('sign to a new name: exit 1, nothing created', () => {
    const r = cli('sign', cliFixture('ceremony_das.json'), ...jhKey(), '--out', join(drive, 'ceremony-signed.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(readdirSync(drive)).toEqual(['sign-payload.json']);
  });

  it('keygen: exit 1, no key file and no public key file', () => {
    const r = cli('keygen', '--scheme', 'ed25519', '--out', join(drive, 'offline.pem'), '--passphrase-file', newPassFile);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(readdirSync(drive)).toEqual(['sign-payload.json']);
  });
});

describe.runIf(canMount)('disk full', () => {
  let drive: string;
  let filler: string;
  beforeAll(() => {
    drive = join(base, 'usb-full');
    mountTmpfs(drive, 64 * 1024);
    writeFileSync(join(drive, 'ceremony-signed.json'), PREVIOUS);
  });

  it('sign --force on a full drive: exit 1, "free some space", previous output intact, no temp file', () => {
    filler = fillDisk(drive, 0);
    const r = cli('sign', cliFixture('ceremony_das.json'), ...jhKey(), '--out', join(drive, 'ceremony-signed.json'), '--force');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the disk holding .*usb-full is full; nothing was written\. Free some space or choose another drive/);
    expect(readFileSync(join(drive, 'ceremony-signed.json'), 'utf8')).toBe(PREVIOUS);
    expect(readdirSync(drive).sort()).toEqual(['ceremony-signed.json', 'filler.bin']);
  });

  it('after freeing space, the same command succeeds and writes the complete signed payload', () => {
    unlinkSync(filler);
    const r = cli('sign', cliFixture('ceremony_das.json'), ...jhKey(), '--out', join(drive, 'ceremony-signed.json'), '--force');
    expect(r.code, r.stderr).toBe(0);
    const signed = parseStrictJson(readFileSync(join(drive, 'ceremony-signed.json'), 'utf8')) as any;
    expect(signed.metadata.root.signatures).toHaveLength(2);
    expect(readdirSync(drive)).toEqual(['ceremony-signed.json']);
  });

  it('keygen with room for the private key only: exit 1, and no half key pair is left', () => {
    filler = fillDisk(drive, 4096);
    const r = cli('keygen', '--scheme', 'ed25519', '--out', join(drive, 'offline.pem'), '--passphrase-file', newPassFile);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is full; nothing was written/);
    expect(readdirSync(drive).sort()).toEqual(['ceremony-signed.json', 'filler.bin']);
    unlinkSync(filler);
  });
});

describe('killed during export of a single-file sign output', () => {
  const PAUSE = join(REPO_ROOT, 'test/helpers/hostile-pause.cjs');

  /** Runs `sign`, SIGKILLs it when it first calls fs.<fn>, returns the output folder's listing. */
  async function killAt(fn: string, out: string, extra: string[] = []): Promise<void> {
    const marker = join(base, `paused-${fn}-${Date.now()}`);
    const child = spawnSigner(['sign', cliFixture('ceremony_das.json'), ...jhKey(), '--out', out, ...extra], {
      RSTUF_SIGNER_HOME: join(base, 'home'),
      NODE_OPTIONS: `--require ${PAUSE}`,
      RSTUF_TEST_PAUSE: `${fn}:${marker}`,
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (!existsSync(marker)) {
      if (child.exitCode !== null) throw new Error(`the CLI ended before reaching ${fn} (exit ${child.exitCode}): ${stderr}`);
      if (Date.now() > deadline) throw new Error(`the CLI never called ${fn}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
  }

  const cases: [string, string, boolean][] = [
    ['after writing the temp file, before it is synced', 'fsyncSync', false],
    ['before the temp file is linked under the output name', 'linkSync', false],
    ['before the temp file replaces the previous output (--force)', 'renameSync', true],
  ];
  it.each(cases)('killed %s: the output name holds nothing or the previous output, never a partial file', async (_what, fn, force) => {
    const dir = mkdtempSync(join(base, 'kill-'));
    const out = join(dir, 'ceremony-signed.json');
    if (force) writeFileSync(out, PREVIOUS);
    await killAt(fn, out, force ? ['--force'] : []);

    expect(visible(dir)).toEqual(force ? ['ceremony-signed.json'] : []);
    if (force) expect(readFileSync(out, 'utf8')).toBe(PREVIOUS);
    // SIGKILL gives no chance to clean up: at most the hidden temp file remains, named as such.
    for (const leftover of readdirSync(dir).filter((n) => n.startsWith('.'))) expect(leftover).toMatch(/^\.ceremony-signed\.json\.[0-9a-f]{12}\.partial$/);

    // Running the command again completes the export.
    const r = cli('sign', cliFixture('ceremony_das.json'), ...jhKey(), '--out', out, ...(force ? ['--force'] : []));
    expect(r.code, r.stderr).toBe(0);
    expect((parseStrictJson(readFileSync(out, 'utf8')) as any).metadata.root.signatures).toHaveLength(2);
  });
});
