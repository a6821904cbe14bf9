// Long work (hashing a big bundle, a token operation) is always visible: a labelled progress bar
// (determinate when main reports fractions) announced politely to screen readers.
import { FileText, fileText } from './FileText.js';

export interface ProgressProps {
  label: string;
  /** 0..1 when known; omitted for indeterminate work. */
  fraction?: number | undefined;
}

export function Progress({ label, fraction }: ProgressProps) {
  const percent = fraction === undefined ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="progress" role="status" aria-live="polite">
      <span>
        <FileText text={label} />
        {percent !== undefined ? ` (${percent}%)` : '…'}
      </span>
      {percent === undefined ? <progress aria-label={fileText(label)} /> : <progress aria-label={fileText(label)} max={100} value={percent} />}
    </div>
  );
}
