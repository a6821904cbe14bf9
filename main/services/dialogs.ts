// Main chooses every path. Services ask a Dialogs implementation for one and never take a path
// from the renderer: the Electron app shows native dialogs (main/shells/electron/dialogs.ts), the browser
// shell shows its main-side chooser (main/shells/browser/chooser.ts), tests script the answers.
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
