// The trust store on Home: the pinned root and its expiry, and pinning one (first pin or a newer root)
// only after looking at it and confirming its fingerprint out of band.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Fingerprint } from '../../components/Fingerprint.js';
import { describeExpiry } from '../../components/format.js';
import { RootOverview } from '../review/RootOverview.js';
import { useFocusOn } from '../../components/focus.js';
import { FileText } from '../../components/FileText.js';

const RELATION_WORDS = {
  'first-pin': 'Nothing is pinned yet. Compare this fingerprint with the other key holders (out of band) before pinning.',
  verified: 'This root is signed by a threshold of the pinned root’s keys: it continues the chain you trust.',
  unverified: 'This root is NOT provably from the pinned root. Pin it only if you know why.',
  same: 'This is the root that is already pinned.',
  older: 'This root is older than the pinned one; pinning it would roll back.',
} as const;

export function TrustCard() {
  const { trust } = useStores();
  const t = useStore(trust);
  const [confirmed, setConfirmed] = useState(false);
  const [acceptWarnings, setAcceptWarnings] = useState(false);

  useEffect(() => {
    void trust.getState().load();
  }, [trust]);

  const pinned = t.state?.pinned ?? null;
  const candidate = t.candidate;
  // Focus follows the trust store: onto the candidate when one is chosen, onto the pinned root once
  // it is pinned, onto the error when something fails; back to "Pin a root…" after Cancel.
  const candidateRef = useFocusOn<HTMLHeadingElement>(candidate?.candidateId);
  const [justPinned, setJustPinned] = useState(0);
  const pinnedRef = useFocusOn<HTMLDListElement>(justPinned || null);
  const [dismissed, setDismissed] = useState(0);
  const chooseRef = useFocusOn<HTMLButtonElement>(dismissed || null);
  return (
    <section className="card" aria-labelledby="trust-heading">
      <h2 id="trust-heading">Trust store</h2>
      {pinned ? (
        <dl className="facts" ref={pinnedRef} tabIndex={-1} aria-label="Pinned root">
          <dt>Pinned root</dt>
          <dd>
            version {pinned.version} (from <FileText text={pinned.sourceName} />)
          </dd>
          <dt>Expires</dt>
          <dd>{describeExpiry(pinned.expires)}</dd>
          <dt>Root keys</dt>
          <dd>
            {pinned.threshold} of {pinned.keys.length}: <FileText text={pinned.keys.map((k) => k.name).join(', ')} />
          </dd>
        </dl>
      ) : (
        <p>No root is pinned yet. Reviews can check signatures only against the root inside each bundle until you pin one.</p>
      )}
      {pinned ? <Fingerprint hex={pinned.fingerprint} label="Pinned root fingerprint" /> : null}
      {!candidate ? (
        <button
          type="button"
          ref={chooseRef}
          // Closed without a choice: focus comes back here (the button was disabled meanwhile).
          onClick={() => void trust.getState().preview({ from: 'dialog' }).then(() => !trust.getState().candidate && !trust.getState().error && setDismissed((n) => n + 1))}
          disabled={t.busy}
        >
          {pinned ? 'Pin a newer root from a file…' : 'Pin a root from a file…'}
        </button>
      ) : (
        <div className="notice info" role="group" aria-label="Root to pin">
          <h3 className="notice-title" ref={candidateRef} tabIndex={-1}>
            Root version {candidate.root.version} from <FileText text={candidate.root.sourceName} />
          </h3>
          <p>{RELATION_WORDS[candidate.relation]}</p>
          <dl className="facts">
            <dt>Expires</dt>
            <dd>{describeExpiry(candidate.root.expires)}</dd>
          </dl>
          <RootOverview version={candidate.root.version} overview={candidate.overview} open />
          <Fingerprint
            hex={candidate.root.fingerprint}
            full
            label={`Compare this with the other key holders: the sha256 of root v${candidate.root.version}'s signed bytes (the root fingerprint that rstuf-signer trust pin and every holder's signer show). It is not a file's hash, which changes as signatures are added.`}
          />
          {candidate.warnings.map((w) => (
            <p key={w} className="field-error">
              Warning: <FileText text={w} />
            </p>
          ))}
          <label className="choice">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
            <span>I compared this fingerprint with the other key holders and it matches.</span>
          </label>
          {candidate.warnings.length > 0 ? (
            <label className="choice">
              <input type="checkbox" checked={acceptWarnings} onChange={(e) => setAcceptWarnings(e.target.checked)} />
              <span>I have read the warnings and still want to pin this root.</span>
            </label>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={!confirmed || (candidate.warnings.length > 0 && !acceptWarnings) || t.busy}
              onClick={() =>
                void trust
                  .getState()
                  .pin(acceptWarnings)
                  .then((ok) => {
                    setConfirmed(false);
                    setAcceptWarnings(false);
                    if (ok) setJustPinned((n) => n + 1);
                  })
              }
            >
              Pin this root
            </button>
            <button
              type="button"
              onClick={() => {
                trust.getState().dismissCandidate();
                setDismissed((n) => n + 1);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      <ErrorNotice error={t.error} title="Trust store" focus />
    </section>
  );
}
