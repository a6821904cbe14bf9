// How many artifacts a targets role holds and what happens to them, per top-level path group, so a
// 100,000-artifact role reads as a few lines ("production/: 120 added, 3 removed") before any list.
import type { ArtifactOverview as Overview } from '../../../../shared/review/types.js';
import { FileText } from '../../components/FileText.js';
import { formatCount as n } from './count.js';

const GROUPS_SHOWN = 20;

export function ArtifactOverview({ role, version, overview }: { role: string; version: number; overview: Overview }) {
  const { counts } = overview;
  const groups = overview.groups.slice(0, GROUPS_SHOWN);
  return (
    <div className="stack" data-testid="artifact-overview">
      <p>
        <strong>
          {n(overview.total)} {overview.total === 1 ? 'artifact' : 'artifacts'} in <FileText text={role} /> v{version}.
        </strong>{' '}
        {overview.compared
          ? `${n(counts.added)} added, ${n(counts.removed)} removed, ${n(counts.modified)} modified, ${n(counts.unchanged)} unchanged since the trusted version.`
          : 'There is no trusted version to compare with, so every artifact counts as new.'}
      </p>
      {groups.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Artifact counts of {role} per path group</caption>
            <thead>
              <tr>
                <th scope="col">Path group</th>
                <th scope="col">Added</th>
                <th scope="col">Removed</th>
                <th scope="col">Modified</th>
                <th scope="col">Unchanged</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.group}>
                  <th scope="row" className="mono">
                    <FileText text={g.group} />
                  </th>
                  <td>{n(g.added)}</td>
                  <td>{n(g.removed)}</td>
                  <td>{n(g.modified)}</td>
                  <td>{n(g.unchanged)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {overview.groups.length > GROUPS_SHOWN ? <p className="muted">…and {n(overview.groups.length - GROUPS_SHOWN)} more path groups.</p> : null}
      {overview.changesNotListed > 0 ? <p className="muted">{n(overview.changesNotListed)} more artifact changes are not listed below.</p> : null}
    </div>
  );
}
