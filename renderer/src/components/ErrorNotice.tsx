// Shows a failure where it happened, in the sentence the engine produced, with its stable code.
// `focus`: the failure answers what the holder just did, so focus moves to it.
import type { IpcError } from '../../../shared/ipc/result.js';
import { FileText } from './FileText.js';
import { useFocusOn } from './focus.js';

export interface ErrorNoticeProps {
  error: IpcError | null | undefined;
  /** What the user was doing, e.g. "Import failed". */
  title: string;
  focus?: boolean;
}

export function ErrorNotice({ error, title, focus = false }: ErrorNoticeProps) {
  const ref = useFocusOn<HTMLDivElement>(focus ? error : null);
  if (!error) return null;
  return (
    <div className="notice error" role="alert" ref={ref} tabIndex={-1}>
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
