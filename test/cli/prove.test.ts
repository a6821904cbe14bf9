// rstuf-signer prove as the coordinator and a key holder run it, each on their own data folder:
// challenges from a ceremony bundle, a proof signed on the holder's laptop, imported and shown as
// proved by the coordinator's inspect; a changed proof and one for another ceremony are refused.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, FIXTURE_PASSWORD } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const ONLINE = '0d9d3d4bad91c455bc03921daa95774576b86625ac45570d0cac025b08e65043';
let dir: string;
const path = (...p: string[]): string => join(dir, ...p);
const as = (home: string) => (...args: string[]) => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: path(home) } });
const coordinator = as('coordinator-home');
const holder = as('holder-home');

const config = (keys: string[]) => ({
  expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
  bins: 4,
  root: { threshold: 2, keys: keys.map((k) => ({ file: `keys/${k.toLowerCase()}.pub`, name: { JH: 'Jimi', JJ: 'Janis', JC: 'Joe' }[k] })) },
  online_key: { file: 'keys/online.pub', name: 'Online', uri: `fn:${ONLINE}` },
});

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'prove-cli-'));
  mkdirSync(path('keys'));
  for (const k of ['JH', 'JJ', 'JC']) copyFileSync(cliFixture(`${k}.pub`), path('keys', `${k.toLowerCase()}.pub`));
  copyFileSync(cliFixture(`${ONLINE}.pub`), path('keys', 'online.pub'));
  writeFileSync(path('pw'), FIXTURE_PASSWORD);
  copyFileSync(cliFixture('JH.ed25519'), path('jh.key'));
  copyFileSync(cliFixture('JJ.ecdsa'), path('jj.key'));
  writeFileSync(path('c1.json'), JSON.stringify(config(['JH', 'JJ'])));
  writeFileSync(path('c2.json'), JSON.stringify(config(['JH', 'JC'])));
  expect(coordinator('ceremony', '--config', 'c1.json', '--out', 'bundle').code).toBe(0);
  expect(coordinator('ceremony', '--config', 'c2.json', '--out', 'other-bundle').code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rstuf-signer prove', () => {
  it('a holder proves on their laptop; the coordinator imports it and inspect says proved / not proved', () => {
    const made = coordinator('prove', 'challenge', 'bundle', '--repository', 'https://rstuf.example.org', '--out', 'challenges');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const files = readdirSync(path('challenges')).sort();
    expect(files).toHaveLength(2);
    const jimi = files.find((f) => f.includes('Jimi')) as string;
    expect(made.stdout).toContain('2 challenges for repository "https://rstuf.example.org"');

    // Before any proof, the review warns for both keys.
    const before = coordinator('inspect', 'bundle');
    expect(before.stdout.match(/\[key-not-proved\]/g)).toHaveLength(2);

    const proved = holder('prove', '--challenge', join('challenges', jimi), '--key', 'jh.key', '--passphrase-file', 'pw', '--out', 'jimi-proof.json');
    expect(proved.stderr).toBe('');
    expect(proved.code).toBe(0);
    expect(proved.stdout).toContain('of repository "https://rstuf.example.org"');
    expect(proved.stdout).toContain('Proved key Jimi with key file jh.key; wrote jimi-proof.json');
    // The holder's laptop keeps what it proved; the coordinator's does not have it yet.
    expect(readdirSync(path('holder-home', 'proofs', 'made'))).toHaveLength(1);
    expect(existsSync(path('coordinator-home', 'proofs'))).toBe(false);
    // An existing proof file is never overwritten silently.
    expect(holder('prove', '--challenge', join('challenges', jimi), '--key', 'jh.key', '--passphrase-file', 'pw', '--out', 'jimi-proof.json').code).toBe(1);

    const imported = coordinator('prove', 'import', 'jimi-proof.json', '--for', 'bundle');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(imported.stdout).toMatch(new RegExp(`jimi-proof.json: key Jimi \\([0-9a-f]{8}\\) proved by signing on ${today} \\(key file jh.key\\)`));

    const after = coordinator('inspect', 'bundle');
    expect(after.stdout).toMatch(new RegExp(`note \\[key-proved\\] New key Jimi \\([0-9a-f]{8}\\): proved by signing on ${today} \\(key file jh.key\\)\\.`));
    expect(after.stdout).toMatch(/warning \[key-not-proved\] New key Janis \([0-9a-f]{8}\) is not proved/);
    const json = JSON.parse(coordinator('inspect', 'bundle', '--json').stdout);
    expect(json.roles[0].warnings.filter((w: { code: string }) => w.code.startsWith('key-')).map((w: { code: string }) => w.code)).toEqual(['key-not-proved', 'key-proved']);
  });

  it('refuses a changed proof and a proof for another ceremony, storing nothing', () => {
    const proof = JSON.parse(readFileSync(path('jimi-proof.json'), 'utf8'));
    proof.signed.signed_with = 'key file someone-else.pem';
    writeFileSync(path('tampered.json'), JSON.stringify(proof));
    const tampered = coordinator('prove', 'import', 'tampered.json', '--for', 'other-bundle');
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^rstuf-signer: the proof tampered.json \(Jimi, key id [0-9a-f]{8}\) does not verify: it was changed after it was signed/);

    const other = coordinator('prove', 'import', 'jimi-proof.json', '--for', 'other-bundle');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('is for another ceremony: it was made for a key list with sha256');
    expect(coordinator('inspect', 'other-bundle').stdout.match(/\[key-not-proved\]/g)).toHaveLength(2);
  });

  it("the holder's inspect is a danger when a root of the repository it proved for no longer lists its key", () => {
    const janis = as('janis-home');
    expect(coordinator('prove', 'challenge', 'bundle', '--out', 'default-challenges').code).toBe(0); // repository "bundle"
    const file = readdirSync(path('default-challenges')).find((f) => f.includes('Janis')) as string;
    const proved = janis('prove', '--challenge', join('default-challenges', file), '--key', 'jj.key', '--passphrase-file', 'pw', '--out', 'janis-proof.json');
    expect(proved.code, proved.stderr).toBe(0);
    expect(janis('inspect', 'bundle').stdout).not.toContain('proved-key-missing');
    // The same repository name and root version, but Janis's key swapped for Joe's.
    mkdirSync(path('swapped'));
    expect(coordinator('ceremony', '--config', 'c2.json', '--out', join('swapped', 'bundle')).code).toBe(0);
    const swapped = janis('inspect', join('swapped', 'bundle'));
    expect(swapped.stdout).toMatch(/DANGER \[proved-key-missing\] This laptop proved key Janis \([0-9a-f]{8}\) for repository "bundle" on \d{4}-\d{2}-\d{2}, but this root does not list that key/);
  });

  it('says what is wrong with its arguments', () => {
    expect(holder('prove', '--challenge', 'x.json', '--out', 'p.json').stderr).toContain('give either --key or --pkcs11-module');
    expect(holder('prove', '--key', 'k.pem', '--out', 'p.json').code).toBe(2);
    const notChallenge = holder('prove', '--challenge', 'c1.json', '--key', 'jh.key', '--passphrase-file', 'pw', '--out', 'p.json');
    expect(notChallenge.code).toBe(1);
    expect(notChallenge.stderr).toContain('c1.json is not a proof-of-possession challenge');
  });
});
