// Targets and delegated-role review, table-driven like the root review: artifacts added, removed
// and modified; delegations added, removed and changed; exactly the warnings that apply. Plus the
// 100,000-artifact role: grouped counts first, then pages.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../shared/json/strict-json.js';
import type { TufMetadata, TufTargetsSigned } from '../../../../shared/tuf/types.js';
import { artifactIndexFor, artifactPage, buildArtifactIndex, TOP_LEVEL_GROUP } from '../../../../shared/review/index.js';
import { sealForSigning } from '../../../../shared/tuf/canonical.js';
import { artifactIndexOfRole, reviewDocument } from '../../../../main/core/review/review-document.js';
import type { AnchorResult } from '../../../../main/core/trust/anchor.js';
import { checkDocument } from '../../../../main/core/tuf/load-document.js';
import {
  artifact,
  clone,
  fixtureKey,
  freshKey,
  isoIn,
  legacyKeyId,
  NOW,
  rootSigned,
  signedRoot,
  signedTargets,
  signPending,
  targetsSigned,
  type TestKey,
} from '../../../helpers/review-keys.js';
import type { RootMetadata, TargetsMetadata } from '../../../../shared/tuf/types.js';

const CHAINED: AnchorResult = { trust: { state: 'chained', message: 'test anchor' }, recorded: [] };

let JH: TestKey, JJ: TestKey, JC: TestKey, O: TestKey;
let root: RootMetadata;
let trustedTargets: TargetsMetadata;
let previousProduction: TargetsMetadata;

const ARTIFACTS = { 'production/a.tgz': artifact('a'), 'production/b.tgz': artifact('b'), 'production/c.tgz': artifact('c') };

beforeAll(async () => {
  JH = fixtureKey('JH.ed25519', 'JimiHendrix');
  JJ = fixtureKey('JJ.ecdsa', 'JanisJoplin');
  JC = fixtureKey('JC.rsa', 'JoeCocker');
  O = freshKey('Online', { 'x-rstuf-online-key-uri': 'fn:online' });
  root = await signedRoot(rootSigned({ version: 1, root: [JH, JJ], threshold: 2, online: O }), [JH, JJ]);
  trustedTargets = await signedTargets(
    targetsSigned(1, {}, {
      delegations: {
        keys: { [JH.keyid]: clone(JH.key), [JJ.keyid]: clone(JJ.key), [O.keyid]: clone(O.key) },
        roles: [
          { name: 'production', terminating: true, keyids: [JH.keyid, JJ.keyid], threshold: 2, paths: ['production/*'], 'x-rstuf-expire-policy': 30 },
          { name: 'dev', terminating: true, keyids: [O.keyid], threshold: 1, paths: ['dev/*'], 'x-rstuf-expire-policy': 1 },
        ],
      },
    }),
    [O],
  );
  previousProduction = await signedTargets(targetsSigned(1, clone(ARTIFACTS)), [JH, JJ]);
});

interface DelegatedCase {
  name: string;
  mutate?: (p: TufTargetsSigned) => void;
  signers?: () => TestKey[];
  withPrevious?: boolean;
  changes: string[];
  warnings: string[];
}

