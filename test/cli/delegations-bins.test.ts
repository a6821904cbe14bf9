// rstuf-signer delegations with hash bins nested under a custom delegation (issue 14, item 5):
// num_bins becomes x-rstuf-num-bins and role_online_key x-rstuf-role-online-key (with the key and
// its URI in delegations.keys), byte-exact as in RSTUF's shape (test/fixtures/formats); the count
// follows the hash-bins rule and the key the review's rule for x-rstuf-role-online-key.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/tuf/canonical.js';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, REPO_ROOT } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

const BINS_KEY = 'cb20fa1061dde8e6267e0bef0981766aaadae168e917030f7f26edc7a0bab9c2';
const FORMATS = join(REPO_ROOT, 'test/fixtures/formats');

let dir: string;
const path = (...p: string[]): string => join(dir, ...p);
const cli = (...args: string[]) => runSigner(args, { cwd: dir, env: { RSTUF_SIGNER_HOME: path('home') } });
const write = (name: string, value: unknown): string => {
  writeFileSync(path(name), JSON.stringify(value));
  return name;
};
const binsKey = { file: 'keys/bins.pub', name: 'fastapi bins key', uri: 'fn:fastapi-bins.pem' };
/** The three roles of ceremony-formats.json's settings.roles.delegations, as DELEGATIONS.json. */
const roles = (fastapi: Record<string, unknown> = {}) => [
  { name: 'fastapi', paths: ['fastapi/*'], expire_policy: 1, num_bins: 16, role_online_key: binsKey, ...fastapi },
  { name: 'advisories', paths: ['advisories/*'], threshold: 1, keys: [{ file: 'keys/jh.pub', name: "JimiHendrix's Key" }], expire_policy: 30 },
  { name: 'pytorch', paths: ['pytorch/*'], terminating: false, expire_policy: 1 },
];

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'delegations-bins-'));
  mkdirSync(path('keys'));
  copyFileSync(cliFixture('JH.pub'), path('keys', 'jh.pub'));
  copyFileSync(cliFixture(`${BINS_KEY}.pub`), path('keys', 'bins.pub'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rstuf-signer delegations: hash bins nested under a custom delegation', () => {
  it('writes x-rstuf-num-bins and x-rstuf-role-online-key byte-exact in RSTUF\'s shape, and says them in the review\'s words', () => {
    const r = cli('delegations', '--config', write('d.json', { delegations: roles() }), '--out', 'deleg');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [file] = readdirSync(path('deleg')).filter((f) => f !== 'manifest.json');
    const written = readFileSync(path('deleg', file as string), 'utf8');
    const expected = JSON.parse(readFileSync(join(FORMATS, 'ceremony-formats.json'), 'utf8')).settings.roles.delegations;
    // The signed bytes RSTUF will build from it: the same canonical JSON as the RSTUF-shaped fixture.
    expect(canonicalize(JSON.parse(written).delegations)).toBe(canonicalize(expected));
    expect(r.stdout.split('\n').slice(2, 7)).toEqual([
      '  delegated role "fastapi": fastapi/*, signed by the online key, terminating, expires every 1 day',
      `    RSTUF's online key signs it (the role lists no key ids); 16 hash bins nested below it (x-rstuf-num-bins), made and signed online by RSTUF, with its own online key fastapi bins key (cb20fa10) (RSTUF's worker loads it from the file "fastapi-bins.pem" in its RSTUF_ONLINE_KEY_DIR (fn:fastapi-bins.pem)), which signs the bins only, never "fastapi" itself`,
      `  delegated role "advisories": advisories/*, signed by 1 of "JimiHendrix's Key", terminating, expires every 30 days`,
      '  delegated role "pytorch": pytorch/*, signed by the online key, not terminating, expires every 1 day',
      `  warning: [online-key-uri] delegations[0].role_online_key.uri: the worker will look for the private key in a file named "fastapi-bins.pem"; RSTUF's convention is the key id, "fn:${BINS_KEY}"`,
    ]);
  });

  it.each([
    ['a bin count that is not a power of two', { num_bins: 300 }, '[bins-power-of-two] delegations[0].num_bins: the number of hash bins must be a power of two from 2 to 16384 (RSTUF rounds anything else down), not 300'],
    ['a bins key without bins', { num_bins: undefined }, "[role-online-key] delegations[0].role_online_key: its x-rstuf-role-online-key is set, but the role has no x-rstuf-num-bins: there are no bins for it to sign; RSTUF refuses such a delegation"],
    [
      'a bins key that is also the role\'s own key',
      { threshold: 1, keys: [{ file: 'keys/bins.pub', name: 'own key' }] },
      "[role-online-key] delegations[0].role_online_key: its x-rstuf-role-online-key is also one of the role's own keys; it may sign the bins only; RSTUF refuses such a delegation",
    ],
    ['a bins key without a URI', { role_online_key: { ...binsKey, uri: '' } }, '[online-key-uri] delegations[0].role_online_key.uri: the online key needs the URI the RSTUF worker loads it from'],
    ['a bin count that is not a number', { num_bins: '16' }, 'delegations[0].num_bins'],
  ])('refuses %s, naming the rule, and writes nothing', (_name, fastapi, message) => {
    const out = `refused-${Math.random().toString(16).slice(2)}`;
    const r = cli('delegations', '--config', write(`${out}.json`, { delegations: roles(fastapi) }), '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(existsSync(path(out))).toBe(false);
  });
});
