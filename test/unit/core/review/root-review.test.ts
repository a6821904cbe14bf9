// Root review, table-driven: each crafted (trusted root v1, pending root v2) pair differs from a
// clean rotation in one way, and the review must report exactly the matching change types and
// warning codes: every one it should, and nothing else. Keys are RSTUF's fixture keys (JH, JJ, JC)
// plus fresh ones; signatures are made through the engine.
import { beforeAll, describe, expect, it } from 'vitest';
import { readDocument } from '../../../../shared/tuf/documents.js';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import type { TufMetadata, TufRootSigned, TufSignature } from '../../../../shared/tuf/types.js';
import { buildReview, describeThreshold, type Review } from '../../../../shared/review/index.js';
import { canonicalOfRole, reviewDocument } from '../../../../main/core/review/review-document.js';
import type { AnchorResult } from '../../../../main/core/trust/anchor.js';
import { checkDocument } from '../../../../main/core/tuf/load-document.js';
import { publicKeyIdentity } from '../../../../main/core/tuf/tuf-keys.js';
import { cliFixture, readFixtureJson } from '../../../helpers/fixtures.js';
import { clone, fixtureKey, freshKey, isoIn, legacyKeyId, NOW, rootSigned, signedRoot, signPending, type TestKey } from '../../../helpers/review-keys.js';

const CHAINED: AnchorResult = { trust: { state: 'chained', message: 'test anchor' }, recorded: [] };

let JH: TestKey, JJ: TestKey, JC: TestKey, O: TestKey, O2: TestKey, D: TestKey, E: TestKey, F: TestKey;
let trusted: TufRootSigned;

beforeAll(() => {
  JH = fixtureKey('JH.ed25519', 'JimiHendrix');
  JJ = fixtureKey('JJ.ecdsa', 'JanisJoplin');
  JC = fixtureKey('JC.rsa', 'JoeCocker');
  O = freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:online-1' });
  O2 = freshKey('Online2', { 'x-rstuf-online-key-uri': 'fn:online-2' });
  D = freshKey('Dee');
  E = freshKey('Eve');
  F = freshKey('Fay');
  trusted = rootSigned({ version: 1, root: [JH, JJ, JC], threshold: 2, online: O });
});

interface Case {
  name: string;
  mutate?: (p: TufRootSigned & Record<string, unknown>) => void;
  signers?: () => TestKey[];
  extraSignatures?: (p: TufRootSigned) => Promise<TufSignature[]>;
  changes: string[];
  warnings: string[];
}

const addKey = (p: TufRootSigned, k: TestKey, keyid = k.keyid): void => {
  p.keys[keyid] = clone(k.key);
};

