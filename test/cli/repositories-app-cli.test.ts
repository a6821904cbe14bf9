// Several repositories in one data folder, pinned by the CLI and used by the app (issue 16,
// Pinning; issue 12 item 4): `RSTUF_SIGNER_HOME=D rstuf-signer trust pin ROOT --repository NAME`
// twice, then the app on D lists both, refuses to guess which one a review is checked against,
// reviews against the one chosen (and says so), and remembers the choice across a restart; the CLI
// on D then follows that choice. A repository the app pins under a new name is the CLI's --repository NAME.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/channels.js';
import type { RootMetadata } from '../../shared/tuf/types.js';
import { rootFingerprint } from '../../main/core/trust/chain.js';
import { runSigner } from '../helpers/cli.js';
import { ipcError, ipcValue, makeTestApp, type TestApp } from '../helpers/desktop-app.js';
import { cliFixture, readFixtureJson } from '../helpers/fixtures.js';
import { ensureCliBuilt } from '../interop/foundation-build.js';
import { freshKey, rootSigned, signedRoot } from '../helpers/review-keys.js';

let work: string;
let data: string;
let rootA: string;
let rootB: string;
let otherRoot: RootMetadata;
const apps: TestApp[] = [];
// HOME and the XDG folders point into the test's folder: nothing here reads or changes the real home.
const cli = (args: string[]) => runSigner(args, { cwd: work, env: { RSTUF_SIGNER_HOME: data, HOME: join(work, 'home'), XDG_DATA_HOME: '', XDG_CONFIG_HOME: '' } });
const appOnD = (): TestApp => {
  const app = makeTestApp({ dataDir: data });
  apps.push(app);
  return app;
};
const fingerprintOf = (path: string) => rootFingerprint(JSON.parse(readFileSync(path, 'utf8')) as RootMetadata);
// RSTUF's sign-pending response: its trusted root is root A.
const SIGN_PENDING = cliFixture('sign_pending_roles.json');

beforeAll(async () => {
  ensureCliBuilt();
  // Another repository's root v1: its own keys, signed by them.
  const keys = [freshKey('Ola'), freshKey('Per')];
  otherRoot = await signedRoot(rootSigned({ version: 1, root: keys, threshold: 2, online: freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:other' }) }), keys);
}, 180_000);
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'repositories-'));
  data = join(work, 'D');
  rootA = join(work, 'a.root.json');
  rootB = join(work, 'b.root.json');
  writeFileSync(rootA, JSON.stringify(readFixtureJson(SIGN_PENDING).data.metadata.trusted_root));
  writeFileSync(rootB, JSON.stringify(otherRoot));
});
afterEach(() => {
  for (const app of apps.splice(0)) app.cleanup();
  rmSync(work, { recursive: true, force: true });
});

