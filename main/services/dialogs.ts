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
  /**
   * The folder to open in, chosen by main (a new private key starts in the data folder's keys/,
   * never in the last folder used, which is usually the USB stick). Without it: the last folder.
   */
  startIn?: string;
}

export interface ConfirmOptions {
  title: string;
  message: string;
  detail: string;
  /** The label of the button that says yes (the other one is Cancel, the default). */
  confirmLabel: string;
}

export interface SecretPromptOptions {
  title: string;
  /** What the secret unlocks, in words ("the key file bo.key", "token holder (SoftHSM v2 #88f2…)"). */
  message: string;
  /** What will be done with it (role, version, short sha256): the prompt is also the confirmation. */
  detail: string;
  kind: 'passphrase' | 'pin';
  /**
   * `new`: a passphrase being chosen (a new key): typed twice, and at least `minLength` characters
   * (shared/keys/passphrase.ts counts them) before it is returned. Default: unlocking.
   */
  purpose?: 'unlock' | 'new';
  minLength?: number;
}

/**
 * How the holder answers main's questions. `main`: outside the page (Electron's own windows, the
 * browser shell's launching terminal), so a compromised page can neither fake a yes nor read a
 * secret. `page`: the documented fallback of a browser shell started without a terminal: the page
 * draws the question and sends the secret.
 */
export type QuestionChannel = 'main' | 'page';

export interface Dialogs {
  openFile(options: OpenFileOptions): Promise<string | null>;
  openFolder(options: { title: string }): Promise<string | null>;
  /** A folder to write into (export destination, usually the USB stick). */
  chooseFolder(options: { title: string }): Promise<string | null>;
  saveFile(options: SaveFileOptions): Promise<string | null>;
  /** Who asks the questions below; `page` only in the browser shell without a terminal. */
  readonly questions: QuestionChannel;
  /**
   * A yes/no question asked before every pin and every signature (role, version, short sha256,
   * signer). With `questions: 'main'` it is asked outside the page; with `page` it resolves true and
   * the page's own confirmation stands (documented as weaker).
   */
  confirm(options: ConfirmOptions): Promise<boolean>;
  /**
   * A passphrase or PIN asked outside the page (`questions: 'main'`): the secret's UTF-8 bytes, which
   * the caller zeroes after use, or null when the holder cancelled. With `page` it is never called: the
   * secret comes in the request.
   */
  askSecret(options: SecretPromptOptions): Promise<Buffer | null>;
}