const DELEGATED_CASES: DelegatedCase[] = [
  { name: 'a version bump only', changes: ['version-changed'], warnings: [] },
  {
    name: 'an artifact added',
    mutate: (p) => {
      p.targets['production/d.tgz'] = artifact('d');
    },
    changes: ['version-changed', 'artifact-added'],
    warnings: [],
  },
  {
    name: 'an artifact removed',
    mutate: (p) => {
      delete p.targets['production/b.tgz'];
    },
    changes: ['version-changed', 'artifact-removed'],
    warnings: [],
  },
  {
    name: 'an artifact modified (same length, other hash)',
    mutate: (p) => {
      p.targets['production/a.tgz'] = artifact('z');
    },
    changes: ['version-changed', 'artifact-modified'],
    warnings: [],
  },
  {
    name: 'an artifact modified (length only)',
    mutate: (p) => {
      (p.targets['production/c.tgz'] as { length: number }).length = 99;
    },
    changes: ['version-changed', 'artifact-modified'],
    warnings: [],
  },
  {
    name: 'an artifact whose custom metadata changed',
    mutate: (p) => {
      p.targets['production/a.tgz'] = { ...artifact('a'), custom: { team: 'b' } };
    },
    changes: ['version-changed', 'artifact-modified'],
    warnings: [],
  },
  {
    name: 'expiry changed',
    mutate: (p) => {
      p.expires = isoIn(60);
    },
    changes: ['version-changed', 'expiry-changed'],
    warnings: [],
  },
  {
    name: 'a version skipped',
    mutate: (p) => {
      p.version = 3;
    },
    changes: ['version-changed'],
    warnings: ['version-not-next'],
  },
  { name: 'already fully signed', signers: () => [JH, JJ], changes: ['version-changed'], warnings: ['already-fully-signed'] },
  { name: 'no previous version to compare with', withPrevious: false, changes: [], warnings: ['trusted-version-missing'] },
];

async function reviewDelegated(c: Pick<DelegatedCase, 'mutate' | 'signers' | 'withPrevious'>, version = 2) {
  const pending = targetsSigned(version, clone(ARTIFACTS));
  c.mutate?.(pending);
  const md = await signedTargets(pending, c.signers?.() ?? [JH]);
  const doc = checkDocument(signPending({ production: md, trusted_targets: trustedTargets }) as unknown as JsonValue, 'pending.json');
  const previous = c.withPrevious === false ? {} : { previous: { production: previousProduction as TufMetadata } };
  return { doc, review: reviewDocument(doc, { anchor: CHAINED, now: NOW, ...previous }), previous };
}

describe('delegated role review: artifacts, expiry, version', () => {
  it.each(DELEGATED_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { review } = await reviewDelegated(c);
    const role = review.roles[0];
    expect(role?.role).toBe('production');
    expect(role?.changes.map((x) => x.type).sort()).toEqual([...c.changes].sort());
    expect(role?.warnings.map((w) => w.code).sort()).toEqual([...c.warnings].sort());
  });

  it('describes artifact changes with path, length and hashes', async () => {
    const { review } = await reviewDelegated({
      mutate: (p) => {
        p.targets['production/a.tgz'] = artifact('zz');
        p.targets['production/new.tgz'] = artifact('new!');
        delete p.targets['production/c.tgz'];
      },
    });
    const role = review.roles[0];
    expect(role?.changes.find((c) => c.type === 'artifact-modified')).toMatchObject({
      path: 'production/a.tgz',
      from: { length: 1, hashes: { sha256: artifact('a').hashes.sha256 } },
      to: { length: 2, hashes: { sha256: artifact('zz').hashes.sha256 } },
    });
    expect(role?.changes.find((c) => c.type === 'artifact-added')).toMatchObject({ path: 'production/new.tgz', to: { length: 4 } });
    expect(role?.changes.find((c) => c.type === 'artifact-removed')).toMatchObject({ path: 'production/c.tgz', from: { length: 1 } });
    expect(role?.artifacts).toMatchObject({ total: 3, counts: { added: 1, removed: 1, modified: 1, unchanged: 1 }, compared: true });
    expect(role?.signatures.lines).toEqual([`delegation "production" in targets v1: 1 of 2 required signatures (JimiHendrix); missing one of: JanisJoplin`]);
  });

  it('a new delegated role (v1) lists every artifact as added, with no warning about a missing previous version', async () => {
    const { review } = await reviewDelegated({ withPrevious: false }, 1);
    const role = review.roles[0];
    expect(role?.changes.map((c) => c.type)).toEqual(['artifact-added', 'artifact-added', 'artifact-added']);
    expect(role?.warnings).toEqual([]);
  });
});

interface DelegationCase {
  name: string;
  mutate: (p: TufTargetsSigned) => void;
  changes: string[];
  warnings: string[];
}

