// Labelled lines main wrote about a root (what will be built, or what an update starts from).
import type { CeremonyValidation } from '../../../../shared/ipc/schemas.js';
import { FileText } from '../../components/FileText.js';

export function SummaryFacts({ lines, testId }: { lines: CeremonyValidation['summary']; testId: string }) {
  return (
    <dl className="facts" data-testid={testId}>
      {lines.map((l) => (
        <div key={l.label} className="facts-row">
          <dt>{l.label}</dt>
          <dd>
            <FileText text={l.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
