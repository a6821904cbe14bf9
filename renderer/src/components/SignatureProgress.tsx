// "2 of 3: JanisJoplin ✓, JimiHendrix ✓, JoeCocker missing", once per authorizer (for a root
// update: the trusted root's threshold and the new root's). A Sigstore key is named by identity and
// issuer and signs elsewhere; a delegation with no key ids is signed online by RSTUF's online key.
// The words are the CLI's (shared/review/words.ts).
import type { ThresholdReview } from '../../../shared/ipc/schemas.js';
import { describeSigner, ONLINE_KEY_SIGNS, SIGNED_ONLINE } from '../../../shared/review/words.js';
import { FileText } from './FileText.js';

const STATE_WORDS = { valid: '✓', invalid: 'signature does not verify', missing: 'missing' } as const;

type Signer = ThresholdReview['signers'][number];

/** What follows a signer's name: "✓", "missing", or ": Sigstore identity … signs elsewhere (online, not from this laptop)". */
function stateWords(s: Signer): string {
  if (s.state === 'elsewhere') return `: ${describeSigner(s.signsElsewhere ?? { identity: '', issuer: '' })}`;
  return ` ${STATE_WORDS[s.state]}`;
}

export function signatureLine(t: ThresholdReview): string {
  if (t.onlineKeySigns) return `${SIGNED_ONLINE}: ${ONLINE_KEY_SIGNS}`;
  const signers = t.signers.map((s) => `${s.name}${stateWords(s)}`).join(', ');
  return `${t.signedCount} of ${t.required}${signers ? `: ${signers}` : ''}`;
}

export function SignatureProgress({ thresholds }: { thresholds: ThresholdReview[] }) {
  if (thresholds.length === 0) return <p className="muted">No signature requirements are known for this role.</p>;
  return (
    <ul className="changes" aria-label="Signature progress">
      {thresholds.map((t) =>
        t.onlineKeySigns ? (
          <li key={t.label} className="sig-progress">
            <span className="badge ok">{SIGNED_ONLINE}</span>{' '}
            <strong>
              <FileText text={t.label} />:
            </strong>{' '}
            {ONLINE_KEY_SIGNS}
          </li>
        ) : (
          <li key={t.label} className="sig-progress">
            <span className={t.met ? 'badge ok' : 'badge warn'}>{t.met ? 'threshold met' : 'needs more signatures'}</span>{' '}
            <strong>
              <FileText text={t.label} />:
            </strong>{' '}
            {t.signedCount} of {t.required}
            {t.signers.length ? ': ' : ''}
            {t.signers.map((s, i) => (
              <span key={s.keyid + s.name}>
                {i > 0 ? ', ' : ''}
                <span className={`sig-${s.state}`}>
                  <FileText text={s.name} />
                  {/* A Sigstore identity and issuer come from the file: drawn as file text. */}
                  {s.state === 'elsewhere' ? <FileText text={stateWords(s)} /> : stateWords(s)}
                </span>
              </span>
            ))}
          </li>
        ),
      )}
    </ul>
  );
}