const production = (p: TufTargetsSigned) => p.delegations?.roles?.find((r) => r.name === 'production') as NonNullable<NonNullable<TufTargetsSigned['delegations']>['roles']>[number];

const DELEGATION_CASES: DelegationCase[] = [
  {
    name: 'a delegated role added',
    mutate: (p) => {
      p.delegations?.roles?.push({ name: 'staging', terminating: false, keyids: [JH.keyid], threshold: 1, paths: ['staging/*'], 'x-rstuf-expire-policy': 7 });
    },
    changes: ['delegation-added'],
    warnings: [],
  },
  {
    name: 'a delegated role removed',
    mutate: (p) => {
      if (p.delegations) p.delegations.roles = p.delegations.roles?.filter((r) => r.name !== 'dev');
    },
    changes: ['delegation-removed'],
    warnings: [],
  },
  {
    name: 'a delegation threshold raised',
    mutate: (p) => {
      production(p).keyids.push(JC.keyid);
      if (p.delegations) p.delegations.keys[JC.keyid] = clone(JC.key);
      production(p).threshold = 3;
    },
    changes: ['delegation-changed', 'key-added'],
    warnings: [],
  },
  {
    name: 'a delegation threshold lowered',
    mutate: (p) => {
      production(p).threshold = 1;
    },
    changes: ['delegation-changed'],
    warnings: ['threshold-lowered'],
  },
  {
    name: 'a delegation needing more signatures than it has keys',
    mutate: (p) => {
      production(p).threshold = 3;
    },
    changes: ['delegation-changed'],
    warnings: ['threshold-exceeds-keys'],
  },
  {
    name: 'delegation paths changed',
    mutate: (p) => {
      production(p).paths = ['*'];
    },
    changes: ['delegation-changed'],
    warnings: [],
  },
  {
    name: 'terminating turned off',
    mutate: (p) => {
      production(p).terminating = false;
    },
    changes: ['delegation-changed'],
    warnings: [],
  },
  {
    name: 'x-rstuf-expire-policy changed',
    mutate: (p) => {
      production(p)['x-rstuf-expire-policy'] = 365;
    },
    changes: ['delegation-changed'],
    warnings: [],
  },
  {
    name: 'a delegation key swapped for another key',
    mutate: (p) => {
      production(p).keyids = [JH.keyid, JC.keyid];
      if (p.delegations) {
        delete p.delegations.keys[JJ.keyid];
        p.delegations.keys[JC.keyid] = clone(JC.key);
      }
    },
    changes: ['delegation-changed', 'key-added', 'key-removed'],
    warnings: [],
  },
  {
    name: 'the same delegation key under a second key id',
    mutate: (p) => {
      if (p.delegations) p.delegations.keys[legacyKeyId(JH.key)] = clone(JH.key);
    },
    changes: ['key-added'],
    // The second id is a (legacy) variant id of the key, said as such.
    warnings: ['duplicate-keys', 'keyid-variant'],
  },
  {
    name: 'delegations reordered (the first matching role wins for overlapping paths)',
    mutate: (p) => {
      p.delegations?.roles?.reverse();
    },
    changes: ['delegation-changed', 'delegation-changed'],
    warnings: [],
  },
  {
    name: 'a role added in front of the others moves none of them relative to each other',
    mutate: (p) => {
      p.delegations?.roles?.unshift({ name: 'first', terminating: true, keyids: [JH.keyid], threshold: 1, paths: ['*'], 'x-rstuf-expire-policy': 7 });
    },
    changes: ['delegation-added'],
    warnings: [],
  },
  {
    name: 'a delegated role named with capitals (RSTUF serves it lower-cased, then cannot find it)',
    mutate: (p) => {
      p.delegations?.roles?.push({ name: 'Staging', terminating: true, keyids: [JH.keyid], threshold: 1, paths: ['staging/*'], 'x-rstuf-expire-policy': 7 });
    },
    changes: ['delegation-added'],
    warnings: ['delegated-role-name'],
  },
  {
    name: 'a delegated role named with "_" (RSTUF cuts the name at the "_")',
    mutate: (p) => {
      p.delegations?.roles?.push({ name: 'team_a', terminating: true, keyids: [JH.keyid], threshold: 1, paths: ['team-a/*'], 'x-rstuf-expire-policy': 7 });
    },
    changes: ['delegation-added'],
    warnings: ['delegated-role-name'],
  },
  {
    name: 'a delegated role named in lower case with "-" gets no name warning',
    mutate: (p) => {
      p.delegations?.roles?.push({ name: 'team-a2', terminating: true, keyids: [JH.keyid], threshold: 1, paths: ['team-a/*'], 'x-rstuf-expire-policy': 7 });
    },
    changes: ['delegation-added'],
    warnings: [],
  },
  {
    name: 'an online-key-only delegation (no keys, threshold 1) is not "threshold above keys"',
    mutate: (p) => {
      p.delegations?.roles?.push({ name: 'bins', terminating: true, keyids: [], threshold: 1, paths: ['bins/*'], 'x-rstuf-expire-policy': 1 });
    },
    changes: ['delegation-added'],
    // Said in words as a note: the online key signs it.
    warnings: ['delegation-signing'],
  },
];

