// Key ids that are not sha256 of their key (issue 14, item 4): a danger for a key new to the
// repository, a warning for a key the trusted root already lists under that id, and a warning for
// a key id on the repository's allow-list (stored next to the trust store). The ceremony rules
// refuse a new key whose id does not match.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import type { RootMetadata, TufRootSigned } from '../../../../shared/tuf/types.js';
import { defaultKeyId, sha256Hex } from '../../../../shared/tuf/key-id.js';
import type { ReviewWarning } from '../../../../shared/review/types.js';
import { buildUpdatePayload } from '../../../../shared/ceremony/build.js';
import { CeremonyRulesError, RULES, validateBootstrap } from '../../../../shared/ceremony/rules.js';
import { reviewDocument } from '../../../../main/core/review/review-document.js';
import { anchorDocument } from '../../../../main/core/trust/anchor.js';
import { TrustStore } from '../../../../main/core/trust/trust-store.js';
import { checkDocument } from '../../../../main/core/tuf/load-document.js';
import { computeKeyId, publicKeyIdentity } from '../../../../main/core/tuf/tuf-keys.js';
import { makeKey, makeOnlineKey } from '../../../helpers/ceremony-keys.js';
import { clone, freshKey, NOW, rootSigned, signedRoot, signPending, type TestKey } from '../../../helpers/review-keys.js';

const WRONG = 'ab'.repeat(32);
const OTHER_WRONG = 'cd'.repeat(32);
let A: TestKey, B: TestKey, C: TestKey, O: TestKey;

beforeAll(() => {
  A = freshKey('Alice');
  B = freshKey('Bob');
  C = freshKey('Carol');
  O = freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:online' });
});

/** Root v1 with A, B and C, where C is listed under `cId`; signed by A, B and C (C under its listed id). */
async function trustedRoot(cId = C.keyid): Promise<RootMetadata> {
  const signed = rootSigned({ version: 1, root: [A, B], threshold: 2, online: O });
  signed.keys[cId] = clone(C.key);
  signed.roles.root.keyids.push(cId);
  return signedRoot(signed, [A, B, { ...C, keyid: cId }]);
}

function keyidWarnings(review: ReturnType<typeof reviewDocument>): Pick<ReviewWarning, 'code' | 'level'>[] {
  return (review.roles[0]?.warnings ?? []).filter((w) => w.code.startsWith('keyid-')).map(({ code, level }) => ({ code, level }));
}

async function reviewUpdate(trusted: RootMetadata, mutate: (p: TufRootSigned) => void, allowedKeyIds?: string[]) {
  const pending = clone(trusted.signed);
  pending.version = 2;
  mutate(pending);
  const doc = checkDocument(signPending({ root: { signed: pending, signatures: [] }, trusted_root: trusted }) as unknown as JsonValue, 'pending.json');
  return reviewDocument(doc, { now: NOW, anchor: { trust: { state: 'chained', message: 'test' }, trustedRoot: trusted, recorded: [], ...(allowedKeyIds ? { allowedKeyIds } : {}) } });
}

describe('key id checks in the review', () => {
  it('a key new in a root update, under an id that is not its hash, is a danger', async () => {
    const review = await reviewUpdate(await trustedRoot(), (p) => {
      const D = freshKey('Dee');
      p.keys[WRONG] = clone(D.key);
      p.roles.root.keyids.push(WRONG);
    });
    expect(keyidWarnings(review)).toEqual([{ code: 'keyid-mismatch', level: 'danger' }]);
    expect(review.roles[0]?.warnings[0]?.message).toMatch(/is not the hash of its key, and the key is new to this repository.*trust allow-keyid/);
  });

  it('a key the trusted root already lists under that same (mismatched) id is only a warning', async () => {
    const review = await reviewUpdate(await trustedRoot(WRONG), () => {});
    expect(keyidWarnings(review)).toEqual([{ code: 'keyid-mismatch-trusted', level: 'warning' }]);
    expect(review.roles[0]?.warnings.find((w) => w.code === 'keyid-mismatch-trusted')?.message).toMatch(/already trusted under this id/);
  });

  it('another key under a trusted id is new, not trusted: still a danger', async () => {
    const review = await reviewUpdate(await trustedRoot(WRONG), (p) => {
      p.keys[WRONG] = { ...clone(freshKey('Mallory').key) };
    });
    expect(keyidWarnings(review)).toEqual([{ code: 'keyid-mismatch', level: 'danger' }]);
  });

  it("a new key whose id is on the repository's allow-list is a warning; another id is not covered", async () => {
    const D = freshKey('Dee');
    const E = freshKey('Eve');
    const mutate = (p: TufRootSigned) => {
      p.keys[WRONG] = clone(D.key);
      p.keys[OTHER_WRONG] = clone(E.key);
      p.roles.root.keyids.push(WRONG, OTHER_WRONG);
    };
    const review = await reviewUpdate(await trustedRoot(), mutate, [WRONG]);
    const warnings = review.roles[0]?.warnings.filter((w) => w.code.startsWith('keyid-')) ?? [];
    expect(warnings.map((w) => [w.code, w.level, w.message.slice(7, 23)])).toEqual([
      ['keyid-mismatch', 'danger', OTHER_WRONG.slice(0, 16)],
      ['keyid-mismatch-trusted', 'warning', WRONG.slice(0, 16)],
    ]);
  });

  it('a bootstrap root (v1) has no trusted root: a mismatched id is a danger', async () => {
    const signed = rootSigned({ version: 1, root: [A, B], threshold: 2, online: O });
    signed.keys[WRONG] = clone(C.key);
    signed.roles.root.keyids.push(WRONG);
    const doc = checkDocument({ settings: {}, metadata: { root: { signed, signatures: [] } } } as unknown as JsonValue, 'ceremony.json');
    expect(keyidWarnings(reviewDocument(doc, { now: NOW }))).toEqual([{ code: 'keyid-mismatch', level: 'danger' }]);
  });
});

