// Several repositories in the app's trust service (issue 16, "more than one repository can be
// pinned"): every pinned repository is listed; the one the workspace is reviewed against is the
// holder's choice, remembered in the data folder's settings.json; nothing is guessed when several
// are pinned and none is chosen; pinning names its repository (a new name is a new repository, an
// existing one a re-pin under today's rules); names follow the CLI's --repository rule.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import type { JsonValue } from '../../../shared/json/strict-json.js';
import type { RootMetadata } from '../../../shared/tuf/types.js';
import { AppTrust } from '../../../main/services/trust-store.js';
import { SETTINGS_FILE } from '../../../main/core/platform/data-dir.js';
import { checkDocument } from '../../../main/core/tuf/load-document.js';
import { rootFingerprint } from '../../../main/core/trust/chain.js';
import { TrustStore } from '../../../main/core/trust/trust-store.js';
import { appPaths } from '../../../main/core/platform/data-dir.js';
import { ipcError, ipcValue, makeTestApp, type TestApp } from '../../helpers/desktop-app.js';
import { clone, freshKey, isoIn, rootSigned, signedRoot, signPending, type TestKey } from '../../helpers/review-keys.js';

let A: TestKey, B: TestKey, C: TestKey, D: TestKey, O: TestKey;
let one1: RootMetadata, one2: RootMetadata, two1: RootMetadata;
let dir: string;
let store: TrustStore;
const trustDir = () => join(dir, 'trust');
const settings = () => join(dir, SETTINGS_FILE);
const appTrust = () => new AppTrust({ trust: trustDir(), settings: settings() }, () => new Date('2026-06-01T00:00:00Z'));
/** A sign-pending file whose trusted root is `trusted` (root v2 of repository one pending). */
const pendingOn = (trusted: RootMetadata) => checkDocument(signPending({ root: clone(one2), trusted_root: trusted }) as unknown as JsonValue, 'sign.json');

