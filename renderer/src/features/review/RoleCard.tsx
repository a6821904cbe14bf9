// One pending role in the review: version and expiry, its warnings, signature progress per
// authorizer, the changes (paged, so a role with 100,000 artifacts still renders at once) and the
// exact canonical bytes behind a toggle.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { RoleReview } from '../../../../shared/ipc/schemas.js';
import { ArtifactOverview } from './ArtifactOverview.js';
import { RootOverview } from './RootOverview.js';
import { ArtifactBrowser } from './ArtifactBrowser.js';
import { useStores } from '../../stores/context.js';
import { Notices } from '../../components/Notices.js';
import { SignatureProgress } from '../../components/SignatureProgress.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Progress } from '../../components/Progress.js';
import { describeExpiry } from '../../components/format.js';
import { FileText, fileText } from '../../components/FileText.js';
import { roleStanding, SIGNED_ONLINE, WAITS_FOR_ONLINE } from '../../../../shared/review/words.js';
import { formatCount } from './count.js';

export const CHANGES_PAGE = 50;

/** Short plain values add to the summary; structured ones (JSON) are already in its words. */
function showBeforeAfter(summary: string, before: string | null, after: string | null): boolean {
  const plain = (v: string | null) => v === null || (v.length <= 80 && !v.startsWith('{') && !v.startsWith('['));
  const alreadySaid = (v: string | null) => v === null || summary.includes(v);
  return (before !== null || after !== null) && plain(before) && plain(after) && !(alreadySaid(before) && alreadySaid(after));
}

