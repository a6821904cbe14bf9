// The trust store and root chain verification: a pinned root, roots verified from it one version at
// a time with both thresholds, and forged chains refused with the failing link named.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import type { RootMetadata } from '../../../../shared/tuf/types.js';
import { checkDocument } from '../../../../main/core/tuf/load-document.js';
import { reviewDocument } from '../../../../main/core/review/review-document.js';
import { anchorDocument } from '../../../../main/core/trust/anchor.js';
import { rootFingerprint, shortFingerprint, verifyRootChain, verifyRootLink, verifySelfSigned } from '../../../../main/core/trust/chain.js';
import { anchorForCommand } from '../../../../main/core/trust/select.js';
import { TrustStore } from '../../../../main/core/trust/trust-store.js';
import { appPaths, defaultDataDir } from '../../../../main/core/platform/data-dir.js';

const defaultTrustStoreDir = (env: NodeJS.ProcessEnv, home: string): string => appPaths(defaultDataDir(env, home), { create: false }).trust;
import { clone, fixtureKey, freshKey, legacyKeyId, NOW, rootSigned, signedRoot, signedTargets, signPending, targetsSigned, type TestKey } from '../../../helpers/review-keys.js';

let A: TestKey, B: TestKey, C: TestKey, D: TestKey, E: TestKey, O: TestKey, X: TestKey, Y: TestKey;
let v1: RootMetadata, v2: RootMetadata, v3: RootMetadata;
let dir: string;
let store: TrustStore;

const broken = (pattern: RegExp) => expect.objectContaining({ code: 'TRUST_CHAIN_BROKEN', message: expect.stringMatching(pattern) });
const doc = (json: unknown) => checkDocument(json as JsonValue, 'file.json');

