// "2 of 3: JanisJoplin ✓, JimiHendrix ✓, JoeCocker missing", once per authorizer (for a root
// update: the trusted root's threshold and the new root's).
import type { ThresholdReview } from '../../../shared/ipc/schemas.js';
import { FileText } from './FileText.js';

const STATE_WORDS = { valid: '✓', invalid: 'signature does not verify', missing: 'missing' } as const;

export function signatureLine(t: ThresholdReview): string {
  const signers = t.signers.map((s) => (s.state === 'valid' ? `${s.name} ✓` : `${s.name} ${STATE_WORDS[s.state]}`)).join(', ');
  return `${t.signedCount} of ${t.required}${signers ? `: ${signers}` : ''}`;
}

export function SignatureProgress({ thresholds }: { thresholds: ThresholdReview[] }) {
  if (thresholds.length === 0) return <p className="muted">No signature requirements are known for this role.</p>;
  return (
    <ul className="changes" aria-label="Signature progress">
      {thresholds.map((t) => (
        <li key={t.label} className="sig-progress">
          <span className={t.met ? 'badge ok' : 'badge warn'}>{t.met ? 'threshold met' : 'needs more signatures'}</span>{' '}
          <strong>
            <FileText text={t.label} />:
          </strong> {t.signedCount} of {t.required}
          {t.signers.length ? ': ' : ''}
          {t.signers.map((s, i) => (
            <span key={s.keyid + s.name}>
              {i > 0 ? ', ' : ''}
              <span className={`sig-${s.state}`}>
                <FileText text={s.name} /> {STATE_WORDS[s.state]}
              </span>
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}
