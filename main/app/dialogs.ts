// Main chooses every path. Services ask a Dialogs implementation for one and never take a path
// from the renderer: the Electron app shows native dialogs (main/electron/dialogs.ts), the browser
// shell shows its main-side chooser (main/browser-shell/chooser.ts), tests script the answers.
// Each method resolves to an absolute path, or null when the user cancelled.

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenFileOptions {
  title: string;
  filters?: FileFilter[];
}

export interface SaveFileOptions {
  title: string;
  defaultName: string;
  filters?: FileFilter[];
}

export interface ConfirmOptions {
  title: string;
  message: string;
  detail: string;
  /** The label of the button that says yes (the other one is Cancel, the default). */
  confirmLabel: string;
}

export interface Dialogs {
  openFile(options: OpenFileOptions): Promise<string | null>;
  openFolder(options: { title: string }): Promise<string | null>;
  /** A folder to write into (export destination, usually the USB stick). */
  chooseFolder(options: { title: string }): Promise<string | null>;
  saveFile(options: SaveFileOptions): Promise<string | null>;
  /**
   * A yes/no question asked by main itself, outside the page (Electron's message box), for decisions
   * that outlive the session (pinning a trust anchor). Absent where main has no UI of its own (the
   * browser shell and tests draw everything in the page).
   */
  confirm?(options: ConfirmOptions): Promise<boolean>;
}

export type DialogKind = 'openFile' | 'openFolder' | 'chooseFolder' | 'saveFile';

/**
 * Test and e2e double: answers are queued per kind (`nextOpen`, `nextFolder`, ...) and consumed in
 * order; an empty queue answers null (the user cancelled). Every request is recorded.
 */
export class ScriptedDialogs implements Dialogs {
  readonly requests: { kind: DialogKind; title: string }[] = [];
  private readonly queues: Record<DialogKind, (string | null)[]> = { openFile: [], openFolder: [], chooseFolder: [], saveFile: [] };

  /** Queue the answer to the next openFile dialog. */
  set nextOpen(path: string | null) {
    this.queues.openFile.push(path);
  }
  set nextOpenFolder(path: string | null) {
    this.queues.openFolder.push(path);
  }
  set nextFolder(path: string | null) {
    this.queues.chooseFolder.push(path);
  }
  set nextSave(path: string | null) {
    this.queues.saveFile.push(path);
  }

  queue(kind: DialogKind, answer: string | null): void {
    this.queues[kind].push(answer);
  }

  pending(kind: DialogKind): number {
    return this.queues[kind].length;
  }

  private answer(kind: DialogKind, title: string): Promise<string | null> {
    this.requests.push({ kind, title });
    return Promise.resolve(this.queues[kind].shift() ?? null);
  }

  openFile(options: OpenFileOptions): Promise<string | null> {
    return this.answer('openFile', options.title);
  }
  openFolder(options: { title: string }): Promise<string | null> {
    return this.answer('openFolder', options.title);
  }
  chooseFolder(options: { title: string }): Promise<string | null> {
    return this.answer('chooseFolder', options.title);
  }
  saveFile(options: SaveFileOptions): Promise<string | null> {
    return this.answer('saveFile', options.title);
  }
}
