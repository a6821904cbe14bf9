// One data folder for the CLI and the desktop app ($RSTUF_SIGNER_HOME): a root pinned by
// `rstuf-signer trust pin` is the app's pin and the reverse; a forged root written into the
// folder is refused by both, naming the file; the old ~/.config/rstuf-signer/trust moves over once;
// and `rstuf-signer audit` lists (and `audit verify` checks) the same log the app writes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/channels.js';
import type { IpcResult } from '../../shared/ipc/result.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { AuditLog, type AuditRecord } from '../../main/services/audit-log.js';
import { appPaths } from '../../main/core/platform/data-dir.js';
import { rootFingerprint } from '../../main/core/trust/chain.js';
import type { TrustIndex } from '../../main/core/trust/trust-store.js';
import { runSigner } from '../helpers/cli.js';
import { makeTestApp, type TestApp } from '../helpers/desktop-app.js';
import { cliFixture, readFixtureJson } from '../helpers/fixtures.js';
import { freshKey, rootSigned, signedRoot } from '../helpers/review-keys.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';

let work: string;
let data: string;
let root1: string;
let app: TestApp | undefined;
// The data folder is D; HOME and the XDG folders point into the test's own folder too, so nothing
// here can read or change the real home.
const envFor = (dataDir: string | null, home = join(work, 'home')): NodeJS.ProcessEnv => ({
  RSTUF_SIGNER_HOME: dataDir ?? '',
  HOME: home,
  XDG_DATA_HOME: '',
  XDG_CONFIG_HOME: '',
});
const cli = (args: string[], dataDir: string | null = data, home?: string) => runSigner(args, { cwd: work, env: envFor(dataDir, home) });
const appOn = (dataDir: string): TestApp => (app = makeTestApp({ dataDir }));

function value<T = any>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(() => ensureCliBuilt(), 180_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'data-folder-'));
  data = join(work, 'D');
  root1 = join(work, '1.root.json');
  writeFileSync(root1, JSON.stringify(readFixtureJson(cliFixture('sign_pending_roles.json')).data.metadata.trusted_root));
});
afterEach(() => {
  app?.cleanup();
  app = undefined;
  rmSync(work, { recursive: true, force: true });
});

const fingerprintOf = (path: string) => rootFingerprint(JSON.parse(readFileSync(path, 'utf8')) as RootMetadata);

describe('one trust store for the CLI and the app', () => {
  it('a root pinned with `rstuf-signer trust pin` is the pin the app shows, and the folder is private', async () => {
    const pin = cli(['trust', 'pin', root1, '--yes']);
    expect(pin.stderr).toBe('');
    expect(pin.code).toBe(0);
    expect(pin.stdout).toContain(join(data, 'trust'));
    expect(statSync(data).mode & 0o777).toBe(0o700);

    const pinned = value(await appOn(data).call(CHANNELS.trustGet)).pinned;
    expect(pinned).toMatchObject({ version: 1, fingerprint: fingerprintOf(root1) });
  });

  it('`trust pin` of the next root that chains records it as the app does (the pin unchanged), and of a trusted root changes nothing', async () => {
    const v1 = join(work, 'v1.json');
    const v2 = join(work, 'v2.json');
    writeFileSync(v1, JSON.stringify(readFixtureJson(cliFixture('ceremony.json')).metadata.root));
    // RSTUF's root v2 update: JH and JJ for v1, JJ and JC for v2.
    writeFileSync(v2, JSON.stringify(readFixtureJson(cliFixture('update.json')).metadata.root));
    expect(cli(['trust', 'pin', v1, '--yes']).code).toBe(0);
    const next = cli(['trust', 'pin', v2, '--yes']);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('Root v2 follows from the trusted root v1 (signed by both thresholds): recorded for repository "default"; the pin is unchanged.');
    const again = cli(['trust', 'pin', v2, '--yes']);
    expect([again.code, again.stdout.trim()]).toEqual([0, 'Root v2 is already trusted for repository "default"; nothing changed.']);
    const app = appOn(data);
    expect(value(await app.call(CHANNELS.trustGet)).pinned).toMatchObject({ version: 2, fingerprint: fingerprintOf(v2) });
    // The anchor is still root v1; v2 is recorded as verified from it.
    const index = JSON.parse(readFileSync(join(data, 'trust', 'default', 'trust.json'), 'utf8'));
    expect(index.pinned.version).toBe(1);
    expect(index.roots.map((r: { version: number; origin: string }) => [r.version, r.origin])).toEqual([[1, 'pinned'], [2, 'verified']]);
  });

  it('a root pinned with `rstuf-signer trust pin --repository NAME` is the app\'s pin too, and the app signs against it', async () => {
    expect(cli(['trust', 'pin', root1, '--repository', 'production', '--yes']).code).toBe(0);
    const a = appOn(data);
    expect(value(await a.call(CHANNELS.trustGet)).pinned).toMatchObject({ version: 1, fingerprint: fingerprintOf(root1) });
    a.dialogs.nextOpen = cliFixture('sign_pending_roles.json');
    const item = value(await a.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
    expect(value(await a.call(CHANNELS.reviewGet, { itemId: item.id })).trust.state).toBe('chained');
  });

  it('a root pinned in the app is the pin the CLI checks files against', async () => {
    const a = appOn(data);
    a.dialogs.nextOpen = root1;
    const candidate = value(await a.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    value(await a.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: true }));

    const show = cli(['trust', 'show', '--json']);
    expect(show.code).toBe(0);
    const shown = JSON.parse(show.stdout);
    expect(shown.dir).toBe(join(data, 'trust'));
    expect(shown.repositories).toEqual([expect.objectContaining({ repository: 'default', pinned: expect.objectContaining({ version: 1, sha256: fingerprintOf(root1) }) })]);

    const inspect = cli(['inspect', cliFixture('sign_pending_roles.json'), '--json']);
    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout).trust).toMatchObject({ state: 'chained', repository: 'default', pinnedVersion: 1 });
  });
});