const CASES: Case[] = [
  { name: 'a plain version bump', changes: ['version-changed'], warnings: [] },
  { name: 'a key added to keys only', mutate: (p) => addKey(p, D), changes: ['version-changed', 'key-added'], warnings: [] },
  {
    name: 'a key added to the root role',
    mutate: (p) => {
      addKey(p, D);
      p.roles.root.keyids.push(D.keyid);
    },
    changes: ['version-changed', 'key-added', 'role-keys-changed'],
    warnings: [],
  },
  {
    name: 'a root key removed',
    mutate: (p) => {
      delete p.keys[JC.keyid];
      p.roles.root.keyids = [JH.keyid, JJ.keyid];
    },
    changes: ['version-changed', 'key-removed', 'role-keys-changed'],
    warnings: [],
  },
  {
    name: 'same key id, different key content',
    mutate: (p) => {
      p.keys[JC.keyid] = { ...clone(D.key), 'x-rstuf-key-name': 'JoeCocker' };
    },
    changes: ['version-changed', 'key-changed'],
    warnings: ['keyid-mismatch'],
  },
  {
    name: 'a key renamed',
    mutate: (p) => {
      (p.keys[JC.keyid] as Record<string, unknown>)['x-rstuf-key-name'] = 'Joe';
    },
    changes: ['version-changed', 'key-changed'],
    warnings: [],
  },
  {
    name: 'root threshold raised 2 -> 3',
    mutate: (p) => {
      p.roles.root.threshold = 3;
    },
    changes: ['version-changed', 'threshold-changed'],
    warnings: [],
  },
  {
    name: 'root threshold lowered 2 -> 1',
    mutate: (p) => {
      p.roles.root.threshold = 1;
    },
    changes: ['version-changed', 'threshold-changed'],
    warnings: ['threshold-lowered', 'root-threshold-one'],
  },
  {
    name: 'root threshold larger than its keys',
    mutate: (p) => {
      p.roles.root.threshold = 4;
    },
    changes: ['version-changed', 'threshold-changed'],
    warnings: ['threshold-exceeds-keys'],
  },
  {
    name: 'online key rotated',
    mutate: (p) => {
      delete p.keys[O.keyid];
      addKey(p, O2);
      for (const r of ['timestamp', 'snapshot', 'targets']) (p.roles[r] as { keyids: string[] }).keyids = [O2.keyid];
    },
    changes: ['version-changed', 'key-added', 'key-removed', 'role-keys-changed', 'role-keys-changed', 'role-keys-changed', 'online-key-changed'],
    warnings: [],
  },
  {
    name: 'online key URI changed only',
    mutate: (p) => {
      (p.keys[O.keyid] as Record<string, unknown>)['x-rstuf-online-key-uri'] = 'awskms:other';
    },
    changes: ['version-changed', 'key-changed', 'online-key-changed'],
    warnings: [],
  },
  {
    name: 'the online role signed by a root key',
    mutate: (p) => {
      (p.roles.timestamp as { keyids: string[] }).keyids = [JH.keyid];
    },
    changes: ['version-changed', 'role-keys-changed', 'online-key-changed'],
    warnings: ['online-key-is-root-key'],
  },
  {
    name: 'every root key replaced at once',
    mutate: (p) => {
      for (const k of [JH, JJ, JC]) delete p.keys[k.keyid];
      for (const k of [D, E, F]) addKey(p, k);
      p.roles.root.keyids = [D.keyid, E.keyid, F.keyid];
    },
    signers: () => [D],
    changes: ['version-changed', 'key-added', 'key-added', 'key-added', 'key-removed', 'key-removed', 'key-removed', 'role-keys-changed'],
    warnings: ['all-root-keys-replaced'],
  },
  {
    name: 'expiry moved a little',
    mutate: (p) => {
      p.expires = isoIn(400);
    },
    changes: ['version-changed', 'expiry-changed'],
    warnings: [],
  },
  {
    name: 'expiry already past',
    mutate: (p) => {
      p.expires = isoIn(-1);
    },
    changes: ['version-changed', 'expiry-changed'],
    warnings: ['expiry-past'],
  },
  {
    name: 'expiry in under 7 days',
    mutate: (p) => {
      p.expires = isoIn(3);
    },
    changes: ['version-changed', 'expiry-changed'],
    warnings: ['expiry-soon'],
  },
  {
    name: 'expiry over 2 years away',
    mutate: (p) => {
      p.expires = isoIn(3 * 365);
    },
    changes: ['version-changed', 'expiry-changed'],
    warnings: ['expiry-far'],
  },
  {
    name: 'spec version changed',
    mutate: (p) => {
      p.spec_version = '1.0.32';
    },
    changes: ['version-changed', 'spec-version-changed'],
    warnings: [],
  },
  {
    name: 'consistent_snapshot turned off',
    mutate: (p) => {
      p.consistent_snapshot = false;
    },
    changes: ['version-changed', 'consistent-snapshot-changed'],
    warnings: [],
  },
  {
    name: 'an unknown top-level field added',
    mutate: (p) => {
      p['x-custom-note'] = 'hello';
    },
    changes: ['version-changed', 'unknown-field-changed'],
    // Listed as a note (extra fields are kept and signed as they are), never as a warning.
    warnings: ['extra-fields'],
  },
  {
    name: 'an unknown field on a role object',
    mutate: (p) => {
      (p.roles.root as Record<string, unknown>)['x-extra'] = 1;
    },
    changes: ['version-changed', 'unknown-field-changed'],
    warnings: ['rstuf-drops-unknown-fields'],
  },
  {
    name: 'an unknown field on a key object',
    mutate: (p) => {
      (p.keys[JC.keyid] as Record<string, unknown>)['x-extra'] = 'a';
    },
    changes: ['version-changed', 'key-changed'],
    warnings: ['rstuf-drops-unknown-fields'],
  },
  {
    name: 'the same key material under a second (legacy) key id',
    mutate: (p) => addKey(p, JH, legacyKeyId(JH.key)),
    changes: ['version-changed', 'key-added'],
    // The second id is a (legacy) variant id of the key, said as such.
    warnings: ['duplicate-keys', 'keyid-variant'],
  },
  {
    name: 'a key id that is not the hash of its key',
    mutate: (p) => addKey(p, D, 'ab'.repeat(32)),
    changes: ['version-changed', 'key-added'],
    warnings: ['keyid-mismatch'],
  },
  {
    name: 'a signature that does not verify',
    extraSignatures: async () => [{ keyid: JJ.keyid, sig: Buffer.from(await JJ.signer.sign(new TextEncoder().encode('something else'))).toString('hex') }],
    changes: ['version-changed'],
    warnings: ['signature-invalid'],
  },
  {
    name: 'a signature by a key no role authorizes',
    signers: () => [JH, D],
    changes: ['version-changed'],
    warnings: ['signature-unauthorized'],
  },
  { name: 'metadata already fully signed', signers: () => [JH, JJ], changes: ['version-changed'], warnings: ['already-fully-signed'] },
];