async function importSignPending(app: TestApp): Promise<string> {
  app.dialogs.nextOpen = SIGN_PENDING;
  return ipcValue(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' })).id;
}

describe('two repositories pinned with `rstuf-signer trust pin --repository NAME`', () => {
  it('the app lists both and reviews against the one chosen, and keeps the choice after a restart', async () => {
    expect(fingerprintOf(rootA)).not.toBe(fingerprintOf(rootB));
    for (const [root, name] of [
      [rootA, 'one'],
      [rootB, 'two'],
    ] as const) {
      const pin = cli(['trust', 'pin', root, '--repository', name, '--yes']);
      expect(pin.stderr).toBe('');
      expect(pin.code).toBe(0);
    }

    const app = appOnD();
    const state = ipcValue(await app.call(CHANNELS.trustGet));
    expect(state.repositories.map((r: { repository: string; pinned: { version: number; fingerprint: string } }) => [r.repository, r.pinned.version, r.pinned.fingerprint])).toEqual([
      ['one', 1, fingerprintOf(rootA)],
      ['two', 1, fingerprintOf(rootB)],
    ]);
    expect(state).toMatchObject({ repository: null, pinned: null, choiceProblem: expect.stringContaining('2 repositories are pinned (one, two) and none is chosen for reviews') });

    // Nothing is guessed: until the holder chooses, the review is refused with what to do, in both fronts.
    const before = cli(['inspect', SIGN_PENDING, '--json']);
    expect(before.code).not.toBe(0);
    expect(before.stderr).toMatch(/2 repositories are pinned \(one, two\) and none is chosen for reviews: choose one with --repository/);
    const itemId = await importSignPending(app);
    expect(ipcError(await app.call(CHANNELS.reviewGet, { itemId }))).toMatchObject({ code: 'TRUST_NOT_PINNED', message: expect.stringContaining('choose the one this workspace is reviewed against') });

    // Against "two", the file's trusted root is not that repository's.
    ipcValue(await app.call(CHANNELS.trustChoose, { repository: 'two' }));
    expect(ipcError(await app.call(CHANNELS.reviewGet, { itemId }))).toMatchObject({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringContaining('repository "two"') });

    expect(ipcValue(await app.call(CHANNELS.trustChoose, { repository: 'one' }))).toMatchObject({ repository: 'one', pinned: { fingerprint: fingerprintOf(rootA) } });
    expect(ipcValue(await app.call(CHANNELS.reviewGet, { itemId })).trust).toMatchObject({ state: 'chained', repository: 'one', rootVersion: 1 });

    // The app restarted on D: the same repository is in use.
    const again = appOnD();
    expect(ipcValue(await again.call(CHANNELS.trustGet)).repository).toBe('one');
    expect(ipcValue(await again.call(CHANNELS.reviewGet, { itemId: await importSignPending(again) })).trust).toMatchObject({ state: 'chained', repository: 'one' });

    // The CLI on D follows the app's choice (one rule, TrustStore.inUse); --repository overrides it.
    const unnamed = cli(['inspect', SIGN_PENDING, '--json']);
    expect(unnamed.code).toBe(0);
    expect(JSON.parse(unnamed.stdout).trust).toMatchObject({ state: 'chained', repository: 'one' });
    const named = cli(['inspect', SIGN_PENDING, '--json', '--repository', 'two']);
    expect(named.code).not.toBe(0);
    expect(named.stderr).toContain('repository "two"');
    // A store named by --trust-store has no remembered choice: the CLI asks again.
    const explicit = cli(['inspect', SIGN_PENDING, '--json', '--trust-store', join(data, 'trust')]);
    expect(explicit.code).not.toBe(0);
    expect(explicit.stderr).toMatch(/none is chosen for reviews: choose one with --repository/);
  });

  it('a repository the app pins under a new name is the CLI\'s --repository NAME, and the one in use stays', async () => {
    expect(cli(['trust', 'pin', rootA, '--repository', 'one', '--yes']).code).toBe(0);
    const app = appOnD();
    app.dialogs.nextOpen = rootB;
    const candidate = ipcValue(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' }, repository: 'two' }));
    expect(candidate).toMatchObject({ repository: 'two', relation: 'first-pin' });
    const state = ipcValue(await app.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: candidate.warnings.length > 0 }));
    expect(state.repository).toBe('one');
    expect(state.repositories.map((r: { repository: string }) => r.repository)).toEqual(['one', 'two']);

    const show = cli(['trust', 'show', '--json', '--repository', 'two']);
    expect(show.stderr).toBe('');
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout).repositories).toEqual([expect.objectContaining({ repository: 'two', pinned: expect.objectContaining({ version: 1, sha256: fingerprintOf(rootB) }) })]);

    // With two pinned, the CLI still pins a third by name and lists all three (neither asks to choose).
    const third = cli(['trust', 'pin', rootA, '--repository', 'three', '--yes']);
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    const all = cli(['trust', 'show', '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).repositories.map((r: { repository: string }) => r.repository)).toEqual(['one', 'three', 'two']);
  });
});
