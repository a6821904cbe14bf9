// Review warnings, danger first, impossible to miss: a bold box with a heading and one sentence each.
import type { ReviewNotice } from '../../../shared/ipc/schemas.js';
import { FileText } from './FileText.js';

const ORDER = { danger: 0, warning: 1, info: 2 } as const;

export function sortNotices(notices: ReviewNotice[]): ReviewNotice[] {
  return [...notices].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

export function Notices({ notices, title }: { notices: ReviewNotice[]; title: string }) {
  const serious = sortNotices(notices).filter((n) => n.severity !== 'info');
  const info = notices.filter((n) => n.severity === 'info');
  return (
    <>
      {serious.length > 0 ? (
        <section className={`notice ${serious.some((n) => n.severity === 'danger') ? 'error' : 'warning'}`} aria-label={`Warnings for ${title}`}>
          <h2 className="notice-title">
            <FileText text={title} />: {serious.length} {serious.length === 1 ? 'warning' : 'warnings'} to read before signing
          </h2>
          <ul className="warnings-list">
            {serious.map((n, i) => (
              <li key={`${n.code}-${i}`}>
                <strong>{n.severity === 'danger' ? 'Danger: ' : 'Warning: '}</strong>
                <FileText text={n.message} /> <span className="error-code">({n.code})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {info.length > 0 ? (
        <div className="notice info">
          <ul className="warnings-list">
            {info.map((n, i) => (
              <li key={`${n.code}-${i}`}>
                <FileText text={n.message} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
