// "Show as QR" on the Export screen: the same bytes as the file export (a signature's RSTUF sign
// payload, or the signed payload), as animated BBQr frames for the online machine to read with
// `rstuf-signer qr read`. Main makes the frames; this draws them. One animation per file.
import { useState } from 'react';
import type { IpcError } from '../../../../shared/ipc/result.js';
import type { QrFrames as QrFramesModel } from '../../../../shared/ipc/schemas.js';
import { useStores } from '../../stores/context.js';
import { call } from '../../stores/operation.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { FileText } from '../../components/FileText.js';
import { QrFrames } from './QrFrames.js';

export function QrExportPanel({ itemId }: { itemId: string }) {
  const { api } = useStores();
  const [shown, setShown] = useState<QrFramesModel | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  const show = async (fileName?: string) => {
    setBusy(true);
    setError(null);
    const outcome = await call(() => api.qrExportFrames({ itemId, ...(fileName ? { fileName } : {}) }));
    setBusy(false);
    if (outcome.kind === 'ok') setShown(outcome.value);
    else if (outcome.kind === 'error') {
      setShown(null);
      setError(outcome.error);
    }
  };

  const stale = shown !== null && shown.itemId !== itemId;
  return (
    <section className="card" aria-labelledby="qr-export-heading">
      <h2 id="qr-export-heading">Without a USB stick: QR codes</h2>
      <p>The online machine reads these with its camera or from screenshots (rstuf-signer qr read), then sends them as usual. Up to 64 KB; anything larger goes on the USB stick.</p>
      <button type="button" onClick={() => void show()} disabled={busy}>
        Show as QR
      </button>
      <ErrorNotice error={error} title="Cannot show this as QR codes" />
      {shown && !stale ? (
        <div role="region" aria-label="QR codes of the export">
          {shown.choices.length > 1 ? (
            <label>
              File{' '}
              <select value={shown.fileName} onChange={(e) => void show(e.target.value)}>
                {shown.choices.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <p>
            <FileText text={`${shown.fileName}: ${shown.kindLabel}, ${shown.bytes} bytes, ${shown.frames.length} ${shown.frames.length === 1 ? 'frame' : 'frames'}`} />
          </p>
          <p className="muted mono" data-testid="qr-sha256">
            sha256 {shown.sha256}
          </p>
          <QrFrames key={`${shown.fileName}-${shown.sha256}`} frames={shown.frames} />
        </div>
      ) : null}
    </section>
  );
}
