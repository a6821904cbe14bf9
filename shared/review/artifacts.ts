// Artifact changes of a targets role, built once in linear time (one Map of the trusted version,
// one pass over each side) plus one sort, so a 100,000-artifact delegated role stays fast and
// readable: counts per top path segment first, then a paged list.

import { canonicalize } from '../tuf/canonical.js';
import type { TufTargetFile } from '../tuf/types.js';
import type { ArtifactChange, ArtifactCounts, ArtifactGroup, ArtifactStatus, ArtifactSummary } from './types.js';

export const TOP_LEVEL_GROUP = '(top level)';

export interface ArtifactEntry {
  path: string;
  status: ArtifactStatus;
  group: string;
  from?: ArtifactSummary;
  to?: ArtifactSummary;
}

export interface ArtifactIndex {
  total: number;
  counts: ArtifactCounts;
  groups: ArtifactGroup[];
  /** Added, removed and modified entries, sorted by path. */
  changed: ArtifactEntry[];
  /** Every pending artifact (unchanged ones too), sorted by path; built lazily. */
  all: () => ArtifactEntry[];
  compared: boolean;
}

export function groupOf(path: string): string {
  const slash = path.indexOf('/');
  return slash <= 0 ? TOP_LEVEL_GROUP : `${path.slice(0, slash)}/`;
}

function summarize(path: string, file: TufTargetFile | undefined): ArtifactSummary {
  return { path, length: typeof file?.length === 'number' ? file.length : -1, hashes: { ...(file?.hashes ?? {}) } };
}

function sameFile(a: TufTargetFile, b: TufTargetFile): boolean {
  if (a.length !== b.length) return false;
  const ha = a.hashes ?? {};
  const hb = b.hashes ?? {};
  const keysA = Object.keys(ha);
  if (keysA.length !== Object.keys(hb).length) return false;
  for (const k of keysA) if (ha[k] !== hb[k]) return false;
  // custom metadata is signed too: a change there is a modification (key order is not a change).
  if (a.custom === undefined && b.custom === undefined) return true;
  try {
    return canonicalize(a.custom ?? null) === canonicalize(b.custom ?? null);
  } catch {
    return JSON.stringify(a.custom ?? null) === JSON.stringify(b.custom ?? null);
  }
}

const emptyCounts = (): ArtifactCounts => ({ added: 0, removed: 0, modified: 0, unchanged: 0 });
// Display order only (UTF-16 order is fine here and much faster than code-point iteration).
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byPath = (a: ArtifactEntry, b: ArtifactEntry): number => compareText(a.path, b.path);

/**
 * Compares `pending` with `trusted` (undefined when there is no trusted version: everything is
 * then "added" and `compared` is false).
 */
export function buildArtifactIndex(pending: Record<string, TufTargetFile> | undefined, trusted: Record<string, TufTargetFile> | undefined): ArtifactIndex {
  const now = pending ?? {};
  const before = new Map<string, TufTargetFile>(Object.entries(trusted ?? {}));
  const counts = emptyCounts();
  const groups = new Map<string, ArtifactGroup>();
  const changed: ArtifactEntry[] = [];
  const unchanged: string[] = [];
  const bump = (group: string, status: ArtifactStatus): void => {
    let g = groups.get(group);
    if (!g) {
      g = { group, ...emptyCounts() };
      groups.set(group, g);
    }
    g[status]++;
    counts[status]++;
  };

  let total = 0;
  for (const [path, file] of Object.entries(now)) {
    total++;
    const group = groupOf(path);
    const old = before.get(path);
    if (old === undefined) {
      bump(group, 'added');
      changed.push({ path, status: 'added', group, to: summarize(path, file) });
    } else {
      before.delete(path);
      if (sameFile(old, file)) {
        bump(group, 'unchanged');
        unchanged.push(path);
      } else {
        bump(group, 'modified');
        changed.push({ path, status: 'modified', group, from: summarize(path, old), to: summarize(path, file) });
      }
    }
  }
  for (const [path, file] of before) {
    const group = groupOf(path);
    bump(group, 'removed');
    changed.push({ path, status: 'removed', group, from: summarize(path, file) });
  }
  changed.sort(byPath);

  let allEntries: ArtifactEntry[] | undefined;
  const all = (): ArtifactEntry[] => {
    if (!allEntries) {
      const rest = unchanged.map((path): ArtifactEntry => ({ path, status: 'unchanged', group: groupOf(path), to: summarize(path, now[path]) }));
      allEntries = [...changed.filter((e) => e.status !== 'removed'), ...rest].sort(byPath);
    }
    return allEntries;
  };

  return {
    total,
    counts,
    groups: [...groups.values()].sort((a, b) => compareText(a.group, b.group)),
    changed,
    all,
    compared: trusted !== undefined,
  };
}

export interface ArtifactPageRequest {
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Only this top path segment (as in ArtifactGroup.group). */
  group?: string;
  /** Which entries: the changes (default), or every pending artifact. */
  include?: 'changes' | 'all';
  status?: ArtifactStatus;
}

export interface ArtifactPage {
  page: number;
  pageSize: number;
  pages: number;
  totalEntries: number;
  entries: ArtifactEntry[];
}

export function artifactPage(index: ArtifactIndex, request: ArtifactPageRequest): ArtifactPage {
  const pageSize = Math.max(1, Math.min(10_000, Math.floor(request.pageSize)));
  let list = request.include === 'all' ? index.all() : index.changed;
  if (request.group !== undefined || request.status !== undefined) {
    list = list.filter((e) => (request.group === undefined || e.group === request.group) && (request.status === undefined || e.status === request.status));
  }
  const pages = Math.max(1, Math.ceil(list.length / pageSize));
  const page = Math.min(Math.max(1, Math.floor(request.page)), pages);
  return { page, pageSize, pages, totalEntries: list.length, entries: list.slice((page - 1) * pageSize, page * pageSize) };
}

export function artifactChangeOf(e: ArtifactEntry): ArtifactChange {
  switch (e.status) {
    case 'added':
      return { type: 'artifact-added', path: e.path, ...(e.to ? { to: e.to } : {}), message: `New artifact ${e.path} (${e.to?.length ?? '?'} bytes).` };
    case 'removed':
      return { type: 'artifact-removed', path: e.path, ...(e.from ? { from: e.from } : {}), message: `Artifact ${e.path} is removed.` };
    default: {
      const what: string[] = [];
      if (e.from?.length !== e.to?.length) what.push(`length ${e.from?.length} -> ${e.to?.length} bytes`);
      const fromHashes = e.from?.hashes ?? {};
      const toHashes = e.to?.hashes ?? {};
      for (const alg of new Set([...Object.keys(fromHashes), ...Object.keys(toHashes)])) {
        if (fromHashes[alg] !== toHashes[alg]) what.push(`${alg} ${(fromHashes[alg] ?? 'none').slice(0, 12)} -> ${(toHashes[alg] ?? 'none').slice(0, 12)}`);
      }
      if (what.length === 0) what.push('custom metadata changed');
      return { type: 'artifact-modified', path: e.path, ...(e.from ? { from: e.from } : {}), ...(e.to ? { to: e.to } : {}), message: `Artifact ${e.path} is modified: ${what.join(', ')}.` };
    }
  }
}