beforeAll(async () => {
  A = freshKey('Ann');
  B = freshKey('Bo');
  C = freshKey('Cy');
  D = freshKey('Di');
  O = freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:o' });
  one1 = await signedRoot(rootSigned({ version: 1, root: [A, B], threshold: 2, online: O, expires: isoIn(300) }), [A, B]);
  one2 = await signedRoot(rootSigned({ version: 2, root: [A, B], threshold: 2, online: O }), [A, B]);
  two1 = await signedRoot(rootSigned({ version: 1, root: [C, D], threshold: 1, online: O, expires: isoIn(200) }), [C, D]);
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trust-repos-'));
  store = new TrustStore(trustDir());
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Two repositories pinned as `rstuf-signer trust pin --repository NAME` pins them. */
function pinBoth(): void {
  store.pin('one', one1, { confirmation: 'flag' });
  store.pin('two', two1, { confirmation: 'flag' });
}

describe('two pinned repositories', () => {
  it('are both listed with root version, fingerprint and expiry, and none is guessed for reviews', () => {
    pinBoth();
    const trust = appTrust();
    const state = trust.state();
    expect(state.repositories?.map((r) => [r.repository, r.pinned?.version, r.pinned?.fingerprint, r.pinned?.expires, r.problem])).toEqual([
      ['one', 1, rootFingerprint(one1), one1.signed.expires, null],
      ['two', 1, rootFingerprint(two1), two1.signed.expires, null],
    ]);
    expect(state.repository).toBeNull();
    expect(state.pinned).toBeNull();
    expect(state.choiceProblem).toBe('2 repositories are pinned (one, two) and none is chosen for reviews: choose the one this workspace is reviewed against (Home, Trust store)');
    // Reviewing, signing and exporting all anchor here: refused with the same sentence, never unanchored.
    expect(() => trust.anchor(pendingOn(one1))).toThrow(expect.objectContaining({ code: 'TRUST_NOT_PINNED', message: state.choiceProblem }));
    expect(() => trust.pinnedRoot()).toThrow(expect.objectContaining({ code: 'TRUST_NOT_PINNED' }));
  });

  it('the chosen one is what documents are checked against, and the choice survives a restart', () => {
    pinBoth();
    const trust = appTrust();
    const chosen = trust.choose('two');
    expect(chosen).toMatchObject({ repository: 'two', choiceProblem: null, pinned: { version: 1, fingerprint: rootFingerprint(two1) } });
    expect(JSON.parse(readFileSync(settings(), 'utf8'))).toEqual({ format: 'rstuf-signer-settings/1', reviewRepository: 'two' });
    // A file of repository one, checked against two: its trusted root is not two's.
    expect(() => trust.anchor(pendingOn(one1))).toThrow(expect.objectContaining({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringContaining('repository "two"') }));

    const restarted = appTrust();
    expect(restarted.inUse()).toEqual({ repository: 'two', problem: null });
    restarted.choose('one');
    const anchor = restarted.anchor(pendingOn(one1));
    expect(anchor.trust).toMatchObject({ state: 'chained', repository: 'one', pinnedVersion: 1 });
    expect(restarted.pinnedRoot()?.signed.version).toBe(1);
    expect(appTrust().inUse().repository).toBe('one');
  });

  it('refuses to choose a repository that is not pinned, or a name with bad characters, in words', () => {
    pinBoth();
    const trust = appTrust();
    expect(() => trust.choose('three')).toThrow(expect.objectContaining({ code: 'TRUST_NOT_PINNED', message: 'no root is pinned for repository "three"; the pinned ones are "one", "two"' }));
    expect(() => trust.choose('../two')).toThrow(
      expect.objectContaining({ code: 'USAGE', message: '"../two" is not a usable repository name; use lower-case letters, digits, ".", "_" and "-" (at most 64)' }),
    );
    expect(existsSync(settings())).toBe(false);
  });

  it('a damaged settings file is said, not trusted, and replaced by the next choice', () => {
    pinBoth();
    writeFileSync(settings(), '{"format": "rstuf-signer-settings/1", "reviewRepository": "../../etc"}');
    const trust = appTrust();
    expect(trust.state().choiceProblem).toBe(
      '2 repositories are pinned (one, two) and the data folder\'s settings.json names no usable repository (reviewRepository "../../etc"): choose the one this workspace is reviewed against (Home, Trust store)',
    );
    writeFileSync(settings(), 'not json');
    expect(trust.state().choiceProblem).toMatch(/settings\.json cannot be read/);
    expect(trust.choose('one').repository).toBe('one');
    expect(JSON.parse(readFileSync(settings(), 'utf8')).reviewRepository).toBe('one');
  });

  it('a repository whose chain does not verify is listed with its damage and cannot be chosen', () => {
    pinBoth();
    writeFileSync(join(trustDir(), 'two', 'roots', '1.root.json'), JSON.stringify(one1));
    const trust = appTrust();
    const two = trust.state().repositories?.find((r) => r.repository === 'two');
    expect(two).toMatchObject({ pinned: null, problem: expect.stringContaining('1.root.json') });
    expect(() => trust.choose('two')).toThrow(expect.objectContaining({ code: 'TRUST_CHAIN_BROKEN' }));
    expect(trust.choose('one').repository).toBe('one');
  });

  it('a damaged repository in use still lists every repository, so the holder can choose another', () => {
    pinBoth();
    const trust = appTrust();
    trust.choose('two');
    writeFileSync(join(trustDir(), 'two', 'roots', '1.root.json'), JSON.stringify(one1));
    const state = trust.state();
    expect(state).toMatchObject({ repository: 'two', pinned: null });
    expect(state.repositories?.map((r) => r.repository)).toEqual(['one', 'two']);
    expect(state.repositories?.find((r) => r.repository === 'two')?.problem).toContain('1.root.json');
    expect(trust.choose('one').repository).toBe('one');
  });
});

describe('pinning names its repository', () => {
  it('refuses a pin whose judgement went stale (the CLI changed the shared store after the preview)', () => {
    const trust = appTrust();
    const candidate = trust.preview(one1, 'one.json', 'one');
    expect(candidate).toMatchObject({ relation: 'first-pin', warnings: [] });
    // Meanwhile `rstuf-signer trust pin --repository one` pinned another root there.
    store.pin('one', two1, { confirmation: 'flag' });
    expect(() => trust.pin(candidate.candidateId, true)).toThrow(expect.objectContaining({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringContaining('changed since this root was shown') }));
    expect(rootFingerprint(store.load('one')?.pinned as RootMetadata)).toBe(rootFingerprint(two1));
  });

  it('into an empty store: "default" unless named', () => {
    const trust = appTrust();
    expect(trust.preview(one1, '1.root.json')).toMatchObject({ repository: 'default', relation: 'first-pin', replaces: null });
    const named = trust.preview(one1, '1.root.json', 'one');
    expect(named).toMatchObject({ repository: 'one', relation: 'first-pin', warnings: [] });
    trust.pin(named.candidateId, false);
    expect(store.repositories()).toEqual(['one']);
    expect(trust.state()).toMatchObject({ repository: 'one', pinned: { fingerprint: rootFingerprint(one1) } });
  });

  it('a new name is a new repository; the one in use stays in use (kept as the choice)', () => {
    store.pin('one', one1, { confirmation: 'flag' });
    const trust = appTrust();
    // Unnamed, a root is judged against the repository in use: two's root v1 is not one's.
    expect(trust.preview(two1, 'two.json')).toMatchObject({ repository: 'one', relation: 'older' });
    const candidate = trust.preview(two1, 'two.json', 'two');
    expect(candidate).toMatchObject({ repository: 'two', relation: 'first-pin', replaces: null, warnings: [] });
    expect(trust.pin(candidate.candidateId, false).fingerprint).toBe(rootFingerprint(two1));
    expect(store.repositories()).toEqual(['one', 'two']);
    expect(trust.inUse()).toEqual({ repository: 'one', problem: null });
    expect(JSON.parse(readFileSync(settings(), 'utf8')).reviewRepository).toBe('one');
  });

  it('renaming on the card judges the same candidate again, for the new name', () => {
    pinBoth();
    const trust = appTrust();
    trust.choose('one');
    const first = trust.preview(one2, '2.root.json');
    expect(first).toMatchObject({ repository: 'one', relation: 'verified' });
    const again = trust.rejudge(first.candidateId, 'two');
    expect(again.candidateId).toBe(first.candidateId);
    expect(again).toMatchObject({ repository: 'two', relation: 'unverified', replaces: { fingerprint: rootFingerprint(two1) } });
    expect(again.warnings[0]).toMatch(/Pinning it replaces the trust anchor of repository "two"/);
    // A bad name leaves the candidate as it was judged last.
    expect(() => trust.rejudge(first.candidateId, 'Two Repo')).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('"Two Repo" is not a usable repository name') }));
    expect(trust.candidate(first.candidateId)).toMatchObject({ repository: 'two', relation: 'unverified' });
  });

  it('onto an existing name: the next root in the chain is recorded, anything else only when deliberate', () => {
    pinBoth();
    const trust = appTrust();
    trust.choose('two');
    // The verified next root of "one" is added to its chain; the pin stays v1.
    const next = trust.preview(one2, '2.root.json', 'one');
    expect(next).toMatchObject({ relation: 'verified', warnings: [] });
    trust.pin(next.candidateId, false);
    expect(store.load('one')).toMatchObject({ index: { pinned: { version: 1 } }, latest: { signed: { version: 2 } } });

    // Another repository's root onto "one": refused unless the warning is accepted, then the old
    // trust folder is kept aside.
    const repin = trust.preview(two1, 'two.json', 'one');
    expect(repin.relation).toBe('older');
    expect(() => trust.pin(repin.candidateId, false)).toThrow(expect.objectContaining({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringMatching(/^not pinned: Root v1 is not newer than the trusted root v2 of repository "one"/) }));
    expect(store.load('one')?.latest.signed.version).toBe(2);
    trust.pin(repin.candidateId, true);
    expect(rootFingerprint(store.load('one')?.pinned as RootMetadata)).toBe(rootFingerprint(two1));
    expect(existsSync(join(trustDir(), '.replaced'))).toBe(true);
    // Pinning another repository's root does not change which one is in use.
    expect(trust.inUse().repository).toBe('two');
  });

  it('refuses a name with bad characters before anything is read or written, with the CLI\'s rule', () => {
    const trust = appTrust();
    for (const bad of ['Prod', 'a/b', '../trust', '.hidden', 'x'.repeat(65), 'sp ace']) {
      expect(() => trust.preview(one1, '1.root.json', bad), bad).toThrow(
        expect.objectContaining({ code: 'USAGE', message: `"${bad}" is not a usable repository name; use lower-case letters, digits, ".", "_" and "-" (at most 64)` }),
      );
    }
    expect(store.repositories()).toEqual([]);
  });
});

