// Export: main's folder dialog picks the destination (the USB stick), main writes the bundle, and
// the manifest fingerprint is shown big, in 4 groups of 4 hex, to read aloud across the air gap.
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { currentItem } from '../../stores/workspace.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Progress } from '../../components/Progress.js';
import { NeedsItem } from '../../components/NeedsItem.js';
import { Fingerprint } from '../../components/Fingerprint.js';
import { progressFraction } from '../../stores/progress.js';
import { QrExportPanel } from '../qr-export/QrExportPanel.js';
import { FileText } from '../../components/FileText.js';

export function ExportScreen() {
  const stores = useStores();
  const item = useStore(stores.workspace, currentItem);
  const ex = useStore(stores.export);
  const progress = useStore(stores.progress, (s) => (ex.operationId ? s.byOperation[ex.operationId] : undefined));

  if (!item) {
    return (
      <>
        <ScreenHeader title="Export" />
        <NeedsItem what="export it" />
      </>
    );
  }
  const result = ex.results[item.id];
  return (
    <>
      <ScreenHeader
        title={`Export: ${item.displayName}`}
        lead={`Write the bundle for the online RSTUF side onto the USB stick. It holds ${item.signaturesAdded} ${item.signaturesAdded === 1 ? 'signature' : 'signatures'} added on this laptop.`}
      />
      <section className="card" aria-labelledby="export-heading">
        <h2 id="export-heading">Destination</h2>
        <p>Choose the folder to write into (usually the USB stick). Existing files are never overwritten.</p>
        <button type="button" className="primary" onClick={() => void stores.export.getState().exportItem(item.id)} disabled={ex.operationId !== null}>
          Choose destination and export…
        </button>
        {ex.operationId ? <Progress label={progress?.message ?? 'Writing the bundle'} fraction={progressFraction(progress)} /> : null}
        <ErrorNotice error={ex.errors[item.id] ?? null} title="Export failed" />
      </section>
      {result ? (
        <section className="card" aria-labelledby="exported-heading">
          <div className="notice success" role="status">
            <h2 className="notice-title" id="exported-heading">
              Exported to <FileText text={result.destinationName} />
            </h2>
            <p>
              {result.files.length} {result.files.length === 1 ? 'file' : 'files'} written.
            </p>
          </div>
          <Fingerprint hex={result.manifestFingerprint} label="Manifest fingerprint: read it aloud to the person at the online machine" />
          <details>
            <summary>Files written</summary>
            <ul className="changes mono">
              {result.files.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
      <QrExportPanel itemId={item.id} />
    </>
  );
}
