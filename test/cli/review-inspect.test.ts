// `rstuf-signer inspect` and `rstuf-signer trust` as a key holder runs them: the review in words
// and as JSON, the pinned root, forged chains refused, the 100,000-artifact role paged.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSigner } from '../helpers/cli.js';
import { cliFixture, readFixtureJson, REPO_ROOT } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';
import { fixtureKey, signWith } from '../helpers/review-keys.js';
import type { TufTargetsSigned } from '../../shared/tuf/types.js';

const PENDING = cliFixture('sign_pending_roles.json');
const UPDATE = cliFixture('update.json');
const OTHER_ROOT_V1 = cliFixture('root.json');
const JJ = '50d7e110ad65f3b2dba5c3cfc8c5ca259be9774cc26be3410044ffd4be3aa5f3';
const JC = '2f685fa7546f1856b123223ab086b3def14c89d24eef18f49c32508c2f60e241';
const JH = 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc';

let work: string;
let store: string;
// Root v1 as sign_pending_roles.json carries it (signed by JH and JJ: 2 of 2; the fixture v1.json
// has only JJ's signature, and a root is pinned only when its own threshold is met).
let ROOT_V1: string;
// Root v2 as update.json carries it: signed by JH (old key), JJ and JC, meeting both thresholds.
let ROOT_V2: string;
// Every run gets its own signer home, so no test ever reads or writes the user's real trust store.
const run = (args: string[]) => runSigner(args, { env: { RSTUF_SIGNER_HOME: join(work, 'home') } });

