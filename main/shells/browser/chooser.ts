// The browser shell's "dialogs": a file chooser that lives in main and is drawn by the renderer.
// A browser page cannot show a native dialog that yields a path (and must not: main owns paths), so
// when a service asks for a file, main opens a chooser over ONE folder tree (the files root: the
// user's home by default, or --files-root), sends the renderer a view of the current folder as
// opaque entry ids and names (EVENTS.chooser), and waits for chooserNavigate / chooserChoose /
// chooserCancel. The renderer never sends or sees a path; main resolves ids against its own map and
// refuses anything outside the files root (symlinks included).

import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import type { ChooserView } from '../../../shared/ipc/schemas.js';
import type { Dialogs, OpenFileOptions, SaveFileOptions } from '../../services/dialogs.js';
import type { EventSink } from '../../services/events.js';
import { mintId } from '../../services/ids.js';
import type { ChooserControl } from '../../services/services.js';

type Mode = ChooserView['mode'];
const MAX_ENTRIES = 2000;

interface Entry {
  path: string;
  kind: 'file' | 'folder' | 'parent';
}

interface OpenChooser {
  id: string;
  mode: Mode;
  title: string;
  cwd: string;
  suggestedName: string | null;
  extensions: string[] | null;
  entries: Map<string, Entry>;
  resolve(path: string | null): void;
}

/** The path-choosing half of Dialogs; the holder's questions are terminal-prompt.ts's. */
export type ChooserPart = Pick<Dialogs, 'openFile' | 'openFolder' | 'chooseFolder' | 'saveFile'>;

export class ChooserDialogs implements ChooserPart, ChooserControl {
  private readonly root: string;
  private current: OpenChooser | undefined;

  constructor(options: { root: string; events: EventSink; startIn?: string }) {
    this.root = realpathSync(options.root);
    this.events = options.events;
    this.startIn = options.startIn && existsSync(options.startIn) ? realpathSync(options.startIn) : this.root;
    if (!this.inside(this.startIn)) this.startIn = this.root;
  }
  private readonly events: EventSink;
  private startIn: string;

  private inside(path: string): boolean {
    return path === this.root || path.startsWith(this.root + sep);
  }

  private open(mode: Mode, title: string, suggestedName: string | null, extensions: string[] | null, startIn?: string): Promise<string | null> {
    this.current?.resolve(null);
    // Main's own choice of folder, when it is one the chooser may show; else where the last one ended.
    const cwd = startIn !== undefined && existsSync(startIn) && this.inside(realpathSync(startIn)) ? realpathSync(startIn) : this.startIn;
    return new Promise((resolveChoice) => {
      const chooser: OpenChooser = {
        id: mintId('chooser'),
        mode,
        title,
        cwd,
        suggestedName,
        extensions,
        entries: new Map(),
        resolve: (path) => {
          if (this.current === chooser) this.current = undefined;
          // The next chooser opens where this one ended (a save path does not exist yet).
          if (path) this.startIn = mode === 'open-folder' || mode === 'choose-folder' ? path : dirname(path);
          resolveChoice(path);
        },
      };
      this.current = chooser;
      this.events('signer:event.chooser', this.view(chooser));
    });
  }

