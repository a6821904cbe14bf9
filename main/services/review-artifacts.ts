// signer:review.artifacts: one page of a
// targets role's artifacts, so a 100,000-artifact role is browsed page by page instead of crossing
// IPC whole. Plain Node; the request was parsed by the dispatcher (ArtifactListRequestSchema).

import { SignerError } from '../../shared/errors.js';
import type { ArtifactList, ArtifactListRequest } from '../../shared/ipc/schemas.js';
import { artifactIndexFor, reviewArtifactPage, type ArtifactIndex } from '../../shared/review/index.js';
import type { PendingRole, RstufDocument } from '../../shared/tuf/documents.js';
import type { TufMetadata } from '../../shared/tuf/types.js';

// One index per pending metadata object (a new signature makes a new object) and comparison base,
// built on first use: the artifact browser asks for page after page.
const indexes = new WeakMap<object, WeakMap<object, ArtifactIndex>>();
const NOTHING_TO_COMPARE = {};

function indexOf(doc: RstufDocument, role: PendingRole, previous: TufMetadata | undefined): ArtifactIndex {
  // The trusted version of the top-level targets role travels in the document; a delegated role's
  // does not: it is the version the holder brought (checked), or nothing (every artifact counts as
  // added), as in review.get.
  const trusted = role.name === 'targets' ? doc.trustedTargets : previous;
  let byBase = indexes.get(role.metadata);
  if (!byBase) indexes.set(role.metadata, (byBase = new WeakMap()));
  let index = byBase.get(trusted ?? NOTHING_TO_COMPARE);
  if (!index) {
    index = artifactIndexFor({ metadata: role.metadata, ...(trusted ? { trusted } : {}) });
    byBase.set(trusted ?? NOTHING_TO_COMPARE, index);
  }
  return index;
}

/** `previous`: current versions of delegated roles the holder brought, by role name. */
export function artifactList(doc: RstufDocument, displayName: string, req: ArtifactListRequest, previous: Record<string, TufMetadata> = {}): ArtifactList {
  const role = doc.pending.find((p) => p.name === req.role);
  if (!role) throw new SignerError('ROLE_NOT_FOUND', `no role "${req.role}" is pending signature in ${displayName} (pending: ${doc.pending.map((p) => p.name).join(', ') || 'none'})`);
  if (role.metadata.signed._type !== 'targets') throw new SignerError('ROLE_NOT_FOUND', `${req.role} is ${String(role.metadata.signed._type)} metadata, which lists no artifacts`);
  const index = indexOf(doc, role, previous[role.name]);
  const page = reviewArtifactPage(index, {
    page: req.page,
    pageSize: req.pageSize,
    include: req.include,
    ...(req.group !== undefined ? { group: req.group } : {}),
    ...(req.status !== undefined ? { status: req.status } : {}),
    ...(req.query !== undefined ? { query: req.query } : {}),
  });
  const file = (f: { length: number; hashes: Record<string, string> } | undefined) => (f ? { length: f.length, hashes: { ...f.hashes } } : null);
  return {
    role: role.name,
    page: page.page,
    pageSize: page.pageSize,
    pages: page.pages,
    totalEntries: page.totalEntries,
    compared: index.compared,
    entries: page.entries.map((e) => ({ path: e.path, status: e.status, group: e.group, from: file(e.from), to: file(e.to) })),
  };
}