describe('targets review: delegations', () => {
  it.each(DELEGATION_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const pending = clone(trustedTargets.signed);
    pending.version = 2;
    c.mutate(pending);
    const md = await signedTargets(pending, [JH]);
    const doc = checkDocument(signPending({ targets: md, trusted_targets: trustedTargets, trusted_root: root }) as unknown as JsonValue, 'targets.json');
    const role = reviewDocument(doc, { anchor: CHAINED, now: NOW }).roles[0];
    expect(role?.role).toBe('targets');
    expect(role?.changes.map((x) => x.type).sort()).toEqual(['version-changed', ...c.changes].sort());
    // JH is not a targets key of the root: that signature is reported too, in every case.
    expect(role?.warnings.map((w) => w.code).sort()).toEqual(['signature-unauthorized', ...c.warnings].sort());
  });

  it('says which delegation fields changed', async () => {
    const pending = clone(trustedTargets.signed);
    pending.version = 2;
    production(pending).threshold = 1;
    production(pending).paths = ['production/*', 'prod/*'];
    production(pending)['x-rstuf-expire-policy'] = 90;
    const md = await signedTargets(pending, [O]);
    const doc = checkDocument(signPending({ targets: md, trusted_targets: trustedTargets, trusted_root: root }) as unknown as JsonValue, 'targets.json');
    const change = reviewDocument(doc, { anchor: CHAINED, now: NOW }).roles[0]?.changes.find((c) => c.type === 'delegation-changed');
    expect(change).toMatchObject({ name: 'production', fields: ['threshold', 'paths', 'x-rstuf-expire-policy'], from: { threshold: 2, expirePolicy: 30 }, to: { threshold: 1, expirePolicy: 90 } });
  });

  it('says where a reordered delegation moves', async () => {
    const pending = clone(trustedTargets.signed);
    pending.version = 2;
    pending.delegations?.roles?.reverse();
    const md = await signedTargets(pending, [O]);
    const doc = checkDocument(signPending({ targets: md, trusted_targets: trustedTargets, trusted_root: root }) as unknown as JsonValue, 'targets.json');
    const change = reviewDocument(doc, { anchor: CHAINED, now: NOW }).roles[0]?.changes.find((c) => c.type === 'delegation-changed' && c.name === 'dev');
    expect(change).toMatchObject({ fields: ['order'] });
    expect(change?.message).toContain('moves from position 2 to position 1');
  });

  it('names the role RSTUF will serve in the delegated-role-name warning', async () => {
    const pending = clone(trustedTargets.signed);
    pending.version = 2;
    pending.delegations?.roles?.push({ name: 'Team_A', terminating: true, keyids: [JH.keyid], threshold: 1, paths: ['team-a/*'], 'x-rstuf-expire-policy': 7 });
    const md = await signedTargets(pending, [O]);
    const doc = checkDocument(signPending({ targets: md, trusted_targets: trustedTargets, trusted_root: root }) as unknown as JsonValue, 'targets.json');
    const warning = reviewDocument(doc, { anchor: CHAINED, now: NOW }).roles[0]?.warnings.find((w) => w.code === 'delegated-role-name');
    expect(warning?.message).toMatch(/"Team_A": RSTUF serves it for signing as "team" /);
    expect(warning?.message).toContain('"team-a"');
  });
});