describe('the allow-list in the trust store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyid-allow-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is kept per repository next to trust.json, reaches the review through the anchor, and refuses bad input', async () => {
    const store = new TrustStore(dir);
    const root = await trustedRoot();
    expect(() => store.allowKeyId('default', WRONG)).toThrow(/no pinned root/);
    store.pin('default', root, { confirmation: 'flag' });
    store.pin('other', root, { confirmation: 'flag' });
    expect(store.allowedKeyIds('default')).toEqual([]);
    expect(() => store.allowKeyId('default', 'not-a-key-id')).toThrow(/64 lower-case hex/);
    expect(store.allowKeyId('default', WRONG)).toBe(true);
    expect(store.allowKeyId('default', WRONG)).toBe(false);
    expect(store.allowedKeyIds('default')).toEqual([WRONG]);
    expect(store.allowedKeyIds('other')).toEqual([]);
    // The store still verifies with the extra file beside it.
    expect(store.load('default')?.latest.signed.version).toBe(1);

    const pending = clone(root.signed);
    pending.version = 2;
    pending.keys[WRONG] = clone(freshKey('Dee').key);
    pending.roles.root.keyids.push(WRONG);
    const doc = checkDocument(signPending({ root: { signed: pending, signatures: [] }, trusted_root: root }) as unknown as JsonValue, 'pending.json');
    const anchor = anchorDocument(store, 'default', doc);
    expect(anchor.allowedKeyIds).toEqual([WRONG]);
    expect(keyidWarnings(reviewDocument(doc, { now: NOW, anchor }))).toEqual([{ code: 'keyid-mismatch-trusted', level: 'warning' }]);
    expect(keyidWarnings(reviewDocument(doc, { now: NOW, anchor: anchorDocument(store, 'other', doc) }))).toEqual([{ code: 'keyid-mismatch', level: 'danger' }]);

    writeFileSync(join(dir, 'default', 'allowed-keyids.json'), '{"format":"rstuf-signer-keyid-allow-list/1","keyids":[{"keyid":"zz"}]}');
    expect(() => store.allowedKeyIds('default')).toThrow(/allow-list .* is damaged/);
  });
});

describe('ceremony rules refuse a new key whose id is not its hash', () => {
  const now = new Date(NOW);

  it('bootstrap: a root key or the online key under a wrong id breaks keyid-matches-key', () => {
    const k1 = makeKey('one');
    const k2 = makeKey('two', 'ecdsa');
    const online = makeOnlineKey();
    const input = (root: typeof k1[], onlineKey = online) => ({
      expiration: { root: 365, targets: 365, snapshot: 1, timestamp: 1, bins: 1 },
      delegation: { kind: 'bins' as const, count: 256 },
      root: { threshold: 2, keys: root },
      onlineKey,
    });
    expect(validateBootstrap(input([k1, k2]), publicKeyIdentity).filter((p) => p.severity === 'error')).toEqual([]);
    const problems = validateBootstrap(input([k1, { ...k2, keyid: WRONG }], { ...online, keyid: OTHER_WRONG, uri: `fn:${OTHER_WRONG}` }), publicKeyIdentity);
    expect(problems.filter((p) => p.rule === RULES.keyIdMatchesKey).map((p) => p.where)).toEqual(['root.keys[1]', 'online_key']);
    expect(problems.find((p) => p.where === 'root.keys[1]')?.message).toContain(k2.keyid);
  });

  it('root update: an added key under a wrong id is refused; the keys the trusted root keeps are not judged', async () => {
    const trusted = await trustedRoot(WRONG);
    const added = makeKey('new');
    const ok = buildUpdatePayload(trusted, { add: [added] }, new Date(NOW), publicKeyIdentity);
    expect(Object.keys(ok.root.signed.keys)).toContain(WRONG);
    let error: unknown;
    try {
      buildUpdatePayload(trusted, { add: [{ ...added, keyid: OTHER_WRONG }] }, now, publicKeyIdentity);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CeremonyRulesError);
    expect((error as CeremonyRulesError).problems.map((p) => [p.rule, p.where])).toEqual([[RULES.keyIdMatchesKey, 'root.add[0]']]);
  });

  it("the shared key id (pure SHA-256) is the engine's, for every key type and multi-block input", () => {
    for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
      const k = makeKey(type, type);
      expect(defaultKeyId(k.key)).toBe(computeKeyId(k.key));
    }
    expect(sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('a'.repeat(1000)))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  });
});
