// The trust store re-verifies its chain on every load: a root written into its folder by hand (with
// an index entry whose fingerprint matches, as anyone who can write the folder can make) is refused,
// naming the file, by the store, by anchoring, and by the app's trust service; never called verified.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import type { RootMetadata } from '../../../../shared/tuf/types.js';
import { AppTrust } from '../../../../main/services/trust-store.js';
import { appPaths } from '../../../../main/core/platform/data-dir.js';
import { checkDocument } from '../../../../main/core/tuf/load-document.js';
import { anchorDocument } from '../../../../main/core/trust/anchor.js';
import { rootFingerprint } from '../../../../main/core/trust/chain.js';
import { TrustStore, type TrustIndex } from '../../../../main/core/trust/trust-store.js';
import { clone, fixtureKey, freshKey, rootSigned, signedRoot, signPending, type TestKey } from '../../../helpers/review-keys.js';

let A: TestKey, B: TestKey, C: TestKey, O: TestKey, X: TestKey;
let v1: RootMetadata, v2: RootMetadata, v3: RootMetadata;
let dir: string;
let store: TrustStore;

const doc = (json: unknown) => checkDocument(json as JsonValue, 'file.json');
// The file is named in the sentence by its place in the store (never the store's path); the path travels in `file`.
const brokenAt = (file: string) => expect.objectContaining({ code: 'TRUST_CHAIN_BROKEN', file, message: expect.stringContaining(`default/roots/${basename(file)}`) });