async function reviewPair(mutate: Case['mutate'], signers: TestKey[], extra?: Case['extraSignatures']): Promise<Review> {
  const pending = clone(trusted) as TufRootSigned & Record<string, unknown>;
  pending.version = 2;
  mutate?.(pending);
  const md = await signedRoot(pending, signers);
  if (extra) md.signatures.push(...(await extra(pending)));
  const json = signPending({ root: md, trusted_root: await signedRoot(trusted, [JH, JJ]) });
  const doc = checkDocument(json as unknown as JsonValue, 'crafted.json');
  return reviewDocument(doc, { anchor: CHAINED, now: NOW });
}

describe('root review: change types and warnings', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const review = await reviewPair(c.mutate, c.signers?.() ?? [JH], c.extraSignatures);
    const role = review.roles[0];
    expect(role?.role).toBe('root');
    expect(role?.changes.map((x) => x.type).sort()).toEqual([...c.changes].sort());
    expect(role?.warnings.map((w) => w.code).sort()).toEqual([...c.warnings].sort());
    for (const x of [...(role?.changes ?? []), ...(role?.warnings ?? [])]) expect(x.message).toMatch(/^[A-Z].*[.;)]$/s);
  });

  it('names what changed about a key with the same key id', async () => {
    const review = await reviewPair((p) => {
      p.keys[JC.keyid] = { ...clone(D.key), 'x-rstuf-key-name': 'JoeCocker' };
    }, [JH]);
    const change = review.roles[0]?.changes.find((c) => c.type === 'key-changed');
    expect(change).toMatchObject({ keyid: JC.keyid, fields: ['keytype', 'scheme', 'keyval'] });
    expect(change?.message).toContain('same key id, different key content');
  });

  it('reports threshold and online key changes with before and after', async () => {
    const review = await reviewPair((p) => {
      p.roles.root.threshold = 3;
      delete p.keys[O.keyid];
      addKey(p, O2);
      for (const r of ['timestamp', 'snapshot', 'targets']) (p.roles[r] as { keyids: string[] }).keyids = [O2.keyid];
    }, [JH]);
    const changes = review.roles[0]?.changes ?? [];
    expect(changes.find((c) => c.type === 'threshold-changed')).toMatchObject({ role: 'root', from: 2, to: 3 });
    expect(changes.find((c) => c.type === 'online-key-changed')).toMatchObject({
      from: { keyid: O.keyid, name: 'Online', onlineKeyUri: 'fn:online-1' },
      to: { keyid: O2.keyid, name: 'Online2', onlineKeyUri: 'fn:online-2' },
    });
    expect(changes.find((c) => c.type === 'expiry-changed')).toBeUndefined();
  });

  it('gives the expiry change as dates and days from now', async () => {
    const review = await reviewPair((p) => {
      p.expires = isoIn(30);
    }, [JH]);
    const change = review.roles[0]?.changes.find((c) => c.type === 'expiry-changed');
    expect(change).toMatchObject({ from: isoIn(365), to: isoIn(30), fromInDays: 365, toInDays: 30 });
    expect(change?.message).toContain('in 30 days');
  });
});