describe('a forged root written into the data folder', () => {
  async function plantForgedV2(): Promise<string> {
    // Root v2 with threshold 1 and only Mallory's key, signed by Mallory alone; its index entry
    // carries the right fingerprint, as anyone who can write the folder could make it.
    const mallory = freshKey('Mallory');
    const online = freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:o' });
    const forged = await signedRoot(rootSigned({ version: 2, root: [mallory], threshold: 1, online }), [mallory]);
    const repo = join(data, 'trust', 'default');
    const file = join(repo, 'roots', '2.root.json');
    writeFileSync(file, JSON.stringify(forged, null, 2));
    const index = JSON.parse(readFileSync(join(repo, 'trust.json'), 'utf8')) as TrustIndex;
    index.roots.push({ version: 2, sha256: rootFingerprint(forged), file: '2.root.json', addedAt: '2026-06-01T00:00:00.000Z', origin: 'verified' });
    writeFileSync(join(repo, 'trust.json'), JSON.stringify(index, null, 2));
    return file;
  }

  it('is refused by `trust show`, `inspect` and the app, each naming the file, and never called verified', async () => {
    expect(cli(['trust', 'pin', root1, '--yes']).code).toBe(0);
    const file = await plantForgedV2();

    const show = cli(['trust', 'show']);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain(file);
    expect(show.stderr).toMatch(/does not verify from the pinned root: root v1 -> root v2/);
    expect(show.stdout).not.toMatch(/verified/i);

    for (const args of [['inspect', cliFixture('sign_pending_roles.json')], ['inspect', cliFixture('sign_pending_roles.json'), '--json'], ['verify', cliFixture('sign_pending_roles.json')]]) {
      const r = cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stdout).toBe('');
    }

    const a = appOn(data);
    // The app lists the repository with its damage (so another can still be chosen) and trusts nothing of it.
    const got = await a.call(CHANNELS.trustGet);
    expect(got.ok).toBe(true);
    const state = got.ok ? (got.value as { pinned: unknown; repositories?: { repository: string; pinned: unknown; problem: string | null }[] }) : undefined;
    expect(state?.pinned).toBeNull();
    expect(state?.repositories).toEqual([{ repository: 'default', pinned: null, problem: expect.stringContaining('default/roots/2.root.json') }]);
    expect(JSON.stringify(state)).not.toContain(data);
    const item = await a.call(CHANNELS.workspaceImportDropped, { files: [{ path: 'sign_pending_roles.json', contentBase64: readFileSync(cliFixture('sign_pending_roles.json')).toString('base64') }] });
    const review = await a.call(CHANNELS.reviewGet, { itemId: item.ok ? (item.value as { id: string }).id : '' });
    expect(review.ok ? review.value : review.error).toMatchObject({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringContaining('2.root.json') });
  });

  it('can be replaced by a deliberate re-pin, the damaged folder kept aside', async () => {
    expect(cli(['trust', 'pin', root1, '--yes']).code).toBe(0);
    const file = await plantForgedV2();
    expect(cli(['trust', 'pin', root1, '--yes']).code).toBe(1);
    const repin = cli(['trust', 'pin', root1, '--yes', '--repin']);
    expect(repin.code).toBe(0);
    // Named by its place in the store, and where it is on disk (the CLI prints the path; the app never gets it).
    expect(repin.stdout).toContain('default/roots/2.root.json');
    expect(repin.stdout).toContain(`(file: ${file})`);
    expect(repin.stdout).toMatch(/The previous trust folder was kept as /);
    expect(cli(['trust', 'show']).code).toBe(0);
  });
});

