// A token's health under its name in the token list: the one-line summary, then the notes that
// need reading (EUCLEAK on old YubiKey firmware, firmware unknown); slot and PIN lines on request.
import type { TokenInfo } from '../../../../shared/ipc/schemas.js';
import { FileText } from '../../components/FileText.js';

const NOTICE_CLASS = { danger: 'notice error', warning: 'notice warning', info: 'muted' } as const;

export function TokenHealthNotes({ health }: { health: TokenInfo['health'] }) {
  if (!health) return null;
  const urgent = health.notes.filter((n) => n.level !== 'info');
  const details = health.notes.filter((n) => n.level === 'info' && health.known);
  return (
    <div data-testid="token-health">
      <span className="muted">
        Health: <FileText text={health.summary} />
      </span>
      {urgent.map((n, i) => (
        <p key={i} className={NOTICE_CLASS[n.level]} role={n.level === 'danger' ? 'alert' : undefined}>
          <FileText text={n.message} />
        </p>
      ))}
      {details.length > 0 ? (
        <details>
          <summary>Slots and PIN policy</summary>
          <ul>
            {details.map((n, i) => (
              <li key={i}>
                <FileText text={n.message} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
