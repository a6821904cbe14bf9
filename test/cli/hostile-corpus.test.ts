// The hostile input corpus (test/helpers/hostile-corpus.ts) through the built CLI, as a key holder
// meets it: exit 1 (never a crash, never "internal error"), the same words on stderr as the engine
// gives, and nothing written when signing is refused.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSigner, type CliResult } from '../helpers/cli.js';
import { buildCorpus, type Corpus, type CorpusCase } from '../helpers/hostile-corpus.js';
import { cliFixture, FIXTURE_PASSWORD, readFixtureJson } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

let dir: string;
let corpus: Corpus;
let passFile: string;
const cli = (args: string[], home = join(dir, 'home')): CliResult => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: home } });

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'hostile-cli-'));
  corpus = buildCorpus(join(dir, 'corpus'));
  passFile = join(dir, 'hunter2.txt');
  writeFileSync(passFile, `${FIXTURE_PASSWORD}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const built = buildCorpus(mkdtempSync(join(tmpdir(), 'hostile-cli-names-')));
const byStage = (stage: CorpusCase['stage']) => built.cases.filter((c) => c.stage === stage).map((c) => [c.name] as const);
const caseNamed = (name: string): CorpusCase => corpus.cases.find((c) => c.name === name) as CorpusCase;
rmSync(built.dir, { recursive: true, force: true });

const noCrash = (r: CliResult): void => {
  expect(r.stderr).not.toMatch(/internal error|TypeError|RangeError|at .*\.js:\d+/);
};

describe('hostile input corpus (CLI)', () => {
  it.each(byStage('load'))('inspect %s: exit 1 with the reason', (name) => {
    const c = caseNamed(name);
    const r = cli(['inspect', c.file]);
    noCrash(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(c.words);
  });

  it.each(byStage('verify'))('verify %s: exit 1, and the bad signature is named', (name) => {
    const c = caseNamed(name);
    const r = cli(['verify', c.file]);
    noCrash(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(c.words);
    expect(r.stderr).toMatch(/not every role meets its threshold/);
  });

  it.each(byStage('review'))('inspect %s: exit 0, and the holder is told', (name) => {
    const c = caseNamed(name);
    const r = cli(['inspect', c.file]);
    noCrash(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(c.words);
  });

  it.each(byStage('sign'))('sign %s: exit 1 with the reason, nothing written', (name) => {
    const c = caseNamed(name);
    const out = join(dir, `${name}.out`);
    mkdirFresh(out);
    const key = c.signer === 'delegated' ? ['--key', corpus.delegatedKeyFile] : ['--key', cliFixture('JH.ed25519'), '--passphrase-file', passFile];
    const r = cli(['sign', c.file, ...key, '--out', join(out, 'payload.json')]);
    noCrash(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(c.words);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a swapped trusted_root is refused against the pinned root, before any key is used', () => {
    const home = join(dir, 'pinned-home');
    // RSTUF's ceremony root v1 (fully signed): the very root sign_pending_roles.json carries as trusted_root.
    const root1 = join(dir, 'root-v1.json');
    writeFileSync(root1, JSON.stringify(readFixtureJson(cliFixture('ceremony.json')).metadata.root));
    const pin = cli(['trust', 'pin', root1, '--yes'], home);
    expect(pin.code, pin.stderr).toBe(0);
    const c = caseNamed('trusted-root-swapped');
    const out = join(dir, 'swapped.out');
    mkdirFresh(out);
    const r = cli(['sign', c.file, '--key', cliFixture('JH.ed25519'), '--passphrase-file', passFile, '--out', join(out, 'payload.json')], home);
    noCrash(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/root v1 is not the root v1 this trust store verified.*swapped/);
    expect(readdirSync(out)).toEqual([]);
  });
});

function mkdirFresh(path: string): void {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path);
}
