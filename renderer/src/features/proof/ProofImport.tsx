// Proof of possession on the Review screen: main's dialog picks a key holder's proof file, main
// checks it against this item's pending root and keeps it; the review (reloaded) then says
// "proved by signing on DATE" for that key. Self-contained: its own state, the api from context.
import { useState } from 'react';
import type { IpcError } from '../../../../shared/ipc/result.js';
import { useStores } from '../../stores/context.js';
import { call } from '../../stores/operation.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { FileText } from '../../components/FileText.js';

export function ProofImport({ itemId }: { itemId: string }) {
  const { api, review } = useStores();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const importProof = async () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    const outcome = await call(() => api.proofImport({ itemId }));
    setBusy(false);
    if (outcome.kind === 'ok') {
      const r = outcome.value;
      setMessage(`${r.fileName}: key ${r.keyName} ${r.words}${r.added ? '' : ' (already imported)'}.`);
      await review.getState().load(itemId);
    } else if (outcome.kind === 'error') {
      setError(outcome.error);
    }
  };

  return (
    <div data-testid="proof-import">
      <p className="muted">Each new key's holder can send a proof of possession (rstuf-signer prove). Import it to see the key as proved.</p>
      <button type="button" disabled={busy} onClick={() => void importProof()}>
        Import a proof of possession
      </button>
      {message ? (
        <p className="notice success" role="status">
          <FileText text={message} />
        </p>
      ) : null}
      <ErrorNotice error={error} title="The proof was not imported" focus />
    </div>
  );
}
