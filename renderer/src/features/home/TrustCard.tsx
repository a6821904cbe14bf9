// The trust store on Home: every pinned repository (root version, fingerprint, expiry), the one the
// workspace is reviewed against (the holder chooses; main remembers it), and pinning a root (first
// pin, a newer root, or a new repository) only after naming its repository, looking at it and
// confirming its fingerprint out of band.
import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { forgetTrustedState } from '../../stores/trust.js';
import type { PinnedRepository, TrustCandidate } from '../../../../shared/ipc/schemas.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Fingerprint, fingerprintGroups } from '../../components/Fingerprint.js';
import { describeExpiry } from '../../components/format.js';
import { RootOverview } from '../review/RootOverview.js';
import { useFocusOn } from '../../components/focus.js';
import { FileText } from '../../components/FileText.js';

/** What the candidate would do to the repository it was judged against. */
function relationWords(relation: TrustCandidate['relation'], repository: string): string {
  const repo = `repository “${repository}”`;
  switch (relation) {
    case 'first-pin':
      return `Nothing is pinned for ${repo} yet: pinning this root adds it. Compare this fingerprint with the other key holders (out of band) before pinning.`;
    case 'verified':
      return `This root is signed by a threshold of the keys of the root pinned for ${repo}: it continues the chain you trust.`;
    case 'unverified':
      return `This root is NOT provably from the root pinned for ${repo}. Pinning it replaces that trust anchor; pin it only if you know why.`;
    case 'same':
      return `This is the root already pinned for ${repo}.`;
    case 'older':
      return `This root is not newer than the root pinned for ${repo}; pinning it would replace that trust anchor with an older or different root.`;
  }
}

export function TrustCard() {
  const stores = useStores();
  const { trust } = stores;
  const t = useStore(trust);
  const [confirmed, setConfirmed] = useState(false);
  const [acceptWarnings, setAcceptWarnings] = useState(false);
  const nameId = useId();
  const [name, setName] = useState('');

  useEffect(() => {
    void trust.getState().load();
  }, [trust]);

  const pinned = t.state?.pinned ?? null;
  const repositories = t.state?.repositories ?? [];
  const inUse = t.state?.repository ?? null;
  const candidate = t.candidate;
  // The name field starts at the repository main judged the root against.
  const judgedFor = candidate?.repository ?? 'default';
  useEffect(() => {
    setName(judgedFor);
    // Warnings change with the repository: accepting them is asked again.
    setAcceptWarnings(false);
  }, [candidate?.candidateId, judgedFor]);
  const renamed = candidate !== null && name.trim() !== judgedFor;
  const rename = () => {
    if (renamed) void trust.getState().renameCandidate(name.trim());
  };
  // Focus follows the trust store: onto the candidate when one is chosen, onto the pinned root once
  // it is pinned or another repository is chosen, onto the error when something fails; back to
  // "Pin a root…" after Cancel.
  const candidateRef = useFocusOn<HTMLHeadingElement>(candidate?.candidateId);
  const [justPinned, setJustPinned] = useState(0);
  const pinnedRef = useFocusOn<HTMLDListElement>(justPinned || null);
  const [dismissed, setDismissed] = useState(0);
  const chooseRef = useFocusOn<HTMLButtonElement>(dismissed || null);
  const choose = (repository: string) =>
    void trust
      .getState()
      .choose(repository)
      .then((ok) => {
        if (!ok) return;
        // Nothing reviewed or signed against the other repository carries over.
        forgetTrustedState(stores);
        setJustPinned((n) => n + 1);
      });
  return (
    <section className="card" aria-labelledby="trust-heading">
      <h2 id="trust-heading">Trust store</h2>
      {pinned ? (
        <dl className="facts" ref={pinnedRef} tabIndex={-1} aria-label="Pinned root">
          {inUse ? (
            <>
              <dt>Reviews are checked against</dt>
              <dd data-testid="repository-in-use">
                repository <FileText text={inUse} />
              </dd>
            </>
          ) : null}
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
      ) : t.state?.choiceProblem ? (
        <p className="notice warning" data-testid="repository-choice-problem">
          <FileText text={`Reviews cannot be checked yet: ${t.state.choiceProblem}.`} />
        </p>
      ) : (
        <p>No root is pinned yet. Reviews can check signatures only against the root inside each bundle until you pin one.</p>
      )}
      {pinned ? <Fingerprint hex={pinned.fingerprint} label="Pinned root fingerprint" /> : null}
      {repositories.length > 1 ? <RepositoryList repositories={repositories} inUse={inUse} busy={t.busy} onChoose={choose} /> : null}
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
          <form
            className="field"
            onSubmit={(e) => {
              e.preventDefault();
              rename();
            }}
          >
            <label htmlFor={nameId}>Repository this root belongs to</label>
            <input
              id={nameId}
              type="text"
              value={name}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
              onBlur={rename}
              aria-invalid={t.nameError ? true : undefined}
              aria-describedby={`${nameId}-hint${t.nameError ? ` ${nameId}-error` : ''}`}
            />
            <p className="hint" id={`${nameId}-hint`}>
              A new name pins a new repository; the name of a pinned repository continues or replaces its root. Lower-case letters, digits, “.”, “_” and “-”, as with rstuf-signer trust pin --repository.
              {renamed ? ' Press Enter or leave the field to check the root against this name.' : ''}
            </p>
            {t.nameError ? (
              <p className="field-error" id={`${nameId}-error`}>
                <FileText text={t.nameError.message} />
              </p>
            ) : null}
          </form>
          <p aria-live="polite">{relationWords(candidate.relation, judgedFor)}</p>
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
              disabled={!confirmed || (candidate.warnings.length > 0 && !acceptWarnings) || renamed || t.busy}
              onClick={() =>
                void trust
                  .getState()
                  .pin(acceptWarnings)
                  .then((ok) => {
                    setConfirmed(false);
                    setAcceptWarnings(false);
                    if (!ok) return;
                    // A pin can change the root reviews are checked against (a re-pin, a newer root,
                    // the first pin of the repository in use): nothing confirmed before carries over.
                    forgetTrustedState(stores);
                    setJustPinned((n) => n + 1);
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

/** Every pinned repository, and a button to review against each one not in use. */
function RepositoryList({ repositories, inUse, busy, onChoose }: { repositories: PinnedRepository[]; inUse: string | null; busy: boolean; onChoose: (repository: string) => void }) {
  const headingId = useId();
  return (
    <>
      <h3 id={headingId}>Pinned repositories</h3>
      <ul className="plain-list" aria-labelledby={headingId}>
        {repositories.map((r) => (
          <li key={r.repository} aria-current={r.repository === inUse ? 'true' : undefined}>
            <p>
              <strong>
                <FileText text={r.repository} />
              </strong>
              {r.repository === inUse ? <span className="badge ok">In use for reviews</span> : null}
            </p>
            {r.pinned ? (
              <p className="muted">
                root v{r.pinned.version}, fingerprint <span className="mono">{fingerprintGroups(r.pinned.fingerprint).join(' ')}</span>, expires {describeExpiry(r.pinned.expires)}
              </p>
            ) : (
              <p className="field-error">
                <FileText text={`Does not verify: ${r.problem ?? 'unknown damage'}`} />
              </p>
            )}
            {r.repository !== inUse && r.pinned ? (
              <button type="button" disabled={busy} onClick={() => onChoose(r.repository)}>
                Review against {r.repository}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
