// The Review screen's first screen of a big role (review.get with firstScreen, issue 16 "Big
// roles"): it must stay small whatever the role holds, since it is what the holder waits for. It
// carries counts and at most one page of artifact changes (the browser fetches the others page by
// page), never the canonical bytes; and the counts read the same as before without ICU.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/channels.js';
import { CHANNEL_SCHEMAS } from '../../../shared/ipc/contract.js';
import { canonicalize } from '../../../shared/tuf/canonical.js';
import { ipcValue as value, makeTestApp, type TestApp } from '../../helpers/desktop-app.js';
import { formatCount } from '../../../renderer/src/features/review/count.js';

interface SeededKey {
  keyid: string;
}
// Plain JS shared with `npm run bench` (same seed, same keys); a non-literal specifier keeps tsc
// from asking for its types.
const GENERATOR = '../../../scripts/bench/generate.mjs';
const generator = (await import(GENERATOR)) as {
  targetsCase(c: typeof canonicalize, n?: number): { json: any };
  seededKey(name: string, c: typeof canonicalize): SeededKey;
  signWith(key: SeededKey, signed: unknown, c: typeof canonicalize): { keyid: string; sig: string };
};

/** The artifact browser's page (renderer/src/stores/review.ts ARTIFACT_PAGE_SIZE). */
const ONE_PAGE = 100;
const ARTIFACTS = 3_000;
const KEPT = 10;

let app: TestApp;
beforeEach(() => {
  app = makeTestApp();
});
afterEach(() => app.cleanup());

/** production v2 with 3,000 artifacts, compared with a v1 that holds 10 of them: 2,990 added. */
async function importCompared(): Promise<string> {
  const { json } = generator.targetsCase(canonicalize, ARTIFACTS);
  const now = json.data.metadata.production.signed;
  const kept = Object.fromEntries(Object.entries(now.targets).slice(0, KEPT));
  const signed = { ...now, version: 1, targets: kept };
  const keys = ['production-1', 'production-2'].map((name) => generator.seededKey(name, canonicalize));
  const previous = { signatures: keys.map((k) => generator.signWith(k, signed, canonicalize)), signed };
  const dir = join(app.root, 'usb');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pending.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'production-v1.json'), JSON.stringify(previous));
  app.dialogs.nextOpen = join(dir, 'pending.json');
  const item = value(await app.call(CHANNELS.workspaceImportWithDialog, { pick: 'file' }));
  app.dialogs.nextOpen = join(dir, 'production-v1.json');
  value(await app.call(CHANNELS.reviewComparePrevious, { itemId: item.id, role: 'production' }));
  return item.id;
}

describe('review.get firstScreen of a big role', () => {
  it('holds the counts and at most one page of artifact changes, not the artifacts nor the canonical bytes', async () => {
    const itemId = await importCompared();
    const first = value(await app.call(CHANNELS.reviewGet, { itemId, firstScreen: true }));
    // It is what crosses IPC: the contract's schema takes it as it is.
    expect(CHANNEL_SCHEMAS.reviewGet.response.parse(first)).toEqual(first);
    const [role] = first.roles;
    expect(role.artifacts).toMatchObject({ total: ARTIFACTS, counts: { added: ARTIFACTS - KEPT, removed: 0, modified: 0, unchanged: KEPT }, compared: true });
    const listed = role.changes.filter((c: any) => c.area.startsWith('artifact-'));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(ONE_PAGE);
    expect(role.artifacts.changesNotListed).toBe(ARTIFACTS - KEPT - listed.length);
    // No more artifact paths than that page anywhere in the answer, and no signed bytes.
    const text = JSON.stringify(first);
    expect(text.match(/production\/[^"\s]+\.tar\.gz/g)?.length ?? 0).toBeLessThanOrEqual(ONE_PAGE * 2);
    expect(role).toMatchObject({ signaturesChecked: false, sha256: null, canonicalBytes: null });
    expect(text.length).toBeLessThan(64 * 1024);
    // The full review lists the same page: replacing the first screen moves nothing already read.
    const full = value(await app.call(CHANNELS.reviewGet, { itemId }));
    expect(full.roles[0].changes).toEqual(role.changes);
    expect(full.roles[0].artifacts).toEqual(role.artifacts);
  });
});

describe('formatCount (the review screens’ counts)', () => {
  it('groups digits by three as toLocaleString("en") does', () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 100_000, 1_234_567, -4_321, Number.MAX_SAFE_INTEGER]) expect(formatCount(n)).toBe(n.toLocaleString('en'));
  });

  it('writes anything but a safe whole number as String() does', () => {
    expect([1.5, Number.NaN, Infinity, 2 ** 60].map(formatCount)).toEqual(['1.5', 'NaN', 'Infinity', String(2 ** 60)]);
  });
});
