// Every screen opens with its h1 (focus lands here when the screen changes) and one plain sentence.
// Titles often quote a file name, so both are drawn as text from a file.
import { FileText } from './FileText.js';

export function ScreenHeader({ title, lead }: { title: string; lead?: string }) {
  return (
    <header>
      <h1 tabIndex={-1}>
        <FileText text={title} />
      </h1>
      {lead ? (
        <p className="lead">
          <FileText text={lead} />
        </p>
      ) : null}
    </header>
  );
}
