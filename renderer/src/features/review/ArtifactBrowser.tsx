// Browse a targets role's artifacts page by page (main sends one page at a time), the changed ones
// or all of them, optionally only one kind of change: a 100,000-artifact role stays readable.
import { useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { ArtifactList } from '../../../../shared/ipc/schemas.js';
import { useStores } from '../../stores/context.js';
import type { ArtifactQuery } from '../../stores/review.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Progress } from '../../components/Progress.js';
import { shortHex } from '../../components/format.js';
import { FileText, fileText } from '../../components/FileText.js';
import { formatCount as n } from './count.js';

const STATUS_WORDS = { added: 'new', removed: 'removed', modified: 'changed', unchanged: 'unchanged' } as const;

type Entry = ArtifactList['entries'][number];
const sha = (f: Entry['from']) => (f ? (f.hashes.sha256 ?? Object.values(f.hashes)[0] ?? '') : '');

function sizeAndHash(e: Entry): string {
  if (e.status === 'modified' && e.from && e.to) {
    const parts = [];
    if (e.from.length !== e.to.length) parts.push(`${n(e.from.length)} → ${n(e.to.length)} bytes`);
    if (sha(e.from) !== sha(e.to)) parts.push(`sha256 ${shortHex(sha(e.from), 12)} → ${shortHex(sha(e.to), 12)}`);
    return parts.join(', ') || 'other fields changed';
  }
  const f = e.to ?? e.from;
  return f ? `${n(f.length)} bytes, sha256 ${shortHex(sha(f), 12)}` : '';
}

export function ArtifactBrowser({ role, compared }: { role: string; compared: boolean }) {
  const { review } = useStores();
  const view = useStore(review, (s) => s.artifacts[role]);
  const includeId = useId();
  const statusId = useId();
  const browse = (query: ArtifactQuery) => void review.getState().browseArtifacts(role, query);
  const open = view !== undefined;
  const regionId = `${includeId}-list`;
  const [search, setSearch] = useState('');
  const [jump, setJump] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);

  if (!open) {
    return (
      <button type="button" aria-expanded={false} aria-controls={regionId} onClick={() => browse({ page: 1, include: compared ? 'changes' : 'all' })}>
        Browse the artifacts of <FileText text={role} />
      </button>
    );
  }
  const { query, list } = view;
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    browse({ ...query, page: 1, query: search.trim() || undefined });
  };
  const onJump = (e: FormEvent) => {
    e.preventDefault();
    const pages = list?.pages ?? 1;
    const page = /^\s*\d+\s*$/.test(jump) ? Number(jump) : NaN;
    if (!Number.isSafeInteger(page) || page < 1 || page > pages) {
      setJumpError(`Give a page number from 1 to ${n(pages)}.`);
      (e.currentTarget as HTMLFormElement).querySelector('input')?.focus();
      return;
    }
    setJumpError(null);
    browse({ ...query, page });
  };
  return (
    <div className="stack" id={regionId}>
      <button type="button" aria-expanded={true} aria-controls={regionId} onClick={() => review.getState().closeArtifacts(role)}>
        Hide the artifact list
      </button>
      <div className="row">
        <div className="field">
          <label htmlFor={includeId}>Show</label>
          <select id={includeId} value={query.include} onChange={(e) => browse({ page: 1, include: e.target.value as ArtifactQuery['include'], status: query.status, query: query.query })}>
            <option value="changes">Only what changes</option>
            <option value="all">Every artifact</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={statusId}>Kind</label>
          <select
            id={statusId}
            value={query.status ?? ''}
            onChange={(e) => browse({ page: 1, include: query.include, status: (e.target.value || undefined) as ArtifactQuery['status'], query: query.query })}
          >
            <option value="">Any</option>
            <option value="added">New</option>
            <option value="removed">Removed</option>
            <option value="modified">Changed</option>
            <option value="unchanged">Unchanged</option>
          </select>
        </div>
        <form className="row" role="search" aria-label={`Search the artifacts of ${fileText(role)}`} onSubmit={onSearch}>
          <div className="field">
            <label htmlFor={`${includeId}-search`}>Path contains</label>
            <input id={`${includeId}-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} maxLength={1024} spellCheck={false} autoComplete="off" />
          </div>
          <button type="submit">Search</button>
          {query.query ? (
            <button
              type="button"
              onClick={() => {
                setSearch('');
                browse({ ...query, page: 1, query: undefined });
              }}
            >
              Show all paths
            </button>
          ) : null}
        </form>
      </div>
      {view.loading && !list ? <Progress label="Loading artifacts" /> : null}
      <ErrorNotice error={view.error} title="The artifacts could not be listed" />
      {list ? (
        <>
          {list.entries.length === 0 ? (
            <p className="muted">No artifact matches.</p>
          ) : (
            <div className="table-wrap">
              <table aria-label={`Artifacts of ${fileText(role)}, page ${list.page} of ${list.pages}`}>
                <thead>
                  <tr>
                    <th scope="col">Path</th>
                    <th scope="col">What happens</th>
                    <th scope="col">Size and hash</th>
                  </tr>
                </thead>
                <tbody>
                  {list.entries.map((e) => (
                    <tr key={e.path}>
                      <td className="mono">
                        <FileText text={e.path} />
                      </td>
                      <td>{STATUS_WORDS[e.status]}</td>
                      <td className="mono">{sizeAndHash(e)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="pager">
            <button type="button" disabled={list.page <= 1 || view.loading} onClick={() => browse({ ...query, page: list.page - 1 })}>
              Previous page
            </button>
            <span role="status">
              Page {n(list.page)} of {n(list.pages)} ({n(list.totalEntries)} {list.totalEntries === 1 ? 'artifact' : 'artifacts'}
              {query.query ? (
                <>
                  {' '}
                  whose path contains “<FileText text={query.query} />”
                </>
              ) : null}
              )
            </span>
            <button type="button" disabled={list.page >= list.pages || view.loading} onClick={() => browse({ ...query, page: list.page + 1 })}>
              Next page
            </button>
            {list.pages > 1 ? (
              <form className="row" onSubmit={onJump} aria-label="Go to a page" noValidate>
                <label htmlFor={`${includeId}-jump`}>Go to page</label>
                <input
                  id={`${includeId}-jump`}
                  type="number"
                  min={1}
                  max={list.pages}
                  value={jump}
                  onChange={(e) => setJump(e.target.value)}
                  aria-invalid={jumpError ? true : undefined}
                  aria-describedby={jumpError ? `${includeId}-jump-error` : undefined}
                  className="page-jump"
                />
                <button type="submit">Go</button>
                {jumpError ? (
                  <span className="field-error" id={`${includeId}-jump-error`}>
                    {jumpError}
                  </span>
                ) : null}
              </form>
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
