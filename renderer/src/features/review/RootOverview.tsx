// What a root says, whole: who holds each role and how many of them must sign. Shown for every root
// under review, so a bootstrap root (which has nothing to be compared with) is still reviewed in full.
import type { RootOverview as Overview } from '../../../../shared/review/types.js';
import { shortHex } from '../../components/format.js';
import { FileText } from '../../components/FileText.js';

export function RootOverview({ version, overview, open = false }: { version: number; overview: Overview; open?: boolean }) {
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
                <th scope="row">
                  <FileText text={r.role} />
                </th>
                <td>
                  {r.threshold} of {r.keys.length}
                </td>
                <td>
                  {r.keys.map((k, i) => (
                    <span key={k.keyid}>
                      {i > 0 ? ', ' : ''}
                      <FileText text={k.name} />
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overview.onlineKey ? (
        <p>
          Online key: <strong>
            <FileText text={overview.onlineKey.name} />
          </strong>{' '}
          <FileText className="mono muted" text={shortHex(overview.onlineKey.keyid)} /> (<FileText text={overview.onlineKey.scheme} />)
          {overview.onlineKey.onlineKeyUri ? (
            <>
              {' '}
              at <FileText className="mono" text={overview.onlineKey.onlineKeyUri} />
            </>
          ) : null}
        </p>
      ) : null}
      <details open={open}>
        <summary>All {overview.keys.length} keys in this root</summary>
        <ul className="changes">
          {overview.keys.map((k) => (
            <li key={k.keyid}>
              <FileText text={k.name} /> <FileText className="mono muted" text={shortHex(k.keyid, 16)} /> <FileText text={`${k.keytype}/${k.scheme}`} />:{' '}
              <FileText text={k.roles.join(', ') || 'no role'} />
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
