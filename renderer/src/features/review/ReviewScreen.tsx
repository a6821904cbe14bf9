// Review: what the signature would authorize, in plain words and checked against what is trusted.
// Warnings come first; signing is a separate, deliberate step behind "I have reviewed this".
import { useEffect, useId } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { currentItem } from '../../stores/workspace.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Progress } from '../../components/Progress.js';
import { NeedsItem } from '../../components/NeedsItem.js';
import { Notices } from '../../components/Notices.js';
import { Fingerprint } from '../../components/Fingerprint.js';
import { RoleCard } from './RoleCard.js';
import { FileText } from '../../components/FileText.js';
import { ProofImport } from '../proof/ProofImport.js';
import { RecordSave } from '../record/RecordSave.js';
import { TrustGraph } from '../record/TrustGraph.js';
import { ChangeAnswers } from '../ceremony/ChangeAnswers.js';

export function ReviewScreen() {
  const { workspace, review, navigation } = useStores();
  const item = useStore(workspace, currentItem);
  const r = useStore(review);
  const go = useStore(navigation, (s) => s.go);
  const confirmId = useId();

  useEffect(() => {
    if (item && review.getState().itemId !== item.id) void review.getState().load(item.id);
  }, [item, review]);

  if (!item) {
    return (
      <>
        <ScreenHeader title="Review" />
        <NeedsItem what="review what it asks you to sign" />
      </>
    );
  }
  const model = r.model && r.model.itemId === item.id ? r.model : null;
  // The store's error belongs to the item it loaded last: never show it on another (whose load is about to start).
  const own = r.itemId === item.id;
  const confirmed = r.confirmed[item.id] === true;
  const signable = item.roles.length > 0;
  return (
    <>
      <ScreenHeader title={`Review: ${item.displayName}`} lead={`${item.kindLabel}. Read what changes and who has signed, then confirm before signing.`} />
      <Fingerprint
        hex={item.manifestFingerprint ?? item.fingerprint}
        label={
          item.manifestFingerprint
            ? 'Bundle fingerprint: compare it with the person who made the bundle (it checks the USB stick). To compare what you sign with the other key holders, use each role’s “sha256 of the signed bytes” below.'
            : 'File fingerprint (sha256 of the file): it checks the file. To compare what you sign with the other key holders, use each role’s “sha256 of the signed bytes” below.'
        }
      />
      {(r.loading || !own) && !model ? <Progress label="Checking signatures and building the review" /> : null}
      <ErrorNotice error={own ? r.error : null} title="The review could not be built" />
      {model ? (
        <>
          <Notices notices={model.notices} title="This document" />
          {model.trust.state === 'chained' ? (
            <p className="notice success" data-testid="trust-anchor">
              {model.trust.repository !== undefined ? (
                <>
                  <strong data-testid="checked-against">
                    <FileText text={`Checked against repository ${model.trust.repository}${model.trust.rootVersion !== undefined ? `, root v${model.trust.rootVersion}` : ''}.`} />
                  </strong>{' '}
                </>
              ) : null}
              <FileText text={model.trust.message} />
            </p>
          ) : null}
          {model.roles.map((role) => (
            <RoleCard key={role.role} role={role} />
          ))}
          {model.roles.some((role) => role.type === 'root') ? (
            <section className="card" aria-label="Ceremony: proofs of possession and the record">
              <h2>Ceremony</h2>
              {model.roles.map((role) => (role.root ? <TrustGraph key={role.role} root={role.root} version={role.version} /> : null))}
              <ProofImport itemId={item.id} />
              <RecordSave itemId={item.id} />
            </section>
          ) : null}
          <ChangeAnswers key={item.id} item={item} />
          {signable ? (
            <section className="card" aria-labelledby={`${confirmId}-h`}>
              <h2 id={`${confirmId}-h`}>Ready to sign?</h2>
              <label className="confirm" htmlFor={confirmId}>
                <input id={confirmId} type="checkbox" checked={confirmed} disabled={!model.roles.every((role) => role.signaturesChecked)} onChange={(e) => review.getState().setConfirmed(item.id, e.target.checked)} />
                <span>I have reviewed this: the changes above are what I mean to sign.</span>
              </label>
              <button type="button" className="primary" disabled={!confirmed} onClick={() => go('sign')}>
                Continue to signing
              </button>
            </section>
          ) : (
            <ExportOnly onExport={() => go('export')} />
          )}
        </>
      ) : null}
    </>
  );
}

function ExportOnly({ onExport }: { onExport: () => void }) {
  return (
    <div className="card">
      <p>Nothing in this item waits for an offline signature. You can export it as a bundle.</p>
      <button type="button" onClick={onExport}>
        Go to Export
      </button>
    </div>
  );
}