  /** Lists the chooser's folder; entries are minted anew each time (ids of older views stop working). */
  private view(chooser: OpenChooser): ChooserView {
    chooser.entries.clear();
    const entries: ChooserView['entries'] = [];
    const add = (name: string, entry: Entry): void => {
      const entryId = mintId('entry');
      chooser.entries.set(entryId, entry);
      entries.push({ entryId, name, kind: entry.kind });
    };
    if (chooser.cwd !== this.root) add('..', { path: join(chooser.cwd, '..'), kind: 'parent' });
    const listed: { name: string; path: string; kind: 'file' | 'folder' }[] = [];
    for (const d of readdirSync(chooser.cwd, { withFileTypes: true })) {
      if (d.name.startsWith('.') || listed.length >= MAX_ENTRIES) continue;
      const path = join(chooser.cwd, d.name);
      let real: string;
      let isDir: boolean;
      try {
        real = realpathSync(path);
        const st = statSync(real);
        isDir = st.isDirectory();
        // A named pipe, device or socket is never offered: opening one could block main.
        if (!isDir && !st.isFile()) continue;
      } catch {
        continue;
      }
      if (!this.inside(real)) continue;
      const wantsFiles = chooser.mode === 'open-file' || chooser.mode === 'save-file';
      if (!isDir && !wantsFiles) continue;
      if (!isDir && chooser.extensions && chooser.mode === 'open-file' && !chooser.extensions.some((ext) => ext === '*' || d.name.toLowerCase().endsWith(`.${ext}`))) continue;
      listed.push({ name: d.name, path: real, kind: isDir ? 'folder' : 'file' });
    }
    listed.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    for (const e of listed) add(e.name, { path: e.path, kind: e.kind });
    const rel = relative(this.root, chooser.cwd);
    return {
      chooserId: chooser.id,
      mode: chooser.mode,
      title: chooser.title,
      location: rel === '' ? basename(this.root) || '/' : `${basename(this.root) || ''}/${rel.split(sep).join('/')}`,
      entries,
      suggestedName: chooser.suggestedName,
    };
  }

  private active(chooserId: string): OpenChooser {
    if (!this.current || this.current.id !== chooserId) throw new SignerError('USAGE', 'this file chooser was already closed; start again');
    return this.current;
  }

  private entry(chooser: OpenChooser, entryId: string): Entry {
    const entry = chooser.entries.get(entryId);
    if (!entry) throw new SignerError('USAGE', 'that entry is no longer listed; the folder view was refreshed');
    const real = realpathSync(entry.path);
    if (!this.inside(real)) throw new SignerError('USAGE', 'that entry is outside the folders this chooser may show');
    return { ...entry, path: real };
  }

  navigate(request: { chooserId: string; entryId: string }): ChooserView {
    const chooser = this.active(request.chooserId);
    const entry = this.entry(chooser, request.entryId);
    if (entry.kind === 'file') throw new SignerError('USAGE', 'that is a file, not a folder');
    chooser.cwd = entry.path;
    const view = this.view(chooser);
    this.events('signer:event.chooser', view);
    return view;
  }

  choose(request: { chooserId: string; entryId?: string | undefined; fileName?: string | undefined }): void {
    const chooser = this.active(request.chooserId);
    const entry = request.entryId !== undefined ? this.entry(chooser, request.entryId) : undefined;
    switch (chooser.mode) {
      case 'open-file':
        if (!entry || entry.kind !== 'file') throw new SignerError('USAGE', 'choose a file');
        return chooser.resolve(entry.path);
      case 'open-folder':
      case 'choose-folder':
        if (entry && entry.kind === 'file') throw new SignerError('USAGE', 'choose a folder, not a file');
        return chooser.resolve(entry ? entry.path : chooser.cwd);
      case 'save-file': {
        if (!request.fileName) throw new SignerError('USAGE', 'type a file name to save as');
        const dir = entry && entry.kind !== 'file' ? entry.path : chooser.cwd;
        return chooser.resolve(join(dir, request.fileName));
      }
    }
  }

  cancel(request: { chooserId: string }): void {
    this.active(request.chooserId).resolve(null);
  }

  openFile(options: OpenFileOptions): Promise<string | null> {
    return this.open('open-file', options.title, null, options.filters ? options.filters.flatMap((f) => f.extensions).concat('*') : null);
  }
  openFolder(options: { title: string }): Promise<string | null> {
    return this.open('open-folder', options.title, null, null);
  }
  chooseFolder(options: { title: string }): Promise<string | null> {
    return this.open('choose-folder', options.title, null, null);
  }
  saveFile(options: SaveFileOptions): Promise<string | null> {
    return this.open('save-file', options.title, options.defaultName, null, options.startIn);
  }
}
