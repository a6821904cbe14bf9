// Text that came from a file (key and role names, key ids, URIs, paths, file names, messages that
// quote them), drawn isolated (<bdi>: its direction cannot spill onto what follows) with every
// control, bidi-override and zero-width character shown as a visible marker ("\u202e") instead of
// obeyed. The characters are printable()'s (shared/review/words.ts), so the CLI and the app agree.
import { hiddenCharacterParts, printable } from '../../../shared/review/words.js';

/** `keepNewlines`: line breaks stay line breaks (text shown in a <pre>, like the canonical JSON). */
export function FileText({ text, className, keepNewlines = false }: { text: string; className?: string | undefined; keepNewlines?: boolean }) {
  const parts = hiddenCharacterParts(text, { keepNewlines });
  return (
    <bdi className={className} data-file-text="">
      {parts.map((p, i) =>
        p.hidden ? (
          <span key={i} className="hidden-char" title="A hidden character from the file, shown instead of obeyed">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </bdi>
  );
}

/** For places that take plain text only (<option>, aria-label, title): hidden characters spelled out. */
export const fileText = (text: string): string => printable(text);