beforeAll(async () => {
  A = fixtureKey('JH.ed25519', 'JimiHendrix');
  B = fixtureKey('JJ.ecdsa', 'JanisJoplin');
  C = fixtureKey('JC.rsa', 'JoeCocker');
  D = freshKey('Dee');
  E = freshKey('Eve');
  O = freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:o' });
  X = freshKey('Mallory');
  Y = freshKey('Trudy');
  v1 = await signedRoot(rootSigned({ version: 1, root: [A, B, C], threshold: 2, online: O }), [A, B]);
  // v2 replaces JoeCocker by Dee; A and B meet both thresholds.
  v2 = await signedRoot(rootSigned({ version: 2, root: [A, B, D], threshold: 2, online: O }), [A, B]);
  v3 = await signedRoot(rootSigned({ version: 3, root: [A, D, E], threshold: 2, online: O }), [A, D]);
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trust-'));
  store = new TrustStore(join(dir, 'trust'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('root chain links', () => {
  it('accepts root N+1 signed by a threshold of root N and of itself', () => {
    expect(verifyRootChain(v1, [v2, v3]).signed.version).toBe(3);
  });

  it('refuses root 2 signed by one key short of the old threshold, naming the link', async () => {
    const forged = await signedRoot(rootSigned({ version: 2, root: [A, D, E], threshold: 2, online: O }), [A, D, E]);
    expect(() => verifyRootLink(v1, forged)).toThrow(broken(/^root v1 -> root v2: .*root v1 \(trusted\): 1 of 2 required signatures \(JimiHendrix\); missing one of: JanisJoplin, JoeCocker/));
  });

  it("refuses root 2 short of its own new threshold", async () => {
    const forged = await signedRoot(rootSigned({ version: 2, root: [D, E], threshold: 2, online: O }), [A, B]);
    expect(() => verifyRootLink(v1, forged)).toThrow(broken(/^root v1 -> root v2: .*root v2 itself: 0 of 2 required signatures; missing two of: Dee, Eve/));
  });

  it('refuses a skipped version and a rollback, naming the link', () => {
    expect(() => verifyRootLink(v1, v3)).toThrow(broken(/^root v1 -> root v3: skipped version: .*root v2 is missing/));
    expect(() => verifyRootLink(v2, v1)).toThrow(broken(/^root v2 -> root v1: rollback/));
    expect(() => verifyRootLink(v2, v2)).toThrow(broken(/rollback/));
  });

  it('a pin needs a root signed by a threshold of its own keys', async () => {
    const half = await signedRoot(rootSigned({ version: 1, root: [A, B, C], threshold: 2, online: O }), [C]);
    expect(() => verifySelfSigned(half, 'ROOT.json')).toThrow(broken(/ROOT.json is not signed by a threshold of its own root keys: root v1: 1 of 2/));
    expect(verifySelfSigned(v1, 'ROOT.json').met).toBe(true);
  });
});

describe('trust store', () => {
  it('pins, reloads, and lists the repository; files written whole', () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const trust = store.load('default');
    expect(trust?.pinned.signed.version).toBe(1);
    expect(trust?.index.pinned).toMatchObject({ version: 1, sha256: rootFingerprint(v1), confirmation: 'flag' });
    expect(store.repositories()).toEqual(['default']);
    expect(store.resolveRepository(undefined)).toBe('default');
    const files = readdirSync(join(store.dir, 'default', 'roots'));
    expect(files).toEqual(['1.root.json']);
    expect(readdirSync(join(store.dir, 'default')).some((f) => f.includes('partial'))).toBe(false);
  });

  it('re-pins only deliberately, and keeps the old trust folder aside', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const other = await signedRoot(rootSigned({ version: 1, root: [X, Y], threshold: 2, online: O }), [X, Y]);
    expect(() => store.pin('default', other, { confirmation: 'flag' })).toThrow(expect.objectContaining({ code: 'OUTPUT_EXISTS', message: expect.stringMatching(/--repin/) }));
    expect(store.load('default')?.index.pinned.sha256).toBe(rootFingerprint(v1));
    const { movedAside } = store.pin('default', other, { confirmation: 'prompt', repin: true });
    expect(movedAside && existsSync(join(movedAside, 'trust.json'))).toBe(true);
    expect(store.load('default')?.index.pinned.sha256).toBe(rootFingerprint(other));
  });

  it('notices a stored root modified outside the signer', () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const file = join(store.dir, 'default', 'roots', '1.root.json');
    const root = JSON.parse(readFileSync(file, 'utf8')) as RootMetadata;
    root.signed.roles.root.threshold = 1;
    writeFileSync(file, JSON.stringify(root));
    expect(() => store.load('default')).toThrow(broken(/modified outside rstuf-signer/));
  });

  it("is the trust/ folder of the data folder shared with the app: $RSTUF_SIGNER_HOME, else $XDG_DATA_HOME, else ~/.local/share", () => {
    expect(defaultTrustStoreDir({ RSTUF_SIGNER_HOME: '/srv/signer' }, '/home/u')).toBe('/srv/signer/trust');
    expect(defaultTrustStoreDir({}, '/home/u')).toBe('/home/u/.local/share/rstuf-offline-signer/trust');
    expect(defaultTrustStoreDir({ XDG_DATA_HOME: '/x' }, '/home/u')).toBe('/x/rstuf-offline-signer/trust');
    expect(defaultTrustStoreDir({ XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/home/u/.local/share/rstuf-offline-signer/trust');
  });

  it('refuses an unusable repository name', () => {
    expect(() => store.load('../etc')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('short fingerprints are the first 64 bits in groups of four', () => {
    expect(shortFingerprint('1bc167f9070fe3f46e06147b4c5343375b26d32b3caff66f87ca47656a65f32f')).toBe('1bc1 67f9 070f e3f4');
  });
});

describe('anchoring a document in the trust store', () => {
  it('accepts a trusted_root equal to the pin', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const pending = await signedRoot(clone(v2.signed), [A]);
    const result = anchorDocument(store, 'default', doc(signPending({ root: pending, trusted_root: v1 })));
    expect(result.trust).toMatchObject({ state: 'chained', pinnedVersion: 1, latestVersion: 1 });
    expect(result.trustedRoot?.signed.version).toBe(1);
    expect(result.recorded).toEqual([]);
  });

  it('verifies a newer trusted_root from the pin and records it', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const pending = await signedRoot(rootSigned({ version: 3, root: [A, D, E], threshold: 2, online: O }), [A]);
    const result = anchorDocument(store, 'default', doc(signPending({ root: pending, trusted_root: v2 })));
    expect(result.recorded).toEqual([2]);
    expect(result.trust.message).toContain('v1 -> v2');
    expect([...(store.load('default')?.roots.keys() ?? [])]).toEqual([1, 2]);
    expect(store.load('default')?.index.roots.map((r) => r.origin)).toEqual(['pinned', 'verified']);
  });

  it('refuses a trusted_root signed one key short of the pinned threshold, and records nothing', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const forged = await signedRoot(rootSigned({ version: 2, root: [A, X, Y], threshold: 2, online: O }), [A, X, Y]);
    const pending = await signedRoot(rootSigned({ version: 3, root: [A, X, Y], threshold: 2, online: O }), [X]);
    expect(() => anchorDocument(store, 'default', doc(signPending({ root: pending, trusted_root: forged })))).toThrow(broken(/^root v1 -> root v2: .*1 of 2 required signatures \(JimiHendrix\)/));
    expect([...(store.load('default')?.roots.keys() ?? [])]).toEqual([1]);
  });

  it('refuses a skipped version', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const pending = await signedRoot(rootSigned({ version: 4, root: [A, D, E], threshold: 2, online: O }), [A]);
    expect(() => anchorDocument(store, 'default', doc(signPending({ root: pending, trusted_root: v3 })))).toThrow(broken(/^root v1 -> root v3: skipped version/));
  });

  it('accepts the missing link when the chain comes with the file', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const pending = await signedRoot(rootSigned({ version: 4, root: [A, D, E], threshold: 2, online: O }), [A]);
    const result = anchorDocument(store, 'default', doc(signPending({ root: pending, trusted_root: v3 })), { chain: [v2] });
    expect(result.recorded).toEqual([2, 3]);
  });

  it('refuses a rollback to a root older than one already trusted', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    store.addVerifiedRoots('default', [v2]);
    const pending = await signedRoot(clone(v2.signed), [A]);
    expect(() => anchorDocument(store, 'default', doc(signPending({ root: pending, trusted_root: v1 })))).toThrow(broken(/^rollback: the file's trusted root is v1, but root v2 is already trusted/));
  });

  it('refuses a root older than the pin', async () => {
    store.pin('default', v2, { confirmation: 'flag' });
    const pending = await signedRoot(clone(v2.signed), [A]);
    expect(() => anchorDocument(store, 'default', doc(signPending({ root: pending, trusted_root: v1 })))).toThrow(broken(/^rollback: the file's root v1 is older than root v2 pinned/));
  });

  it('refuses a swapped trusted_root (same version, other keys)', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const swapped = await signedRoot(rootSigned({ version: 1, root: [X, Y], threshold: 2, online: O }), [X, Y]);
    const pending = await signedRoot(rootSigned({ version: 2, root: [X, Y], threshold: 2, online: O }), [X, Y]);
    expect(() => anchorDocument(store, 'default', doc(signPending({ root: pending, trusted_root: swapped })))).toThrow(
      broken(/^the file's root v1 is not the root v1 this trust store verified .*swapped/),
    );
  });

  it('supplies the trusted root a file lacks, so signatures are judged against it', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const pending = await signedRoot(clone(v2.signed), [A]);
    const update = doc({ metadata: { root: pending } });
    const { anchor, doc: effective } = anchorForCommand(update, { trustStore: store.dir });
    expect(anchor.trustedRoot?.signed.version).toBe(1);
    const review = reviewDocument(effective, { anchor, now: NOW });
    expect(review.roles[0]?.signatures.lines[0]).toBe('trusted root v1: 1 of 2 required signatures (JimiHendrix); missing one of: JanisJoplin, JoeCocker');
    expect(review.roles[0]?.changes.map((c) => c.type).sort()).toEqual(['key-added', 'key-removed', 'role-keys-changed', 'version-changed']);
  });

  it('refuses an update whose previous root the store does not have', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const pending = await signedRoot(rootSigned({ version: 3, root: [A, D, E], threshold: 2, online: O }), [A]);
    expect(() => anchorDocument(store, 'default', doc({ metadata: { root: pending } }))).toThrow(broken(/skipped version: root v3 must be checked against root v2, .*; bring the missing root v2 and add it to the trust store in order \(in the app: Home, Trust store, "Pin a newer root from a file…"; in the CLI: rstuf-signer trust add 2\.root\.json\)/));
  });

  it('refuses trusted_targets not signed by the trusted root\'s targets key', async () => {
    store.pin('default', v1, { confirmation: 'flag' });
    const bad = await signedTargets(targetsSigned(1, {}, { delegations: { keys: {}, roles: [] } }), [X]);
    const good = await signedTargets(targetsSigned(1, {}, { delegations: { keys: {}, roles: [] } }), [O]);
    const pending = await signedTargets(targetsSigned(2, {}), []);
    expect(() => anchorDocument(store, 'default', doc(signPending({ targets: pending, trusted_targets: bad })))).toThrow(broken(/^root v1 -> trusted_targets v1: not signed by the targets keys/));
    expect(anchorDocument(store, 'default', doc(signPending({ targets: pending, trusted_targets: good }))).trustedRoot?.signed.version).toBe(1);
  });

  it('an explicit trust store without a pin is an error; an empty default store means "unanchored"', async () => {
    const pending = await signedRoot(clone(v2.signed), [A]);
    const file = doc(signPending({ root: pending, trusted_root: v1 }));
    expect(() => anchorForCommand(file, { trustStore: store.dir })).toThrow(expect.objectContaining({ code: 'TRUST_NOT_PINNED' }));
    const previous = process.env.RSTUF_SIGNER_HOME;
    process.env.RSTUF_SIGNER_HOME = join(dir, 'home');
    try {
      expect(anchorForCommand(file, {}).anchor.trust.state).toBe('unanchored');
    } finally {
      if (previous === undefined) delete process.env.RSTUF_SIGNER_HOME;
      else process.env.RSTUF_SIGNER_HOME = previous;
    }
  });
});

describe('thresholds count distinct keys, each checked against the root that lists it', () => {
  // One key listed under two key ids (its default id and its legacy securesystemslib id).
  const twoIdsForA = (version: number): RootMetadata['signed'] => {
    const signed = rootSigned({ version, root: [A, B, C], threshold: 2, online: O });
    const legacy = legacyKeyId(A.key);
    signed.keys[legacy] = clone(A.key);
    signed.roles.root.keyids = [A.keyid, legacy, B.keyid, C.keyid];
    return signed;
  };
  const signTwiceWithA = async (signed: RootMetadata['signed']): Promise<RootMetadata> => {
    const once = await signedRoot(signed, [A]);
    const sig = once.signatures[0] as RootMetadata['signatures'][number];
    return { signed, signatures: [sig, { keyid: legacyKeyId(A.key), sig: sig.sig }] };
  };

  it('refuses to pin a root whose threshold of 2 is met only by one key listed under two key ids', async () => {
    const root = await signTwiceWithA(twoIdsForA(1));
    expect(() => verifySelfSigned(root, 'ROOT.json')).toThrow(broken(/ROOT.json is not signed by a threshold of its own root keys: root v1: 1 of 2 required signatures \(JimiHendrix\)/));
  });

  it('refuses root 2 whose new threshold is met only by one key listed under two key ids', async () => {
    const next = await signTwiceWithA(twoIdsForA(2));
    // root v1's own threshold is met honestly by A and B; root v2's only by A twice.
    next.signed.roles.root.keyids = [A.keyid, legacyKeyId(A.key), C.keyid];
    const both = await signedRoot(next.signed, [A, B]);
    const forged: RootMetadata = { signed: next.signed, signatures: [...both.signatures, { keyid: legacyKeyId(A.key), sig: (both.signatures[0] as { sig: string }).sig }] };
    expect(() => verifyRootLink(v1, forged)).toThrow(broken(/^root v1 -> root v2: .*root v2 itself: 1 of 2 required signatures \(JimiHendrix\)/));
  });

  it("judges a signature against the key the new root lists under that key id, not the old root's key", async () => {
    // root v2 keeps JimiHendrix's key id but puts Mallory's key under it: JimiHendrix's signature
    // meets root v1's threshold, and must not count for root v2's own keys.
    const signed = rootSigned({ version: 2, root: [A, B, C], threshold: 2, online: O });
    signed.keys[A.keyid] = clone(X.key);
    const forged = await signedRoot(signed, [A, B]);
    expect(() => verifyRootLink(v1, forged)).toThrow(broken(/^root v1 -> root v2: .*root v2 itself: 1 of 2 required signatures/));
  });

  it('a root threshold below 1 is never met, even if a caller skipped document validation', async () => {
    const zero = await signedRoot(rootSigned({ version: 1, root: [A, B], threshold: 0, online: O }), []);
    expect(() => verifySelfSigned(zero, 'ROOT.json')).toThrow(broken(/ROOT.json is not signed by a threshold of its own root keys/));
    const next = await signedRoot(rootSigned({ version: 2, root: [A, B, C], threshold: 0, online: O }), [A, B]);
    expect(() => verifyRootLink(v1, next)).toThrow(broken(/^root v1 -> root v2: .*root v2 itself/));
  });

  it('still accepts a link where every threshold is met by distinct keys', async () => {
    const signed = twoIdsForA(2);
    const forged = await signedRoot(signed, [A, B]);
    expect(() => verifyRootLink(v1, forged)).not.toThrow();
  });
});
