// `rstuf-signer verify` and `inspect` judge a bootstrap or update payload as RSTUF's worker will:
// every signature in it must be valid and made by an authorized key, or the whole payload is
// refused ("Bootstrap has invalid signature(s)"), however many good signatures it also has. A
// sign-pending response with the same stray signature is only reported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSigner, type CliResult } from '../helpers/cli.js';
import { cliFixture } from '../helpers/fixtures.js';
import { extraSignatureCases, type ExtraSignatureCase } from '../helpers/strict-payloads.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

let dir: string;
let cases: ExtraSignatureCase[];
/** Runs the CLI in `dir` with an empty data folder, so no pinned root on this machine interferes. */
const cliIn = (home: string, ...args: string[]): CliResult => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: join(dir, home), HOME: join(dir, 'home'), XDG_DATA_HOME: '', XDG_CONFIG_HOME: '' } });
const cli = (...args: string[]): CliResult => cliIn('home', ...args);

/** Writes the case's document (and its trusted root) into `dir`; returns the verify arguments. */
function filesOf(c: ExtraSignatureCase, index: number): { file: string; trustArgs: string[] } {
  const file = join(dir, `case-${index}.json`);
  writeFileSync(file, JSON.stringify(c.json, null, 2));
  if (!c.trustedRoot) return { file, trustArgs: [] };
  const root = join(dir, `case-${index}.trusted-root.json`);
  writeFileSync(root, JSON.stringify(c.trustedRoot, null, 2));
  return { file, trustArgs: ['--trusted-root', root] };
}

beforeAll(async () => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'strict-payload-'));
  cases = await extraSignatureCases();
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the payloads without the extra signature verify (so the extra one is what is judged)', () => {
  it('ceremony.json and update.json (with v1.json) exit 0', () => {
    expect(cli('verify', cliFixture('ceremony.json')).code).toBe(0);
    expect(cli('verify', cliFixture('update.json'), '--trusted-root', cliFixture('v1.json')).code).toBe(0);
  });
});

describe('a bootstrap or update payload with one extra invalid or unauthorized signature', () => {
  const refusedCases = () => cases.filter((c) => c.refused);

  it('`verify` exits 1, and stderr names the key id of that signature', () => {
    expect(refusedCases()).toHaveLength(4);
    refusedCases().forEach((c) => {
      const { file, trustArgs } = filesOf(c, cases.indexOf(c));
      const r = cli('verify', file, ...trustArgs);
      expect(r.code, c.name).toBe(1);
      expect(r.stderr, c.name).toContain(c.badKeyid);
      // One line naming the file.
      expect(r.stderr.trimEnd().split('\n'), c.name).toHaveLength(1);
      expect(r.stderr, c.name).toContain(`case-${cases.indexOf(c)}.json`);
      // The thresholds are met, and still it is not called OK.
      expect(r.stdout, c.name).toMatch(/\(met\)/);
      expect(r.stdout, c.name).not.toMatch(/: OK\b/);
    });
  });

  it('`verify` exits 1 naming the key id when the trusted root comes from the trust store (`trust pin`)', () => {
    const updates = refusedCases().filter((c) => c.kind === 'update');
    expect(updates).toHaveLength(2);
    updates.forEach((c) => {
      const index = cases.indexOf(c);
      const { file, trustArgs } = filesOf(c, index);
      const home = `pinned-${index}`;
      const pin = cliIn(home, 'trust', 'pin', trustArgs[1] as string, '--yes');
      expect(pin.code, `${c.name}: ${pin.stderr}`).toBe(0);
      const r = cliIn(home, 'verify', file);
      expect(r.code, c.name).toBe(1);
      expect(r.stderr, c.name).toContain(c.badKeyid);
      expect(r.stdout, c.name).toMatch(/trusted root v1: .*\(met\)/);
    });
  });

  it('`inspect --json` (exit 0) shows a signature-refused danger naming the key id', () => {
    refusedCases().forEach((c) => {
      const { file, trustArgs } = filesOf(c, cases.indexOf(c));
      const r = cli('inspect', file, ...trustArgs, '--json');
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
      const role = JSON.parse(r.stdout).roles[0];
      const refused = role.warnings.filter((w: { code: string }) => w.code === 'signature-refused');
      expect(refused, c.name).toHaveLength(1);
      expect(refused[0].level, c.name).toBe('danger');
      expect(refused[0].message, c.name).toContain(c.badKeyid);
    });
  });

  it('`inspect` in words shows the danger too', () => {
    refusedCases().forEach((c) => {
      const { file, trustArgs } = filesOf(c, cases.indexOf(c));
      const r = cli('inspect', file, ...trustArgs);
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
      expect(r.stdout, c.name).toContain(c.badKeyid);
      expect(r.stdout, c.name).toMatch(/signature-refused|RSTUF refuses/);
    });
  });
});

describe('a sign-pending response with the same extra signature', () => {
  it('is reported, not refused: `verify` exits as the thresholds say and never names it as refused', () => {
    const pending = cases.filter((c) => !c.refused);
    expect(pending).toHaveLength(2);
    pending.forEach((c) => {
      const { file, trustArgs } = filesOf(c, cases.indexOf(c));
      const r = cli('verify', file, ...trustArgs);
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(c.fullySignedOtherwise ? 0 : 1);
      expect(r.stderr, c.name).not.toMatch(/refuse/i);
      expect(r.stdout, c.name).not.toMatch(/REFUSED/);
      // Reported: the stray signature is listed with what is wrong with it.
      expect(r.stdout, c.name).toContain(`signature by ${c.badName}: ${c.badState}`);

      const inspect = cli('inspect', file, ...trustArgs, '--json');
      expect(inspect.code, c.name).toBe(0);
      const codes = JSON.parse(inspect.stdout).roles[0].warnings.map((w: { code: string }) => w.code);
      expect(codes, c.name).not.toContain('signature-refused');
      expect(codes, c.name).toContain(c.badState === 'invalid' ? 'signature-invalid' : 'signature-unauthorized');
    });
  });
});
