// Shows a failure where it happened, in the sentence the engine produced, with its stable code.
import type { IpcError } from '../../../shared/ipc/result.js';
import { FileText } from './FileText.js';

export interface ErrorNoticeProps {
  error: IpcError | null | undefined;
  /** What the user was doing, e.g. "Import failed". */
  title: string;
}

export function ErrorNotice({ error, title }: ErrorNoticeProps) {
  if (!error) return null;
  return (
    <div className="notice error" role="alert">
      <p className="notice-title">
        <FileText text={title} />
      </p>
      <p>
        <FileText text={error.message} />
      </p>
      <p className="error-code">Code: {error.code}</p>
    </div>
  );
}
