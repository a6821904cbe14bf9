// After a root signature, the sign result says where main kept the ceremony record in the data
// folder (its file name only), or why it could not: the signature stands either way.
import type { SignResult } from '../../../../shared/ipc/schemas.js';
import { FileText } from '../../components/FileText.js';

export function RecordUpdated({ record }: { record: SignResult['record'] }) {
  if (!record) return null;
  if (record.written) {
    return (
      <p className="muted" data-testid="record-updated">
        Record updated: <FileText text={record.fileName} /> in the data folder (save a copy from the Review screen).
      </p>
    );
  }
  return (
    <div className="notice warning" role="alert" data-testid="record-not-updated">
      <p className="notice-title">The ceremony record was not updated</p>
      <p>
        <FileText text={record.problem} />
      </p>
    </div>
  );
}