describe('100,000-artifact delegated role', () => {
  const N = 100_000;
  const build = () => {
    const before: Record<string, ReturnType<typeof artifact>> = {};
    const after: Record<string, ReturnType<typeof artifact>> = {};
    const groups = ['alpha', 'beta', 'gamma', 'delta'];
    for (let i = 0; i < N; i++) {
      const path = i % 1000 === 0 ? `top-${i}.txt` : `${groups[i % 4]}/pkg-${i}.tar.gz`;
      const file = { length: i, hashes: { sha256: i.toString(16).padStart(64, '0') } };
      before[path] = file;
      if (i % 10 === 1) continue; // removed
      after[path] = i % 10 === 2 ? { length: i + 1, hashes: file.hashes } : file; // modified
    }
    for (let i = 0; i < 500; i++) after[`epsilon/new-${i}.tgz`] = { length: 1, hashes: { sha256: 'f'.repeat(64) } };
    return { before, after };
  };

  it('gives grouped counts first, then a paged list that covers every change once', () => {
    const { before, after } = build();
    const index = buildArtifactIndex(after, before);
    expect(index.counts).toEqual({ added: 500, removed: 10_000, modified: 10_000, unchanged: 80_000 });
    expect(index.total).toBe(90_500);
    expect(index.groups.map((g) => g.group)).toEqual([TOP_LEVEL_GROUP, 'alpha/', 'beta/', 'delta/', 'epsilon/', 'gamma/'].sort((a, b) => (a < b ? -1 : 1)));
    expect(index.groups.find((g) => g.group === 'epsilon/')).toMatchObject({ added: 500, removed: 0, modified: 0, unchanged: 0 });
    expect(index.groups.reduce((n, g) => n + g.added + g.removed + g.modified + g.unchanged, 0)).toBe(100_500);

    const first = artifactPage(index, { page: 1, pageSize: 50 });
    expect(first).toMatchObject({ page: 1, pages: Math.ceil(20_500 / 50), totalEntries: 20_500 });
    expect(first.entries).toHaveLength(50);
    const seen = new Set<string>();
    for (let page = 1; page <= first.pages; page++) for (const e of artifactPage(index, { page, pageSize: 50 }).entries) seen.add(`${e.status}:${e.path}`);
    expect(seen.size).toBe(20_500);
    const last = artifactPage(index, { page: 10_000, pageSize: 50 });
    expect(last.page).toBe(first.pages);
    expect(artifactPage(index, { page: 1, pageSize: 1000, group: 'epsilon/' }).totalEntries).toBe(500);
    expect(artifactPage(index, { page: 1, pageSize: 10, include: 'all' }).totalEntries).toBe(90_500);
  });

  it('keeps the default review small: counts and groups, and only the first artifact changes listed', async () => {
    const { before, after } = build();
    const prev = await signedTargets(targetsSigned(1, before), []);
    const md = await signedTargets(targetsSigned(2, after), []);
    const doc = checkDocument(signPending({ production: md, trusted_targets: trustedTargets }) as unknown as JsonValue, 'big.json');
    const review = reviewDocument(doc, { anchor: CHAINED, now: NOW, previous: { production: prev } });
    const role = review.roles[0];
    expect(role?.changes.filter((c) => c.type.startsWith('artifact-'))).toHaveLength(100);
    expect(role?.artifacts).toMatchObject({ total: 90_500, changesNotListed: 20_400 });
    expect(JSON.stringify(review).length).toBeLessThan(100_000);
    const index = artifactIndexOfRole(doc, 'production', { previous: { production: prev } });
    expect(index.changed).toHaveLength(20_500);
  });
});