describe('signature status in words', () => {
  it('"2 of 3 required signatures (JanisJoplin, JimiHendrix); missing one of: JoeCocker", with both thresholds for a rotation', async () => {
    const review = await reviewPair((p) => {
      p.roles.root = { keyids: [JJ.keyid, JH.keyid, JC.keyid], threshold: 3 };
    }, [JJ, JH]);
    const lines = review.roles[0]?.signatures.lines ?? [];
    expect(lines).toEqual([
      'trusted root v1: 2 of 2 required signatures (JimiHendrix, JanisJoplin); threshold met',
      'new root v2: 2 of 3 required signatures (JanisJoplin, JimiHendrix); missing one of: JoeCocker',
    ]);
    expect(review.roles[0]?.threshold).toEqual({ required: 3, met: false });
    expect(review.roles[0]?.signatures.valid.sort()).toEqual([JH.keyid, JJ.keyid].sort());
    expect(review.roles[0]?.signatures.missing).toEqual([JC.keyid]);
  });

  it("checks each threshold against its own root's key: an old key under a reused key id does not count for the new root", async () => {
    // root v2 puts Dee's key under JanisJoplin's key id; JanisJoplin's signature counts for root v1 only.
    const review = await reviewPair((p) => {
      p.keys[JJ.keyid] = { ...clone(D.key), 'x-rstuf-key-name': 'JanisJoplin' };
    }, [JH, JJ]);
    expect(review.roles[0]?.signatures.lines).toEqual([
      'trusted root v1: 2 of 2 required signatures (JimiHendrix, JanisJoplin); threshold met',
      'new root v2: 1 of 2 required signatures (JimiHendrix); missing one of: JanisJoplin, JoeCocker',
    ]);
    expect(review.roles[0]?.threshold.met).toBe(false);
  });

  it('counts one key listed under two key ids once', async () => {
    const legacy = legacyKeyId(JH.key);
    const review = await reviewPair(
      (p) => {
        p.keys[legacy] = clone(JH.key);
        p.roles.root.keyids = [JH.keyid, legacy, JC.keyid];
      },
      [JH, JJ],
      async (p) => [{ keyid: legacy, sig: (await signedRoot(p, [JH])).signatures[0]!.sig }],
    );
    expect(review.roles[0]?.signatures.lines[1]).toBe('new root v2: 1 of 2 required signatures (JimiHendrix); missing one of: JoeCocker');
    expect(review.roles[0]?.threshold.met).toBe(false);
    expect(review.roles[0]?.warnings.map((w) => w.code)).toContain('duplicate-keys');
  });

  it('counts signatures beyond the threshold without "3 of 2"', () => {
    const ref = (c: string) => ({ keyid: c.repeat(64), name: c.toUpperCase() });
    expect(describeThreshold({ label: 'root v1', required: 2, valid: [ref('a'), ref('b'), ref('c')], invalid: [], missing: [], met: true })).toBe(
      'root v1: 3 valid signatures (A, B, C), 2 required; threshold met',
    );
  });

  it('says when a threshold can no longer be met', () => {
    const line = describeThreshold({ label: 'root v1', required: 3, valid: [{ keyid: 'a'.repeat(64), name: 'A' }], invalid: [], missing: [{ keyid: 'b'.repeat(64), name: 'B' }], met: false });
    expect(line).toBe('root v1: 1 of 3 required signatures (A); cannot be met: two more needed but only one authorized key left (B)');
  });
});

describe('trust and missing context', () => {
  it('warns that the trusted root is taken on its word when nothing is pinned', async () => {
    const md = await signedRoot({ ...clone(trusted), version: 2 }, [JH]);
    const doc = checkDocument(signPending({ root: md, trusted_root: await signedRoot(trusted, [JH, JJ]) }) as unknown as JsonValue, 'x.json');
    const review = reviewDocument(doc, { now: NOW });
    expect(review.trust.state).toBe('unanchored');
    expect(review.roles[0]?.warnings.map((w) => w.code)).toEqual(['trust-not-anchored']);
    // A bootstrap root v1 chains to nothing, so no pin could vouch for it: no such warning there.
    const bootstrap = checkDocument({ settings: {}, metadata: { root: await signedRoot(clone(trusted), [JH]) } } as unknown as JsonValue, 'ceremony.json');
    expect(reviewDocument(bootstrap, { now: NOW }).roles[0]?.warnings).toEqual([]);
  });

  it('an update payload without its trusted root: no changes can be shown, and it says why', async () => {
    const md = await signedRoot({ ...clone(trusted), version: 2 }, [JH]);
    const doc = checkDocument({ metadata: { root: md } } as unknown as JsonValue, 'update.json');
    const role = reviewDocument(doc, { anchor: CHAINED, now: NOW }).roles[0];
    expect(role?.changes).toEqual([]);
    expect(role?.warnings.map((w) => w.code)).toEqual(['trusted-version-missing']);
    expect(role?.signatures.lines.at(-1)).toContain('trusted root v1');
  });

  it('a bootstrap root v1 shows its content and no changes (and unknown fields do not matter there)', async () => {
    const bootstrap = clone(trusted);
    (bootstrap.roles.root as Record<string, unknown>)['x-extra'] = 1;
    const md = await signedRoot(bootstrap, [JH]);
    const doc = checkDocument({ settings: {}, metadata: { root: md } } as unknown as JsonValue, 'ceremony.json');
    const role = reviewDocument(doc, { anchor: CHAINED, now: NOW }).roles[0];
    expect(role?.changes).toEqual([]);
    expect(role?.warnings).toEqual([]);
    expect(role?.root?.roles.find((r) => r.role === 'root')).toMatchObject({ threshold: 2, keys: [{ name: 'JimiHendrix' }, { name: 'JanisJoplin' }, { name: 'JoeCocker' }] });
    expect(role?.root?.onlineKey).toMatchObject({ keyid: O.keyid, onlineKeyUri: 'fn:online-1' });
  });

  it('version not trusted+1 is a warning (buildReview over any trusted version)', () => {
    const pending = { ...clone(trusted), version: 3 };
    const review = buildReview({
      kind: 'update',
      now: NOW,
      keyIdentity: publicKeyIdentity,
      trust: CHAINED.trust,
      roles: [
        {
          name: 'root',
          metadata: { signed: pending, signatures: [] } as TufMetadata,
          trusted: { signed: trusted, signatures: [] } as TufMetadata,
          signatures: { thresholds: [], signatures: [], met: false, signedSha256: '00' },
        },
      ],
    });
    expect(review.roles[0]?.warnings.map((w) => w.code)).toEqual(['version-not-next']);
    expect(review.roles[0]?.changes.map((c) => c.type)).toEqual(['version-changed']);
  });
});

