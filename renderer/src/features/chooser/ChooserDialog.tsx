// Browser shell only: draws main's file chooser (main lists folders and resolves the path; the
// renderer sees names and opaque entry ids). A modal dialog: focus moves in, Escape cancels.
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/context.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { FileText } from '../../components/FileText.js';

const ACTION_WORDS = { 'open-file': 'Open', 'open-folder': 'Open this folder', 'save-file': 'Save here', 'choose-folder': 'Use this folder' } as const;

/** Tab from the last control goes to the first (Shift+Tab the other way): focus never leaves the dialog. */
function keepFocusInside(dialog: HTMLElement, event: { shiftKey: boolean; preventDefault(): void }): void {
  const focusable = Array.from(dialog.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([disabled]), [tabindex="0"]'));
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

export function ChooserDialog() {
  const { chooser } = useStores();
  const { view, error } = useStore(chooser);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [fileName, setFileName] = useState('');

  useEffect(() => {
    if (view) {
      headingRef.current?.focus();
      setFileName(view.suggestedName ?? '');
    }
  }, [view]);

  if (!view) return null;
  const pickFolders = view.mode !== 'open-file';
  return (
    <div className="chooser-backdrop">
      <div
        className="chooser card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="chooser-title"
        onKeyDown={(e) => {
          if (e.key === 'Escape') void chooser.getState().cancel();
          if (e.key === 'Tab') keepFocusInside(e.currentTarget, e);
        }}
      >
        <h2 id="chooser-title" ref={headingRef} tabIndex={-1}>
          <FileText text={view.title} />
        </h2>
        <p className="muted">
          In: <FileText className="mono" text={view.location || '/'} />
        </p>
        <ul className="nav-list chooser-entries">
          {view.entries.map((entry) => (
            <li key={entry.entryId}>
              <button
                type="button"
                className="nav-button"
                onClick={() => void (entry.kind === 'file' ? (view.mode === 'open-file' ? chooser.getState().choose(entry.entryId) : setFileName(entry.name)) : chooser.getState().navigate(entry.entryId))}
              >
                {entry.kind === 'parent' ? '⬑ Up one folder' : entry.kind === 'folder' ? `📁 ${entry.name}` : entry.name}
              </button>
            </li>
          ))}
        </ul>
        {view.mode === 'save-file' ? (
          <div className="field">
            <label htmlFor="chooser-file-name">File name</label>
            <input id="chooser-file-name" type="text" value={fileName} onChange={(e) => setFileName(e.target.value)} />
          </div>
        ) : null}
        <ErrorNotice error={error} title="Chooser" />
        <div className="actions">
          {pickFolders ? (
            <button type="button" className="primary" onClick={() => void chooser.getState().choose(undefined, view.mode === 'save-file' ? fileName : undefined)}>
              {ACTION_WORDS[view.mode]}
            </button>
          ) : null}
          <button type="button" onClick={() => void chooser.getState().cancel()}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
