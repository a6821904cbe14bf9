// What a root says, whole: who holds each role and how many of them must sign. Shown for every root
// under review, so a bootstrap root (which has nothing to be compared with) is still reviewed in full.
import type { RootOverview as Overview } from '../../../../shared/review/types.js';
import { shortHex } from '../../components/format.js';

export function RootOverview({ version, overview }: { version: number; overview: Overview }) {
  return (
    <div className="stack" data-testid="root-overview">
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Roles of root v{version}: threshold and keys</caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Signatures required</th>
              <th scope="col">Keys</th>
            </tr>
          </thead>
          <tbody>
            {overview.roles.map((r) => (
              <tr key={r.role}>
                <th scope="row">{r.role}</th>
                <td>
                  {r.threshold} of {r.keys.length}
                </td>
                <td>{r.keys.map((k) => k.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overview.onlineKey ? (
        <p>
          Online key: <strong>{overview.onlineKey.name}</strong> <span className="mono muted">{shortHex(overview.onlineKey.keyid)}</span> ({overview.onlineKey.scheme})
          {overview.onlineKey.onlineKeyUri ? (
            <>
              {' '}
              at <span className="mono">{overview.onlineKey.onlineKeyUri}</span>
            </>
          ) : null}
        </p>
      ) : null}
      <details>
        <summary>All {overview.keys.length} keys in this root</summary>
        <ul className="changes">
          {overview.keys.map((k) => (
            <li key={k.keyid}>
              {k.name} <span className="mono muted">{shortHex(k.keyid, 16)}</span> {k.keytype}/{k.scheme}: {k.roles.join(', ') || 'no role'}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
