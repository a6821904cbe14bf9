// Artifact changes of a targets role in two steps, so a 100,000-artifact delegated role reaches
// the Review screen fast: one counting pass (totals and counts per top path segment, which the
// first render shows) allocates no entry, and the sorted, paged lists are built only when a page
// or the listed changes are asked for (docs/performance.md).

import { canonicalize } from '../tuf/canonical.js';
import { ownKeys } from '../tuf/frozen-keys.js';
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
  /** Added, removed and modified entries, sorted by path; built on first access. */
  readonly changed: ArtifactEntry[];
  /** The first `limit` entries of `changed` (same order), without sorting every change. */
  firstChanges: (limit: number) => ArtifactEntry[];
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
const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

const STATUS_CODES: readonly ArtifactStatus[] = ['added', 'removed', 'modified'];

/** The `limit` smallest paths of `paths` in order, in one pass (for a short list out of many). */
function smallestPaths(paths: readonly string[], limit: number): string[] {
  const best: string[] = [];
  for (const path of paths) {
    if (best.length === limit && !(path < (best[limit - 1] as string))) continue;
    let at = best.length === limit ? limit - 1 : best.length;
    if (best.length === limit) best.pop();
    while (at > 0 && path < (best[at - 1] as string)) at--;
    best.splice(at, 0, path);
  }
  return best;
}

/**
 * Compares `pending` with `trusted` (undefined when there is no trusted version: everything is
 * then "added" and `compared` is false).
 */
export function buildArtifactIndex(pending: Record<string, TufTargetFile> | undefined, trusted: Record<string, TufTargetFile> | undefined): ArtifactIndex {
  const now = pending ?? {};
  const base = trusted ?? {};
  const counts = emptyCounts();
  const groups = new Map<string, ArtifactGroup>();
  // When comparing with a trusted version: paths of changed artifacts with their status (index
  // into STATUS_CODES), and unchanged paths; without one, every pending path is a change (added).
  // Strings the parsed document already holds, so the counting pass allocates almost nothing.
  const comparedPaths: string[] = [];
  const changedStatus: number[] = [];
  const unchangedPaths: string[] = [];
  // Paths of one role usually share a few top segments: reuse the last group without slicing.
  let lastPrefix = '';
  let lastGroup: ArtifactGroup | undefined;
  const groupFor = (path: string): ArtifactGroup => {
    if (lastGroup !== undefined && lastPrefix !== '' && path.startsWith(lastPrefix)) return lastGroup;
    const name = groupOf(path);
    let g = groups.get(name);
    if (!g) {
      g = { group: name, ...emptyCounts() };
      groups.set(name, g);
    }
    lastGroup = g;
    lastPrefix = name === TOP_LEVEL_GROUP ? '' : name;
    return g;
  };
  const bump = (path: string, status: ArtifactStatus): void => {
    groupFor(path)[status]++;
    counts[status]++;
  };

  // The pending role's paths: remembered when its map was checked and frozen on import.
  const paths = ownKeys(now);
  const total = paths.length;
  // Without a trusted version (or an empty one) every artifact is added: no lookups needed.
  const baseKeys = trusted === undefined ? [] : ownKeys(trusted);
  const hasBase = baseKeys.length > 0;
  if (!hasBase) {
    for (let i = 0; i < total; i++) bump(paths[i] as string, 'added');
  }
  for (let i = 0; hasBase && i < total; i++) {
    const path = paths[i] as string;
    if (!hasOwn(base, path)) {
      bump(path, 'added');
      comparedPaths.push(path);
      changedStatus.push(0);
    } else if (sameFile(base[path] as TufTargetFile, now[path] as TufTargetFile)) {
      bump(path, 'unchanged');
      unchangedPaths.push(path);
    } else {
      bump(path, 'modified');
      comparedPaths.push(path);
      changedStatus.push(2);
    }
  }
  for (const path of baseKeys) {
    if (hasOwn(now, path)) continue;
    bump(path, 'removed');
    comparedPaths.push(path);
    changedStatus.push(1);
  }

  const changedPaths: readonly string[] = hasBase ? comparedPaths : paths;
  const entryOf = (path: string, status: ArtifactStatus): ArtifactEntry => {
    const group = groupOf(path);
    if (status === 'added' || status === 'unchanged') return { path, status, group, to: summarize(path, now[path]) };
    if (status === 'removed') return { path, status, group, from: summarize(path, base[path]) };
    return { path, status, group, from: summarize(path, base[path]), to: summarize(path, now[path]) };
  };

  let changedEntries: ArtifactEntry[] | undefined;
  const changed = (): ArtifactEntry[] => {
    // All added (nothing to compare with): sort the path strings natively (same UTF-16 order as
    // compareText), then make the entries, instead of sorting entries with a comparator.
    changedEntries ??= hasBase
      ? changedPaths.map((path, i) => entryOf(path, STATUS_CODES[changedStatus[i] ?? 0] as ArtifactStatus)).sort(byPath)
      : [...changedPaths].sort().map((path) => entryOf(path, 'added'));
    return changedEntries;
  };
  const firstChanges = (limit: number): ArtifactEntry[] => {
    const wanted = Math.max(0, Math.floor(limit));
    // Sorting everything pays off once many entries are wanted (the selection inserts into a list).
    if (changedEntries || wanted >= changedPaths.length || wanted > 1000) return changed().slice(0, wanted);
    if (wanted === 0) return [];
    // A path is in at most one of pending/trusted-only/both, so its status follows from where it is.
    return smallestPaths(changedPaths, wanted).map((path) => entryOf(path, !hasOwn(now, path) ? 'removed' : hasOwn(base, path) ? 'modified' : 'added'));
  };

  let allEntries: ArtifactEntry[] | undefined;
  const all = (): ArtifactEntry[] => {
    if (!allEntries) {
      if (unchangedPaths.length === 0 && counts.removed === 0) {
        allEntries = changed();
      } else {
        const rest = unchangedPaths.map((path) => entryOf(path, 'unchanged'));
        allEntries = [...changed().filter((e) => e.status !== 'removed'), ...rest].sort(byPath);
      }
    }
    return allEntries;
  };

  return {
    total,
    counts,
    groups: [...groups.values()].sort((a, b) => compareText(a.group, b.group)),
    get changed() {
      return changed();
    },
    firstChanges,
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
  /** Only paths containing this text (case ignored). */
  query?: string;
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
  const needle = request.query?.toLowerCase();
  if (needle) list = list.filter((e) => e.path.toLowerCase().includes(needle));
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