beforeAll(async () => {
  A = fixtureKey('JH.ed25519', 'JimiHendrix');
  B = fixtureKey('JJ.ecdsa', 'JanisJoplin');
  C = freshKey('Cee');
  O = freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:o' });
  X = freshKey('Mallory');
  v1 = await signedRoot(rootSigned({ version: 1, root: [A, B, C], threshold: 2, online: O }), [A, B]);
  v2 = await signedRoot(rootSigned({ version: 2, root: [A, B, C], threshold: 2, online: O }), [A, B]);
  v3 = await signedRoot(rootSigned({ version: 3, root: [A, B, C], threshold: 2, online: O }), [A, B]);
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trust-reverify-'));
  store = new TrustStore(join(dir, 'trust'));
  store.pin('default', v1, { confirmation: 'flag' });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `root` into the store's folder by hand, with an index entry whose fingerprint matches. */
function plant(root: RootMetadata): string {
  const repo = join(store.dir, 'default');
  const file = join(repo, 'roots', `${root.signed.version}.root.json`);
  writeFileSync(file, `${JSON.stringify(root, null, 2)}\n`);
  const index = JSON.parse(readFileSync(join(repo, 'trust.json'), 'utf8')) as TrustIndex;
  index.roots.push({ version: root.signed.version, sha256: rootFingerprint(root), file: `${root.signed.version}.root.json`, addedAt: '2026-06-01T00:00:00.000Z', origin: 'verified' });
  writeFileSync(join(repo, 'trust.json'), JSON.stringify(index, null, 2));
  return file;
}

async function forgedV2(): Promise<{ unsigned: RootMetadata; selfSigned: RootMetadata }> {
  // Threshold 1, Mallory's key only: what an attacker would like the laptop to trust.
  const signed = rootSigned({ version: 2, root: [X], threshold: 1, online: O });
  return { unsigned: { signed: clone(signed), signatures: [] }, selfSigned: await signedRoot(signed, [X]) };
}

describe('every load re-verifies the chain', () => {
  it('refuses an unsigned root v2 (threshold 1) written into the folder, naming the file', async () => {
    const file = plant((await forgedV2()).unsigned);
    expect(() => store.load('default')).toThrow(brokenAt(file));
    expect(() => store.load('default')).toThrow(expect.objectContaining({ message: expect.stringMatching(/does not verify from the pinned root: root v1 -> root v2: root v2 is not signed by enough keys/) }));
  });

  it('refuses a root v2 signed only by its own new key, not by the pinned root', async () => {
    const file = plant((await forgedV2()).selfSigned);
    expect(() => store.load('default')).toThrow(brokenAt(file));
    expect(() => store.load('default')).toThrow(expect.objectContaining({ message: expect.stringMatching(/root v1 \(trusted\): 0 of 2/) }));
  });

  it('refuses a gap (root v3 stored without v2), naming the file', () => {
    const file = plant(v3);
    expect(() => store.load('default')).toThrow(brokenAt(file));
    expect(() => store.load('default')).toThrow(expect.objectContaining({ message: expect.stringMatching(/skipped version/) }));
  });

  it('refuses a stored root whose signatures were stripped (its fingerprint, over signed only, still matches)', () => {
    store.addVerifiedRoots('default', [v2]);
    const file = join(store.dir, 'default', 'roots', '2.root.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as RootMetadata;
    writeFileSync(file, JSON.stringify({ ...stored, signatures: [] }));
    expect(() => store.load('default')).toThrow(brokenAt(file));
  });

  it('refuses a pinned root replaced by an unsigned one with a rewritten index (the index lives in the same folder)', async () => {
    const repo = join(store.dir, 'default');
    const forged: RootMetadata = { signed: rootSigned({ version: 1, root: [X], threshold: 1, online: O }), signatures: [] };
    const file = join(repo, 'roots', '1.root.json');
    writeFileSync(file, JSON.stringify(forged));
    const index = JSON.parse(readFileSync(join(repo, 'trust.json'), 'utf8')) as TrustIndex;
    index.pinned.sha256 = rootFingerprint(forged);
    index.roots[0]!.sha256 = rootFingerprint(forged);
    writeFileSync(join(repo, 'trust.json'), JSON.stringify(index));
    expect(() => store.load('default')).toThrow(brokenAt(file));
    expect(() => store.load('default')).toThrow(expect.objectContaining({ message: expect.stringMatching(/the pinned root .* does not verify: root v1 is not signed by a threshold of its own root keys: root v1: 0 of 1/) }));
  });

  it('pins only a root its own root keys signed, in every front (the store decides)', async () => {
    const half = await signedRoot(rootSigned({ version: 1, root: [A, B, C], threshold: 2, online: O }), [A]);
    const other = new TrustStore(join(dir, 'other'));
    expect(() => other.pin('default', half, { confirmation: 'flag' })).toThrow(expect.objectContaining({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringMatching(/root v1 is not signed by a threshold of its own root keys: root v1: 1 of 2/) }));
    expect(other.repositories()).toEqual([]);
  });

  it('accepts a properly signed chain however it got there', () => {
    plant(v2);
    plant(v3);
    expect(store.load('default')?.latest.signed.version).toBe(3);
  });

  it('anchoring refuses the store instead of using the forged root', async () => {
    const file = plant((await forgedV2()).selfSigned);
    const pending = await signedRoot(rootSigned({ version: 3, root: [X], threshold: 1, online: O }), [X]);
    expect(() => anchorDocument(store, 'default', doc({ metadata: { root: pending } }))).toThrow(brokenAt(file));
    expect(() => anchorDocument(store, 'default', doc(signPending({ root: clone(v2), trusted_root: v1 })))).toThrow(brokenAt(file));
  });
});

describe("the app's trust service", () => {
  it('refuses the forged root in pinned() and anchor(), naming the file, never showing it as trusted', async () => {
    const { selfSigned } = await forgedV2();
    const file = plant(selfSigned);
    const trust = new AppTrust(appPaths(dir));
    expect(() => trust.pinned()).toThrow(brokenAt(file));
    expect(() => trust.pinnedRoot()).toThrow(brokenAt(file));
    const pending = await signedRoot(rootSigned({ version: 3, root: [X], threshold: 1, online: O }), [X]);
    expect(() => trust.anchor(doc({ metadata: { root: pending } }))).toThrow(brokenAt(file));
  });

  it('still lets the holder re-pin deliberately, with the damage as the warning, keeping the old folder aside', async () => {
    const file = plant((await forgedV2()).unsigned);
    const trust = new AppTrust(appPaths(dir));
    const candidate = trust.preview(v1, '1.root.json');
    expect(candidate.relation).toBe('unverified');
    expect(candidate.replaces).toBeNull();
    expect(candidate.warnings[0]).toContain(`default/roots/${basename(file)}`);
    expect(candidate.warnings[0]).not.toContain(dir);
    expect(() => trust.pin(candidate.candidateId, false)).toThrow(expect.objectContaining({ code: 'TRUST_CHAIN_BROKEN' }));
    expect(trust.pin(candidate.candidateId, true).version).toBe(1);
    expect(store.load('default')?.latest.signed.version).toBe(1);
    expect(existsSync(join(store.dir, '.replaced'))).toBe(true);
  });
});
