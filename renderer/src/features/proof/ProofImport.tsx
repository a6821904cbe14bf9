// Proof of possession on the Review screen: main's dialog picks a key holder's proof file, main
// checks it against this item's pending root and keeps it; the review (reloaded) then says
// "proved by signing on DATE" for that key. Self-contained: its own state, the api from context.
import { useStores } from '../../stores/context.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { FileText } from '../../components/FileText.js';
import { useMainAction } from './use-action.js';

export function ProofImport({ itemId }: { itemId: string }) {
  const { api, review } = useStores();
  const action = useMainAction(
    () => api.proofImport({ itemId }),
    (r) => `${r.fileName}: key ${r.keyName} ${r.words}${r.added ? '' : ' (already imported)'}.`,
    () => review.getState().load(itemId),
  );
  return (
    <div data-testid="proof-import">
      <p className="muted">Each new key's holder can send a proof of possession (rstuf-signer prove). Import it to see the key as proved.</p>
      <button type="button" disabled={action.busy} onClick={() => void action.start()}>
        Import a proof of possession
      </button>
      <ActionOutcome message={action.message} />
      <ErrorNotice error={action.error} title="The proof was not imported" focus />
    </div>
  );
}

export function ActionOutcome({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="notice success" role="status">
      <FileText text={message} />
    </p>
  );
}
