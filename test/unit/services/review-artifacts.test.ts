// signer:review.artifacts: one page of a targets role's artifacts (the Review screen's artifact
// list), over documents read the way main reads them.
import { describe, expect, it } from 'vitest';
import { artifactList } from '../../../main/services/review-artifacts.js';
import { CHANNEL_SCHEMAS } from '../../../shared/ipc/contract.js';
import { readDocument } from '../../../shared/tuf/documents.js';
import type { JsonValue } from '../../../shared/json/strict-json.js';

const ITEM = `item-${'a'.repeat(32)}`;
const file = (length: number, c: string) => ({ length, hashes: { sha256: c.repeat(64) } });
const targets = (version: number, entries: Record<string, ReturnType<typeof file>>) => ({
  signed: { _type: 'targets', spec_version: '1.0.31', version, expires: '2030-01-01T00:00:00Z', targets: entries },
  signatures: [],
});

/** A sign-pending response for the top-level targets role v2 against its trusted v1. */
const signPending = (pending: Record<string, ReturnType<typeof file>>, trusted: Record<string, ReturnType<typeof file>>) =>
  readDocument({ data: { metadata: { targets: targets(2, pending), trusted_targets: targets(1, trusted) } } } as unknown as JsonValue);

const request = (over: Partial<Parameters<typeof artifactList>[2]> = {}) => ({ itemId: ITEM, role: 'targets', page: 1, pageSize: 100, include: 'changes' as const, ...over });

describe('artifactList', () => {
  const doc = signPending({ 'a.tgz': file(1, 'a'), 'b.tgz': file(2, 'b'), 'pkg/c.tgz': file(3, 'c') }, { 'a.tgz': file(1, 'a'), 'b.tgz': file(9, 'e'), 'old.tgz': file(4, 'd') });

  it('lists what changes against the trusted version, sorted by path, with before and after', () => {
    const list = artifactList(doc, 'pending.json', request());
    expect(list).toMatchObject({ role: 'targets', page: 1, pages: 1, totalEntries: 3, compared: true });
    expect(list.entries.map((e) => [e.path, e.status, e.from?.length ?? null, e.to?.length ?? null])).toEqual([
      ['b.tgz', 'modified', 9, 2],
      ['old.tgz', 'removed', 4, null],
      ['pkg/c.tgz', 'added', null, 3],
    ]);
  });

  it('lists every pending artifact with include "all", filters by status, and pages', () => {
    // The three artifacts of v2 (the removed one is not in it).
    expect(artifactList(doc, 'pending.json', request({ include: 'all' })).entries.map((e) => e.path)).toEqual(['a.tgz', 'b.tgz', 'pkg/c.tgz']);
    expect(artifactList(doc, 'pending.json', request({ include: 'all', status: 'unchanged' })).entries.map((e) => e.path)).toEqual(['a.tgz']);
    const second = artifactList(doc, 'pending.json', request({ include: 'all', pageSize: 2, page: 2 }));
    expect(second).toMatchObject({ page: 2, pages: 2, totalEntries: 3 });
    expect(second.entries.map((e) => e.path)).toEqual(['pkg/c.tgz']);
    // A page past the end answers the last page rather than nothing.
    expect(artifactList(doc, 'pending.json', request({ include: 'all', pageSize: 2, page: 99 })).page).toBe(2);
  });

  it('answers a response the contract accepts', () => {
    expect(CHANNEL_SCHEMAS.reviewArtifacts.response.safeParse(artifactList(doc, 'pending.json', request())).success).toBe(true);
  });

  it('names what is pending when the role is not, and refuses a role that lists no artifacts', () => {
    expect(() => artifactList(doc, 'pending.json', request({ role: 'prod' }))).toThrow('no role "prod" is pending signature in pending.json (pending: targets)');
    const rootDoc = readDocument({ metadata: { root: { signed: { _type: 'root', version: 1, spec_version: '1.0.31', expires: '2030-01-01T00:00:00Z', consistent_snapshot: true, keys: {}, roles: {} }, signatures: [] } } } as unknown as JsonValue);
    expect(() => artifactList(rootDoc, 'payload.json', request({ role: 'root' }))).toThrow('root is root metadata, which lists no artifacts');
  });
});

describe('ArtifactListRequestSchema', () => {
  const schema = CHANNEL_SCHEMAS.reviewArtifacts.request;
  it.each([
    ['a zero page size', { pageSize: 0 }],
    ['an oversized page', { pageSize: 1001 }],
    ['an unknown include', { include: 'changed' }],
    ['an unknown status', { status: 'deleted' }],
    ['an extra field', { path: '/etc/passwd' }],
  ])('refuses %s', (_name, over) => {
    expect(schema.safeParse({ ...request(), ...over }).success).toBe(false);
  });
  it('accepts a well-formed request', () => {
    expect(schema.safeParse(request({ status: 'added', group: 'production/' })).success).toBe(true);
  });
});