describe('over IPC (dispatcher and services)', () => {
  let app: TestApp;
  beforeEach(() => {
    app = makeTestApp({ dataDir: join(dir, 'data') });
  });
  afterEach(() => app.cleanup());

  it('lists both, chooses by name, and the review says which repository and root it was checked against', async () => {
    const paths = appPaths(join(dir, 'data'));
    const cliStore = new TrustStore(paths.trust);
    cliStore.pin('one', one1, { confirmation: 'flag' });
    cliStore.pin('two', two1, { confirmation: 'flag' });
    const file = join(dir, 'sign.json');
    writeFileSync(file, JSON.stringify(signPending({ root: clone(one2), trusted_root: one1 })));
    app.dialogs.nextOpen = file;
    const item = ipcValue(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));

    const listed = ipcValue(await app.call(CHANNELS.trustGet));
    expect(listed.repositories.map((r: { repository: string }) => r.repository)).toEqual(['one', 'two']);
    expect(ipcError(await app.call(CHANNELS.reviewGet, { itemId: item.id }))).toMatchObject({ code: 'TRUST_NOT_PINNED', message: expect.stringContaining('none is chosen for reviews') });

    expect(ipcValue(await app.call(CHANNELS.trustChoose, { repository: 'one' }))).toMatchObject({ repository: 'one', pinned: { version: 1 } });
    expect(ipcValue(await app.call(CHANNELS.reviewGet, { itemId: item.id })).trust).toMatchObject({ state: 'chained', repository: 'one', rootVersion: 1 });
    expect(JSON.parse(readFileSync(join(paths.dataDir, SETTINGS_FILE), 'utf8')).reviewRepository).toBe('one');

    ipcValue(await app.call(CHANNELS.trustChoose, { repository: 'two' }));
    expect(ipcError(await app.call(CHANNELS.reviewGet, { itemId: item.id }))).toMatchObject({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringContaining('repository "two"') });
  });

  it('a bad name gets the rule in words, not a schema error; a candidate is re-judged by id, and main\'s confirmation names the repository', async () => {
    expect(ipcError(await app.call(CHANNELS.trustChoose, { repository: 'No Such/Repo' }))).toEqual({
      code: 'USAGE',
      message: '"No Such/Repo" is not a usable repository name; use lower-case letters, digits, ".", "_" and "-" (at most 64)',
    });
    const rootFile = join(dir, '1.root.json');
    writeFileSync(rootFile, JSON.stringify(one1));
    app.dialogs.nextOpen = rootFile;
    const candidate = ipcValue(await app.call(CHANNELS.trustPreview, { source: { from: 'dialog' } }));
    expect(candidate.repository).toBe('default');
    const renamed = ipcValue(await app.call(CHANNELS.trustPreview, { source: { from: 'candidate', candidateId: candidate.candidateId }, repository: 'staging' }));
    expect(renamed).toMatchObject({ candidateId: candidate.candidateId, repository: 'staging', relation: 'first-pin' });
    const state = ipcValue(await app.call(CHANNELS.trustPin, { candidateId: candidate.candidateId, confirm: true, acceptWarnings: false }));
    expect(state).toMatchObject({ repository: 'staging', repositories: [{ repository: 'staging', pinned: { version: 1 } }] });
    expect(app.dialogs.confirmations.at(-1)?.message).toBe('Pin root v1 from 1.root.json as the trusted root of repository "staging"?');
  });
});