describe('the old trust store (~/.config/rstuf-signer/trust)', () => {
  it('moves into the data folder on first use, said in one line on stderr, and only once', async () => {
    const home = join(work, 'home');
    const old = join(home, '.config', 'rstuf-signer', 'trust');
    expect(cli(['trust', 'pin', root1, '--yes', '--trust-store', old], null, home).code).toBe(0);

    const first = cli(['trust', 'show'], null, home);
    const shared = join(home, '.local', 'share', 'rstuf-offline-signer');
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`rstuf-signer: moved the trust store from ${old} to ${join(shared, 'trust')}, the data folder shared with the desktop app (the old folder is kept as ${old}.moved)\n`);
    expect(first.stdout).toContain(`Trust store ${join(shared, 'trust')}`);
    expect(existsSync(old)).toBe(false);
    expect(statSync(shared).mode & 0o777).toBe(0o700);

    const second = cli(['trust', 'show'], null, home);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    // The app started on the default folder sees the moved pin.
    expect(value(await appOn(shared).call(CHANNELS.trustGet)).pinned).toMatchObject({ fingerprint: fingerprintOf(root1) });
  });

  it('moves on the first inspect too, and never overwrites a trust store already in the data folder', () => {
    const home = join(work, 'home2');
    const old = join(home, '.config', 'rstuf-signer', 'trust');
    expect(cli(['trust', 'pin', root1, '--yes', '--trust-store', old], null, home).code).toBe(0);
    const r = cli(['inspect', cliFixture('sign_pending_roles.json'), '--json'], null, home);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^rstuf-signer: moved the trust store from .*\n$/);
    expect(JSON.parse(r.stdout).trust.state).toBe('chained');

    // A second old store appears later: the one in the data folder stays.
    const again = join(home, '.config', 'rstuf-signer', 'trust');
    mkdirSync(join(again, 'default'), { recursive: true });
    writeFileSync(join(again, 'default', 'trust.json'), 'not an index');
    const later = cli(['trust', 'show'], null, home);
    expect(later.stderr).toBe('');
    expect(later.code).toBe(0);
    expect(readFileSync(join(again, 'default', 'trust.json'), 'utf8')).toBe('not an index');
  });
});

describe('rstuf-signer audit', () => {
  let tick = 0;
  const log = () => new AuditLog(appPaths(data).auditLog, () => new Date(Date.UTC(2026, 10, 25, 12, 0, tick++)));
  const record = (version: number, keyName = "JimiHendrix's Key"): AuditRecord => ({
    repository: 'https://rstuf.example',
    role: 'root',
    version,
    signedSha256: `${version}`.repeat(64).slice(0, 64),
    keyid: 'c6d8bf2e4f48b41ac2ce8eca21415ca8ef68c133b47fc33df03d4070a7e1e9cc',
    keyName,
    keySource: { kind: 'file', fileName: 'JH.ed25519' },
  });

  it('says so when nothing was signed', () => {
    const text = cli(['audit']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(`No signatures recorded in ${join(data, 'audit-log.jsonl')}.\n`);
    const json = cli(['audit', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    const verify = cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/the audit log is empty/);
  });

  it('lists the entries an AuditLog on the same folder wrote (the app\'s Audit log screen), newest first', () => {
    const l = log();
    l.append(record(2));
    l.append({ ...record(3, 'Bob\u001b[2J'), keySource: { kind: 'token', serial: '18158855', label: 'YubiKey PIV' } });

    const json = cli(['audit', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(l.list(100).entries);

    const text = cli(['audit']);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('2 entries, newest first');
    expect(lines[1]).toMatch(/^#2 {2}2026-11-25T12:00:01\.000Z {2}https:\/\/rstuf\.example {2}root v3 {2}Bob.*\(c6d8bf2e\) {2}token YubiKey PIV #18158855 {2}sha256 3333333333333333$/);
    expect(lines[2]).toBe("#1  2026-11-25T12:00:00.000Z  https://rstuf.example  root v2  JimiHendrix's Key (c6d8bf2e)  key file JH.ed25519  sha256 2222222222222222");
    // A name from a file never reaches the terminal as a control sequence.
    expect(text.stdout).not.toContain('\u001b');

    const verify = cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/all 2 audit log entries are intact/);
  });

  it('`audit verify` exits 1 on a tampered line, naming the first bad entry', () => {
    const l = log();
    l.append(record(2));
    l.append(record(3));
    l.append(record(4));
    const file = appPaths(data).auditLog;
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    lines[1] = (lines[1] as string).replace('"version":3', '"version":1');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const verify = cli(['audit', 'verify']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toBe(`rstuf-signer: the audit log ${file} is broken: audit log entry 2 was changed after it was written\n`);
    const json = cli(['audit', 'verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, brokenAtSeq: 2 });

    // Listing still shows what is readable, and says the chain is broken.
    const listed = cli(['audit']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toMatch(/warning: audit log entry 2 was changed after it was written/);
  });

  it('refuses an unknown subcommand as bad usage', () => {
    const r = cli(['audit', 'erase']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown subcommand "erase"/);
  });
});
