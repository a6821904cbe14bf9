// A write that fails while pinning (disk full, stick pulled) must leave the existing pin in force:
// the holder never ends up with no trust anchor, or a half-written one.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignerError } from '../../../../shared/errors.js';
import type { RootMetadata } from '../../../../shared/tuf/types.js';
import { rootFingerprint } from '../../../../main/core/trust/chain.js';
import { TrustStore } from '../../../../main/core/trust/trust-store.js';
import { freshKey, rootSigned, signedRoot } from '../../../helpers/review-keys.js';

const disk = vi.hoisted(() => ({ fullAfter: Infinity }));
vi.mock('../../../../main/core/platform/atomic-file.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../main/core/platform/atomic-file.js')>();
  return {
    ...real,
    writeFileAtomic: (...args: Parameters<typeof real.writeFileAtomic>) => {
      if (disk.fullAfter <= 0) throw new SignerError('OUTPUT_DISK_FULL', `no space left on the device to write ${args[0]}`);
      disk.fullAfter -= 1;
      real.writeFileAtomic(...args);
    },
  };
});

let first: RootMetadata, second: RootMetadata;
let dir: string;
let store: TrustStore;

beforeAll(async () => {
  const [a, b, c, d, online] = ['A', 'B', 'C', 'D', 'Online'].map((n) => freshKey(n)) as [ReturnType<typeof freshKey>, ReturnType<typeof freshKey>, ReturnType<typeof freshKey>, ReturnType<typeof freshKey>, ReturnType<typeof freshKey>];
  first = await signedRoot(rootSigned({ version: 1, root: [a, b], threshold: 2, online }), [a, b]);
  second = await signedRoot(rootSigned({ version: 1, root: [c, d], threshold: 2, online }), [c, d]);
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trust-faults-'));
  store = new TrustStore(join(dir, 'trust'));
  disk.fullAfter = Infinity;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('re-pinning when a write fails', () => {
  for (const failingWrite of [0, 1]) {
    it(`keeps the old pin when write ${failingWrite + 1} of the new pin fails`, () => {
      store.pin('default', first, { confirmation: 'flag' });
      disk.fullAfter = failingWrite;
      expect(() => store.pin('default', second, { confirmation: 'flag', repin: true })).toThrow(expect.objectContaining({ code: 'OUTPUT_DISK_FULL' }));
      disk.fullAfter = Infinity;
      expect(store.load('default')?.index.pinned.sha256).toBe(rootFingerprint(first));
      expect(store.repositories()).toEqual(['default']);
      // Nothing half-written is left where a repository could be taken from.
      expect(readdirSync(store.dir).filter((n) => !n.startsWith('.'))).toEqual(['default']);
    });
  }

  it('a first pin that fails leaves no repository behind, and can be retried', () => {
    disk.fullAfter = 1;
    expect(() => store.pin('default', first, { confirmation: 'flag' })).toThrow(expect.objectContaining({ code: 'OUTPUT_DISK_FULL' }));
    disk.fullAfter = Infinity;
    expect(store.repositories()).toEqual([]);
    store.pin('default', first, { confirmation: 'flag' });
    expect(store.load('default')?.index.pinned.sha256).toBe(rootFingerprint(first));
  });
});