describe('artifact comparison', () => {
  it('the order of keys inside hashes or custom is not a change', () => {
    const before = { 'a.txt': { length: 1, hashes: { sha256: '00', sha512: '11' }, custom: { x: 1, y: { p: 1, q: 2 } } } };
    const after = { 'a.txt': { length: 1, hashes: { sha512: '11', sha256: '00' }, custom: { y: { q: 2, p: 1 }, x: 1 } } };
    expect(buildArtifactIndex(after, before).counts).toEqual({ added: 0, removed: 0, modified: 0, unchanged: 1 });
    expect(buildArtifactIndex({ 'a.txt': { ...after['a.txt'], hashes: { sha256: '00' } } }, before).counts.modified).toBe(1);
  });
});

describe('artifact index built lazily', () => {
  // Few paths and groups, so generated roles overlap: added, removed, modified and unchanged all occur.
  const path = fc.tuple(fc.constantFrom('a/', 'b/', '', 'a/b/', 'Z/'), fc.constantFrom('x', 'y', 'z', 'é', '1', '10', '2')).map(([dir, name]) => `${dir}${name}`);
  const file = fc.record({ length: fc.integer({ min: 0, max: 3 }), hashes: fc.record({ sha256: fc.constantFrom('00', '11') }) });
  const targets = fc.dictionary(path, file, { maxKeys: 25 });

  it('lists the first changes exactly as the head of the sorted change list, and counts them all', () => {
    fc.assert(
      fc.property(targets, fc.option(targets, { nil: undefined }), fc.integer({ min: 0, max: 30 }), (after, before, limit) => {
        const first = buildArtifactIndex(after, before).firstChanges(limit);
        const index = buildArtifactIndex(after, before);
        expect(first).toEqual(index.changed.slice(0, limit));
        expect(index.changed).toHaveLength(index.counts.added + index.counts.removed + index.counts.modified);
        expect(index.all()).toHaveLength(index.total);
        expect(index.all().map((e) => e.path)).toEqual(Object.keys(after).sort());
        expect(index.all().every((e) => e.status !== 'removed' && e.to?.path === e.path)).toBe(true);
        expect(index.groups.reduce((n, g) => n + g.added + g.removed + g.modified + g.unchanged, 0)).toBe(index.total + index.counts.removed);
        const sorted = [...index.changed].sort((x, y) => (x.path < y.path ? -1 : 1));
        expect(index.changed).toEqual(sorted);
      }),
      { numRuns: 500 },
    );
  });

  it('is built once per sealed (frozen) role, and afresh for a role that can still change', () => {
    const metadata = targetsMetadata(ARTIFACTS);
    const unsealed = artifactIndexFor({ metadata });
    expect(artifactIndexFor({ metadata })).not.toBe(unsealed);
    sealForSigning(metadata.signed);
    const sealed = artifactIndexFor({ metadata });
    expect(artifactIndexFor({ metadata })).toBe(sealed);
    expect(sealed.counts).toEqual(unsealed.counts);
    const trusted = targetsMetadata({ 'production/a.tgz': artifact('a') });
    sealForSigning(trusted.signed);
    const compared = artifactIndexFor({ metadata, trusted });
    expect(compared).not.toBe(sealed);
    expect(compared.counts).toEqual({ added: 2, removed: 0, modified: 0, unchanged: 1 });
    expect(artifactIndexFor({ metadata, trusted })).toBe(compared);
  });
});

function targetsMetadata(targets: Record<string, ReturnType<typeof artifact>>): TufMetadata {
  return { signed: { ...targetsSigned(2, clone(targets)) }, signatures: [] } as unknown as TufMetadata;
}
