// The ceremony record from the Review screen: main's save dialog picks where the HTML goes (and
// the PDF, which Chromium prints on this laptop). Self-contained: its own state, the api from context.
import { useStores } from '../../stores/context.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { ActionOutcome } from '../proof/ProofImport.js';
import { useMainAction } from '../proof/use-action.js';

export function RecordSave({ itemId }: { itemId: string }) {
  const { api } = useStores();
  const action = useMainAction(
    (pdf: boolean) => api.recordSave({ itemId, pdf }),
    (r) => `Saved the ceremony record as ${r.htmlFileName}${r.pdfFileName ? ` and ${r.pdfFileName}` : ''}.`,
  );
  return (
    <div data-testid="record-save">
      <p className="muted">
        A printable record: fingerprint, keys with holders and proofs, thresholds, trust graph, each signature made here, and lines for witnesses. The data folder keeps it, rewritten after each signature
        of a root; save a copy where you choose.
      </p>
      <button type="button" disabled={action.busy} onClick={() => void action.start(false)}>
        Save the ceremony record
      </button>{' '}
      <button type="button" disabled={action.busy} onClick={() => void action.start(true)}>
        Save it with a PDF
      </button>
      <ActionOutcome message={action.message} />
      <ErrorNotice error={action.error} title="The record was not saved" focus />
    </div>
  );
}