beforeAll(() => ensureCliBuilt(), 180_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'review-cli-'));
  store = join(work, 'store');
  ROOT_V1 = join(work, '1.root.json');
  writeFileSync(ROOT_V1, JSON.stringify(readFixtureJson(PENDING).data.metadata.trusted_root));
  ROOT_V2 = join(work, '2.root.json');
  writeFileSync(ROOT_V2, JSON.stringify(readFixtureJson(UPDATE).metadata.root));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('inspect', () => {
  it('--json prints the review in the agreed shape', () => {
    const r = run(['inspect', PENDING, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.kind).toBe('sign-pending');
    expect(out.roles).toHaveLength(1);
    const role = out.roles[0];
    expect(role).toMatchObject({ role: 'root', version: 2, expires: '2025-12-31T23:59:59Z', threshold: { required: 2, met: false } });
    expect(role.signatures.valid.sort()).toEqual([JC, JJ].sort());
    expect(role.signatures.invalid).toEqual([]);
    expect(role.signatures.missing).toEqual([JH]);
    expect(role.changes.map((c: { type: string }) => c.type).sort()).toEqual(
      ['key-added', 'key-added', 'key-removed', 'key-removed', 'online-key-changed', 'role-keys-changed', 'role-keys-changed', 'role-keys-changed', 'role-keys-changed', 'version-changed'].sort(),
    );
    for (const w of role.warnings) expect(Object.keys(w).sort()).toEqual(['code', 'level', 'message']);
    expect(role.warnings.map((w: { code: string }) => w.code)).toContain('expiry-past');
    expect(role.warnings.map((w: { code: string }) => w.code)).toContain('trust-not-anchored');
  });

  it('prints the review in words', () => {
    const r = run(['inspect', PENDING]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('root v2 (trusted: v1)');
    expect(r.stdout).toContain("trusted root v1: 1 of 2 required signatures (JanisJoplin's Key); missing one of: JimiHendrix's Key");
    expect(r.stdout).toContain("new root v2: 2 of 2 required signatures (JanisJoplin's Key, JoeCocker's Key); threshold met");
    expect(r.stdout).toMatch(/\[role-keys-changed\] The root role adds JoeCocker's Key and removes JimiHendrix's Key\./);
    expect(r.stdout).toMatch(/\[online-key-changed\] The online key changes from Online Key \(0d9d3d4b\)/);
    expect(r.stdout).toMatch(/DANGER \[expiry-past\]/);
    expect(r.stdout).toContain('No root is pinned for this repository');
  });

  it('--canonical prints exactly the bytes a signature covers', () => {
    const r = run(['inspect', PENDING, '--canonical']);
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\n$/, '');
    expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe('a23903469756f796633508fa2ac563696110bbf571cf3174935e480ce2008e8a');
  });
});

describe('trust pin / show', () => {
  it('shows what is pinned and refuses without a confirmation', () => {
    // A new session has no controlling terminal: the prompt cannot be answered, nothing is pinned.
    // `detached` (setsid) works for spawnSync too, though @types/node lists it only for spawn.
    const options = { encoding: 'utf8' as const, detached: true, env: { ...process.env, RSTUF_SIGNER_HOME: join(work, 'home') } };
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/rstuf-signer.js'), 'trust', 'pin', ROOT_V1, '--trust-store', store], options);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('Root version 1, expires 2025-12-31T23:59:59Z');
    expect(r.stdout).toContain('Fingerprint: 1bc1 67f9 070f e3f4');
    expect(r.stdout).toMatch(/JimiHendrix's Key\s+c6d8bf2e\s+ed25519\/ed25519\s+root/);
    expect(r.stdout).toMatch(/root\s+2 of 2: JimiHendrix's Key, JanisJoplin's Key/);
    expect(r.stderr).toContain('pass --yes');
    expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
    expect(run(['trust', 'show', '--trust-store', store]).stdout).toContain('No root is pinned');
  });

  it('pins with --yes, shows it, and re-pins only with --repin (warned)', () => {
    const pinned = run(['trust', 'pin', ROOT_V1, '--trust-store', store, '--yes']);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain('Pinned root v1 for repository "default"');
    const shown = run(['trust', 'show', '--trust-store', store, '--json']);
    expect(JSON.parse(shown.stdout).repositories[0]).toMatchObject({
      repository: 'default',
      pinned: { version: 1, sha256: '1bc167f9070fe3f46e06147b4c5343375b26d32b3caff66f87ca47656a65f32f', confirmation: 'flag' },
      latestVersion: 1,
    });
    const again = run(['trust', 'pin', OTHER_ROOT_V1, '--trust-store', store, '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--repin');
    const repin = run(['trust', 'pin', OTHER_ROOT_V1, '--trust-store', store, '--yes', '--repin']);
    expect(repin.code).toBe(0);
    expect(repin.stdout).toContain('WARNING: this REPLACES the trust anchor of repository "default"');
    expect(repin.stdout).toMatch(/previous trust folder was kept as .*\.replaced.default-/);
    expect(JSON.parse(run(['trust', 'show', '--trust-store', store, '--json']).stdout).repositories.map((r: { repository: string }) => r.repository)).toEqual(['default']);
  });
});

describe('trust add', () => {
  it("records a later root that chains, and refuses RSTUF's v2.json, signed by one key short of both thresholds", () => {
    expect(run(['trust', 'pin', ROOT_V1, '--trust-store', store, '--yes']).code).toBe(0);
    const short = run(['trust', 'add', cliFixture('v2.json'), '--trust-store', store]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain(
      "root v1 -> root v2: root v2 is not signed by enough keys: root v1 (trusted): 1 of 2 required signatures (JanisJoplin's Key); missing one of: JimiHendrix's Key; and root v2 itself: 1 of 2 required signatures (JanisJoplin's Key); missing one of: JoeCocker's Key",
    );
    const added = run(['trust', 'add', ROOT_V2, '--trust-store', store]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Verified and recorded root v2 for repository "default".');
    expect(run(['trust', 'add', ROOT_V2, '--trust-store', store]).stdout).toContain('Nothing new');
    expect(JSON.parse(run(['trust', 'show', '--trust-store', store, '--json']).stdout).repositories[0].roots.map((r: { origin: string }) => r.origin)).toEqual(['pinned', 'verified']);
  });
});

describe('inspect / verify against the trust store', () => {
  it('a file whose trusted_root is the pinned root is reviewed as chained', () => {
    expect(run(['trust', 'pin', ROOT_V1, '--trust-store', store, '--yes']).code).toBe(0);
    const r = run(['inspect', PENDING, '--trust-store', store]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Trust: Root v1 is the root pinned for repository "default"');
    expect(r.stdout).not.toContain('trust-not-anchored');
  });

  it('a swapped trusted_root is refused with the reason', () => {
    expect(run(['trust', 'pin', OTHER_ROOT_V1, '--trust-store', store, '--yes']).code).toBe(0);
    const r = run(['inspect', PENDING, '--trust-store', store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the file's root v1 is not the root v1 this trust store verified .* swapped/);
    // A file without a trusted root of its own is judged against the pinned one: not signed by its keys.
    const verify = run(['verify', UPDATE, '--trust-store', store]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/trusted root v1: 0 of \d required signature/);
  });

  it('verify takes the trusted root a file lacks from the store, and the store records verified roots', () => {
    expect(run(['verify', UPDATE]).code).toBe(1);
    expect(run(['trust', 'pin', ROOT_V1, '--trust-store', store, '--yes']).code).toBe(0);
    const ok = run(['verify', UPDATE, '--trust-store', store]);
    expect(ok.stdout).toContain('root v2: OK');
    expect(ok.code).toBe(0);
    // A later file carrying root v2 as its trusted root chains v1 -> v2 and is recorded.
    const next = readFixtureJson(PENDING);
    next.data.metadata.trusted_root = readFixtureJson(ROOT_V2);
    next.data.metadata.root.signed.version = 3;
    next.data.metadata.root.signatures = [];
    const file = join(work, 'next.json');
    writeFileSync(file, JSON.stringify(next));
    const r = run(['inspect', file, '--trust-store', store]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Trust store: now also trusts root v2');
    expect(JSON.parse(run(['trust', 'show', '--trust-store', store, '--json']).stdout).repositories[0].latestVersion).toBe(2);
    // ...and the old file, whose trusted root is v1, is now a rollback.
    const old = run(['inspect', PENDING, '--trust-store', store]);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain("rollback: the file's trusted root is v1, but root v2 is already trusted");
  });
});

describe('a 100,000-artifact delegated role', () => {
  it('prints grouped counts first, then one page of changes', async () => {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) {
      const path = `${['linux', 'mac', 'windows'][i % 3]}/pkg-${String(i).padStart(6, '0')}.tar.gz`;
      const file = { length: 1000 + i, hashes: { sha256: createHash('sha256').update(path).digest('hex') } };
      before[path] = file;
      if (i % 100 !== 7) after[path] = i % 100 === 8 ? { ...file, length: 1 } : file;
    }
    const signed = (version: number, targets: Record<string, unknown>) => ({ _type: 'targets', spec_version: '1.0.31', version, expires: '2030-01-01T00:00:00Z', targets });
    const trustedTargets = readFixtureJson(cliFixture('v1.json')); // any signed metadata to shape from
    const delegator = {
      signed: {
        ...signed(1, {}),
        delegations: { keys: { [JH]: trustedTargets.signed.keys[JH] }, roles: [{ name: 'packages', terminating: true, keyids: [JH], threshold: 1, paths: ['*'] }] },
      },
      signatures: [],
    };
    const pendingFile = join(work, 'big.json');
    const previousFile = join(work, 'previous.json');
    writeFileSync(pendingFile, JSON.stringify({ data: { metadata: { packages: { signed: signed(2, after), signatures: [] }, trusted_targets: delegator } } }));
    // The current version counts only when the role's keys signed it (JH, threshold 1).
    writeFileSync(previousFile, JSON.stringify(await signWith(signed(1, before) as TufTargetsSigned, [fixtureKey('JH.ed25519', 'JH')])));
    const unsigned = join(work, 'previous-unsigned.json');
    writeFileSync(unsigned, JSON.stringify({ signed: signed(1, before), signatures: [] }));
    const refused = run(['inspect', pendingFile, '--previous', unsigned]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("previous-unsigned.json (packages v1) is not signed by enough of the keys delegated to packages (0 of 1 valid)");

    const r = run(['inspect', pendingFile, '--previous', previousFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.length).toBeLessThan(120);
    const summary = lines.findIndex((l) => l.includes('Artifacts: 99000 (0 added, 1000 removed, 1000 modified, 98000 unchanged)'));
    const groups = lines.findIndex((l) => l.includes('by top folder:'));
    const page = lines.findIndex((l) => l.includes('Changed artifacts, page 1 of 40 (2000 in all; see others with --page N)'));
    expect(summary).toBeGreaterThan(0);
    expect(groups).toBeGreaterThan(summary);
    expect(page).toBeGreaterThan(groups);
    expect(lines.filter((l) => /^ {6}[-~+] /.test(l))).toHaveLength(50);
    expect(lines).toContain('      linux/: 0 added, 333 removed, 333 modified, 32668 unchanged');

    const page2 = run(['inspect', pendingFile, '--previous', previousFile, '--page', '2']).stdout.split('\n');
    const entries1 = lines.filter((l) => /^ {6}[-~+] /.test(l));
    const entries2 = page2.filter((l) => /^ {6}[-~+] /.test(l));
    expect(entries2).toHaveLength(50);
    expect(entries2.some((l) => entries1.includes(l))).toBe(false);
  });
});

describe('text from the file never drives the terminal', () => {
  it('inspect spells out control and bidi characters in key names, in words and in JSON', () => {
    const hostile = 'Jimi\u001b[2K\rroot v2: threshold met\u202e\u009b';
    const json = readFixtureJson(PENDING);
    const keys = json.data.metadata.root.signed.keys;
    keys[Object.keys(keys)[0]!]['x-rstuf-key-name'] = hostile;
    const file = join(work, 'hostile.json');
    writeFileSync(file, JSON.stringify(json));
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    const text = run(['inspect', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(control);
    expect(text.stdout).toContain('Jimi\\u001b[2K\\rroot v2: threshold met\\u202e\\u009b');
    const asJson = run(['inspect', file, '--json']);
    expect(asJson.code, asJson.stderr).toBe(0);
    expect(asJson.stdout).not.toMatch(control);
    // The escapes are JSON escapes: the value a program reads is the name as the file has it.
    expect(JSON.stringify(JSON.parse(asJson.stdout))).toContain(JSON.stringify(hostile).slice(1, -1));
  });
});