describe('RSTUF fixture sign_pending_roles.json (root v1 -> v2)', () => {
  it('lists the real changes: JoeCocker in for JimiHendrix, and the online key rotated', () => {
    const file = cliFixture('sign_pending_roles.json');
    const doc = checkDocument(readFixtureJson(file), 'sign_pending_roles.json');
    const review = reviewDocument(doc, { now: NOW });
    const role = review.roles[0];
    const byType = (t: string) => role?.changes.filter((c) => c.type === t) ?? [];
    expect(role?.changes.map((c) => c.type).sort()).toEqual(
      ['version-changed', 'key-added', 'key-added', 'key-removed', 'key-removed', 'role-keys-changed', 'role-keys-changed', 'role-keys-changed', 'role-keys-changed', 'online-key-changed'].sort(),
    );
    expect(byType('key-added').map((c) => (c as { key: { name: string } }).key.name).sort()).toEqual(["JoeCocker's Key", 'New Online Key']);
    expect(byType('key-removed').map((c) => (c as { key: { name: string } }).key.name).sort()).toEqual(["JimiHendrix's Key", 'Online Key']);
    // A new online key never reads as a new root key (issue 16).
    const added = byType('key-added').map((c) => c.message);
    expect(added.find((m) => m.includes("JoeCocker's Key"))).toMatch(/, for the root role\.$/);
    expect(added.find((m) => m.includes('New Online Key'))).toMatch(/, for timestamp, snapshot and targets \(an online key, not a root key\)\.$/);
    expect(byType('role-keys-changed').find((c) => (c as { role: string }).role === 'root')).toMatchObject({
      added: [{ name: "JoeCocker's Key" }],
      removed: [{ name: "JimiHendrix's Key" }],
    });
    expect(byType('online-key-changed')[0]).toMatchObject({
      from: { keyid: expect.stringMatching(/^0d9d3d4b/), onlineKeyUri: expect.stringMatching(/^fn:0d9d3d4b/) },
      to: { keyid: expect.stringMatching(/^cb20fa10/), onlineKeyUri: expect.stringMatching(/^fn:cb20fa10/) },
    });
    expect(role?.signatures.lines).toEqual([
      "trusted root v1: 1 of 2 required signatures (JanisJoplin's Key); missing one of: JimiHendrix's Key",
      "new root v2: 2 of 2 required signatures (JanisJoplin's Key, JoeCocker's Key); threshold met",
    ]);
    expect(role?.warnings.map((w) => w.code).sort()).toEqual(['expiry-past', 'trust-not-anchored']);
    // The review crosses IPC to the renderer: plain data only, nothing lost in a JSON round trip.
    expect(JSON.parse(JSON.stringify(review))).toEqual(review);
  });

  it('offers the canonical JSON being signed next to the summary, with the same sha256', () => {
    const doc = checkDocument(readFixtureJson(cliFixture('sign_pending_roles.json')), 'sign_pending_roles.json');
    const review = reviewDocument(doc, { now: NOW });
    const canonical = canonicalOfRole(doc, 'root');
    expect(review.roles[0]?.signedSha256).toBe('a23903469756f796633508fa2ac563696110bbf571cf3174935e480ce2008e8a');
    expect(canonical.sha256).toBe(review.roles[0]?.signedSha256);
    expect(canonical.bytes).toBe(2047);
    expect(JSON.stringify(review)).not.toContain(canonical.json.slice(0, 200));
    expect(readDocument(JSON.parse(JSON.stringify(doc.json)) as JsonValue).pending[0]?.name).toBe('root');
  });
});