export function RoleCard({ role }: { role: RoleReview }) {
  const { review } = useStores();
  const canonical = useStore(review, (s) => s.canonical[role.role]);
  // Checking a chosen version of this role of the item on screen (the holder may have switched items).
  const checking = useStore(review, (s) => s.comparing !== null && s.comparing.itemId === s.itemId && s.comparing.role === role.role);
  const comparing = useStore(review, (s) => s.comparing !== null);
  const compareError = useStore(review, (s) => s.compareErrors[role.role]);
  const dropError = useStore(review, (s) => s.dropErrors[role.role]);
  const [shownChanges, setShownChanges] = useState(CHANGES_PAGE);
  const headingId = `role-${role.role.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const visible = role.changes.slice(0, shownChanges);
  const canonicalId = `${headingId}-canonical`;
  // No offline key signs a role whose delegation lists no key ids, nor the Sigstore keys left: it does not wait for this laptop (Home's reading too).
  const standing = roleStanding(role.thresholds, role.met);

  return (
    <section className="card" aria-labelledby={headingId} data-role={role.role}>
      <h2 id={headingId}>
        <FileText text={role.role} /> v{role.version}{' '}
        {!role.signaturesChecked ? (
          <span className="badge">checking signatures</span>
        ) : role.met ? (
          <span className="badge ok">fully signed</span>
        ) : standing === 'online' ? (
          <span className="badge ok">{SIGNED_ONLINE}</span>
        ) : standing === 'elsewhere' ? (
          <span className="badge">{WAITS_FOR_ONLINE}</span>
        ) : (
          <span className="badge warn">waiting for signatures</span>
        )}
      </h2>
      <dl className="facts">
        <dt>Type</dt>
        <dd>
          <FileText text={role.type} />
        </dd>
        <dt>Expires</dt>
        <dd>{describeExpiry(role.expires)}</dd>
        <dt>sha256 of the signed bytes</dt>
        <dd className="mono">{role.sha256 ?? 'being computed…'}</dd>
      </dl>
      {role.missingAuthorizer ? (
        <div className="notice warning">
          <p>
            <FileText text={role.missingAuthorizer} />
          </p>
        </div>
      ) : null}
      <Notices notices={role.notices} title={`${role.role} v${role.version}`} />

      <h3>Signatures</h3>
      {role.signaturesChecked ? <SignatureProgress thresholds={role.thresholds} /> : <Progress label="Checking signatures" />}
      {role.refusedSignatures.length > 0 ? (
        <div className="notice error" data-testid="refused-signatures">
          <p>RSTUF refuses this payload while it carries these signatures; drop them before export (a valid signature is never dropped here):</p>
          <ul className="warnings-list">
            {role.refusedSignatures.map((sig) => (
              <li key={sig.keyid}>
                <FileText className="mono" text={sig.keyid.slice(0, 16)} /> (<FileText text={sig.name} />): {sig.state === 'unauthorized' ? 'made by a key that may not sign this role' : 'does not verify'}{' '}
                <button type="button" onClick={() => void review.getState().dropSignature(role.role, sig.keyid)}>
                  Drop the signature by <FileText text={sig.name} />
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {dropError ? <ErrorNotice error={dropError} title="The signature could not be dropped" /> : null}

      {role.root ? (
        <>
          <h3>Who signs what in root v{role.version}</h3>
          <RootOverview version={role.version} overview={role.root} />
        </>
      ) : null}

      {role.artifacts ? (
        <>
          <h3>Artifacts</h3>
          <ArtifactOverview role={role.role} version={role.version} overview={role.artifacts} />
          {!role.artifacts.compared && role.role !== 'targets' ? (
            // RSTUF sends no trusted version of a delegated role: the holder can bring it.
            <div className="row">
              <button type="button" onClick={() => void review.getState().comparePrevious(role.role)} disabled={comparing}>
                Compare with the current version of <FileText text={role.role} />…
              </button>
              {checking ? <Progress label={`Checking the chosen version of ${role.role}`} /> : null}
            </div>
          ) : null}
          {compareError ? <ErrorNotice error={compareError} title={`Cannot compare ${role.role} with that file`} /> : null}
          <ArtifactBrowser role={role.role} compared={role.artifacts.compared} />
        </>
      ) : null}

      <h3>What changes</h3>
      {role.changes.length === 0 ? (
        <p className="muted">
          {role.trustedVersion === null
            ? 'There is no earlier trusted version to compare with; what this version holds is shown above.'
            : `No changes against the trusted version v${role.trustedVersion} were found.`}
        </p>
      ) : (
        <>
          <ul className="changes" aria-label={`Changes in ${fileText(role.role)}`}>
            {visible.map((c, i) => (
              <li key={i}>
                <strong>
                  <FileText text={c.summary} />
                </strong>
                {showBeforeAfter(c.summary, c.before, c.after) ? (
                  <span className="muted">
                    {' '}
                    (was <FileText text={c.before ?? 'none'} />, becomes <FileText text={c.after ?? 'none'} />)
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          {role.changes.length > visible.length ? (
            <div className="pager">
              <span>
                Showing {formatCount(visible.length)} of {formatCount(role.changes.length)} changes
              </span>
              <button type="button" onClick={() => setShownChanges((n) => n + CHANGES_PAGE * 10)}>
                Show {formatCount(Math.min(CHANGES_PAGE * 10, role.changes.length - visible.length))} more
              </button>
            </div>
          ) : null}
        </>
      )}

      <h3>Exact bytes</h3>
      <button
        type="button"
        aria-expanded={canonical !== undefined}
        aria-controls={canonicalId}
        onClick={() => (canonical ? review.getState().hideCanonical(role.role) : void review.getState().showCanonical(role.role))}
      >
        {canonical ? 'Hide the canonical JSON' : `Show the canonical JSON that is signed${role.canonicalBytes === null ? '' : ` (${formatCount(role.canonicalBytes)} bytes)`}`}
      </button>
      {canonical ? (
        <div id={canonicalId}>
          {canonical.loading && !canonical.text ? <Progress label="Loading the canonical JSON" /> : null}
          {canonical.text ? (
            <>
              <p>
                sha256: <span className="mono">{canonical.sha256}</span>
              </p>
              <pre className="canonical" tabIndex={0} aria-label={`Canonical JSON of ${fileText(role.role)}`}>
                <FileText text={canonical.text} keepNewlines />
              </pre>
            </>
          ) : null}
          {canonical.nextOffset !== null && canonical.text ? (
            <div className="pager">
              <span>
                Showing {formatCount(canonical.text.length)} of {formatCount(canonical.totalChars)} characters
              </span>
              <button type="button" disabled={canonical.loading} onClick={() => void review.getState().loadMoreCanonical(role.role)}>
                Load more
              </button>
            </div>
          ) : null}
          <ErrorNotice error={canonical.error} title="The canonical JSON could not be loaded" />
        </div>
      ) : null}
    </section>
  );
}
