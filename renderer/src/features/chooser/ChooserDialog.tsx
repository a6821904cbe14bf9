// Browser shell only: draws main's file chooser (main lists folders and resolves the path; the
// renderer sees names and opaque entry ids). A modal dialog: focus moves in, Escape cancels, and
// when it closes focus goes back to the control that opened it. The list is one Tab stop: arrows,
// Home/End and typing the start of a name move within it (roving tabindex).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { ChooserEntry, ChooserView } from '../../../../shared/ipc/schemas.js';
import { useStores } from '../../stores/context.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { FileText, fileText } from '../../components/FileText.js';

const ACTION_WORDS = { 'open-file': 'Open', 'open-folder': 'Open this folder', 'save-file': 'Save here', 'choose-folder': 'Use this folder' } as const;

/** What Enter on an entry does, said above the list (it differs from the button below it). */
const ENTER_WORDS: Record<ChooserView['mode'], string> = {
  'open-file': 'Enter on a file opens it; Enter on a folder goes into it.',
  'open-folder': 'Enter on a folder goes into it; “Open this folder” opens the folder you are in.',
  'choose-folder': 'Enter on a folder goes into it; “Use this folder” uses the folder you are in.',
  'save-file': 'Enter on a folder goes into it, on a file takes its name; “Save here” saves in the folder you are in.',
};

/** Tab from the last control goes to the first (Shift+Tab the other way): focus never leaves the dialog. */
function keepFocusInside(dialog: HTMLElement, event: { shiftKey: boolean; preventDefault(): void }): void {
  const focusable = Array.from(dialog.querySelectorAll<HTMLElement>('button:not([disabled]):not([tabindex="-1"]), input:not([disabled]), [tabindex="0"]'));
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
  const listRef = useRef<HTMLUListElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const typed = useRef({ text: '', at: 0 });
  const [fileName, setFileName] = useState('');
  const [active, setActive] = useState(0);
  const open = view !== null;
  // Who opened the dialog, read while rendering it: once it is drawn the app behind it is inert and
  // has lost focus already.
  if (open && opener.current === null) {
    const previous = document.activeElement;
    if (previous instanceof HTMLElement && !previous.closest('.chooser') && previous !== document.body) opener.current = previous;
  }

  // Give focus back to the opener when the dialog closes (chosen or cancelled).
  useEffect(() => {
    if (open) return;
    const back = opener.current;
    opener.current = null;
    if (back) requestAnimationFrame(() => (back.isConnected && !(back as HTMLButtonElement).disabled ? back : document.querySelector<HTMLElement>('main h1'))?.focus());
  }, [open]);

  useEffect(() => {
    if (view) {
      headingRef.current?.focus();
      setFileName(view.suggestedName ?? '');
      setActive(0);
      typed.current.text = '';
    }
  }, [view]);

  if (!view) return null;
  const pickFolders = view.mode !== 'open-file';
  const entries = view.entries;
  const focusEntry = (i: number) => {
    const index = Math.max(0, Math.min(entries.length - 1, i));
    setActive(index);
    listRef.current?.querySelectorAll<HTMLButtonElement>('button')[index]?.focus();
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: entries.length - 1, PageDown: active + 10, PageUp: active - 10 };
    if (e.key in moves) {
      e.preventDefault();
      typed.current.text = '';
      focusEntry(moves[e.key]!);
      return;
    }
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
      // Type-ahead: the letters typed in quick succession pick the next entry whose name starts with them.
      const now = e.timeStamp;
      typed.current = { text: now - typed.current.at < 800 ? typed.current.text + e.key.toLowerCase() : e.key.toLowerCase(), at: now };
      const query = typed.current.text;
      const order = [...entries.keys()].map((k) => (active + (query.length === 1 ? 1 : 0) + k) % entries.length);
      const hit = order.find((i) => entries[i]!.kind !== 'parent' && entries[i]!.name.toLowerCase().startsWith(query));
      if (hit !== undefined) {
        e.preventDefault();
        focusEntry(hit);
      }
    }
  };
  const pick = (entry: ChooserEntry) => {
    if (entry.kind !== 'file') return void chooser.getState().navigate(entry.entryId);
    if (view.mode === 'open-file') return void chooser.getState().choose(entry.entryId);
    setFileName(entry.name);
  };
  return (
    <div className="chooser-backdrop">
      <div
        className="chooser card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="chooser-title"
        aria-describedby="chooser-enter"
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
        <p className="muted" id="chooser-enter">
          {ENTER_WORDS[view.mode]} Arrows, Home, End and the first letters of a name move in the list.
        </p>
        <ul className="nav-list chooser-entries" aria-label={`Folders and files in ${fileText(view.location || '/')}`} ref={listRef} onKeyDown={onListKey}>
          {entries.map((entry, i) => (
            <li key={entry.entryId}>
              <button type="button" className="nav-button" tabIndex={i === active ? 0 : -1} onFocus={() => setActive(i)} onClick={() => pick(entry)}>
                {entry.kind === 'parent' ? '⬑ Up one folder' : entry.kind === 'folder' ? (
                  <>
                    📁 <FileText text={entry.name} />
                  </>
                ) : (
                  <FileText text={entry.name} />
                )}
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
        <ErrorNotice error={error} title="Chooser" focus />
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
