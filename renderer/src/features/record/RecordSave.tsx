// The ceremony record from the Review screen: main's save dialog picks where the HTML goes (and
// the PDF, which Chromium prints on this laptop). Self-contained: its own state, the api from context.
import { useState } from 'react';
import type { IpcError } from '../../../../shared/ipc/result.js';
import { useStores } from '../../stores/context.js';
import { call } from '../../stores/operation.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { FileText } from '../../components/FileText.js';

export function RecordSave({ itemId }: { itemId: string }) {
  const { api } = useStores();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const save = async (pdf: boolean) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    const outcome = await call(() => api.recordSave({ itemId, pdf }));
    setBusy(false);
    if (outcome.kind === 'ok') {
      const r = outcome.value;
      setMessage(`Saved the ceremony record as ${r.htmlFileName}${r.pdfFileName ? ` and ${r.pdfFileName}` : ''}.`);
    } else if (outcome.kind === 'error') {
      setError(outcome.error);
    }
  };

  return (
    <div data-testid="record-save">
      <p className="muted">A printable record: fingerprint, keys with holders and proofs, thresholds, trust graph, each signature made here, and lines for witnesses.</p>
      <button type="button" disabled={busy} onClick={() => void save(false)}>
        Save the ceremony record
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => void save(true)}>
        Save it with a PDF
      </button>
      {message ? (
        <p className="notice success" role="status">
          <FileText text={message} />
        </p>
      ) : null}
      <ErrorNotice error={error} title="The record was not saved" focus />
    </div>
  );
}
