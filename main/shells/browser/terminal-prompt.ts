// The browser shell's questions outside the page: the launching terminal asks the holder's yes
// (before every pin and signature) and reads the passphrase or PIN, so code running in the page can
// neither fake the yes nor see the secret (issue 13, item 3). Without an interactive terminal the
// shell falls back to the page (`pageQuestions`): documented as weaker.
//
// The streams are parameters (process.stdin/stdout in start.ts, fakes in the tests). The terminal is
// put in raw mode for each question only: the keys are read here (no echo for a secret, backspace
// works, Ctrl+C or Ctrl+D cancels), and between questions the terminal is left alone so Ctrl+C still
// stops the shell. Questions are asked one at a time; one still pending when the shell stops is
// answered no.

import { SignerError } from '../../../shared/errors.js';
import { printable } from '../../../shared/review/words.js';
import type { ConfirmOptions, Dialogs, QuestionChannel, SecretPromptOptions } from '../../services/dialogs.js';
import type { ChooserPart } from './chooser.js';
import { MIN_PASSPHRASE_LENGTH, passphraseLength } from '../../../shared/keys/passphrase.js';

/** What of process.stdin the prompt uses. */
export interface PromptInput {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** What of process.stdout the prompt uses. */
export interface PromptOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** The half of Dialogs that asks the holder (the chooser is the other half). */
export type HolderQuestions = Pick<Dialogs, 'questions' | 'confirm' | 'askSecret'> & {
  /** One line for the startup message: where the questions are asked. */
  readonly where: string;
  /** Stops asking: a pending question is answered no (or null), later ones too. */
  close(): void;
};

/** The terminal can ask only when both ends are a terminal (not a pipe, a log file or /dev/null). */
export function canAskOnTerminal(input: PromptInput, output: PromptOutput): boolean {
  return input.isTTY === true && output.isTTY === true && typeof input.setRawMode === 'function';
}

/** The documented fallback: the page shows the confirmation and sends the secret. */
export function pageQuestions(reason: string): HolderQuestions {
  return {
    questions: 'page',
    where: `${reason}: confirmations, passphrases and PINs are asked in the page (weaker: code in the page could answer them).`,
    confirm: () => Promise.resolve(true),
    askSecret: () => Promise.reject(new SignerError('USAGE', 'this shell takes the passphrase or PIN from the page')),
    close: () => undefined,
  };
}

/** The chooser's dialogs with the holder's questions: what the services are given. */
export function browserShellDialogs(chooser: ChooserPart, questions: HolderQuestions): Dialogs {
  return {
    openFile: (o) => chooser.openFile(o),
    openFolder: (o) => chooser.openFolder(o),
    chooseFolder: (o) => chooser.chooseFolder(o),
    saveFile: (o) => chooser.saveFile(o),
    get questions() {
      return questions.questions;
    },
    confirm: (o) => questions.confirm(o),
    askSecret: (o) => questions.askSecret(o),
  };
}

/** Longest secret read (bytes); more is ignored, as a terminal line would be cut. */
const MAX_SECRET_BYTES = 4096;

const CTRL_C = 0x03;
const CTRL_D = 0x04;
const BACKSPACE = 0x08;
const ESC = 0x1b;
const DEL = 0x7f;

/**
 * One line typed in raw mode: bytes kept in a buffer this code owns (zeroed when done), UTF-8 kept
 * whole (backspace removes one character), escape sequences (arrows, function keys) dropped.
 */
class LineReader {
  private readonly bytes = Buffer.alloc(MAX_SECRET_BYTES);
  private length = 0;
  private escape: 'none' | 'start' | 'sequence' = 'none';

  /** Feeds one byte: 'enter', 'cancel', or a change to echo ('add' n bytes, 'remove', or none). */
  feed(byte: number): 'enter' | 'cancel' | 'added' | 'removed' | 'ignored' {
    if (this.escape === 'start') {
      this.escape = byte === 0x5b || byte === 0x4f ? 'sequence' : 'none';
      return 'ignored';
    }
    if (this.escape === 'sequence') {
      if (byte >= 0x40 && byte <= 0x7e) this.escape = 'none';
      return 'ignored';
    }
    if (byte === 0x0d || byte === 0x0a) return 'enter';
    if (byte === CTRL_C || byte === CTRL_D) return 'cancel';
    if (byte === ESC) {
      this.escape = 'start';
      return 'ignored';
    }
    if (byte === DEL || byte === BACKSPACE) {
      if (this.length === 0) return 'ignored';
      // Drop UTF-8 continuation bytes, then the character's first byte.
      while (this.length > 0 && (this.bytes[this.length - 1]! & 0xc0) === 0x80) this.length -= 1;
      if (this.length > 0) this.length -= 1;
      return 'removed';
    }
    if (byte < 0x20 || this.length >= MAX_SECRET_BYTES) return 'ignored';
    this.bytes[this.length] = byte;
    this.length += 1;
    return 'added';
  }

  /** The line as a new buffer (the caller's to zero); this reader's copy is zeroed. */
  take(): Buffer {
    // Its own memory (Buffer.alloc), not a slice of Node's shared pool that other buffers reuse.
    const line = Buffer.alloc(this.length);
    this.bytes.copy(line, 0, 0, this.length);
    this.wipe();
    return line;
  }

  wipe(): void {
    this.bytes.fill(0);
    this.length = 0;
  }
}

export class TerminalQuestions implements HolderQuestions {
  readonly questions: QuestionChannel = 'main';
  readonly where = 'Confirmations, passphrases and PINs are asked here, in this terminal (never in the page).';
  private queue: Promise<unknown> = Promise.resolve();
  /** The question being answered: gets the keys; without one, what is typed is dropped. */
  private answering: { onByte(byte: number): void; cancel(): void } | undefined;
  private closed = false;
  // Always reading, so a line typed ahead between questions (a stray "y") is dropped then and is
  // never taken as the answer to the next question.
  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      for (const byte of bytes) this.answering?.onByte(byte);
    } finally {
      // What was typed (a secret among it) does not stay in the stream's buffer.
      bytes.fill(0);
    }
  };

  constructor(
    private readonly input: PromptInput,
    private readonly output: PromptOutput,
  ) {
    input.on('data', this.onData);
    input.on('end', this.onEnd);
    input.resume();
  }

  // Ctrl+D between questions ends the terminal's input: nothing could answer any more.
  private readonly onEnd = (): void => {
    if (this.closed) return;
    this.close();
    this.output.write('\nThe terminal input was closed: every confirmation is now answered no. Stop the signer (Ctrl+C) and start it again.\n');
  };

  confirm(options: ConfirmOptions): Promise<boolean> {
    return this.serialized(false, async () => {
      this.output.write(`\n${heading(options.title)}\n${lines(options.message)}\n${lines(options.detail)}\n`);
      this.output.write(`${printable(options.confirmLabel)}? Type y and Enter to go ahead; anything else is no [y/N]: `);
      const answer = await this.readLine(true);
      if (answer === null) return false;
      const word = answer.toString('utf8').trim().toLowerCase();
      answer.fill(0);
      const yes = word === 'y' || word === 'yes';
      this.output.write(yes ? 'Confirmed.\n' : 'Not confirmed: nothing was done.\n');
      return yes;
    });
  }

  askSecret(options: SecretPromptOptions): Promise<Buffer | null> {
    return this.serialized(null, async () => {
      const what = options.kind === 'pin' ? 'PIN' : 'passphrase';
      this.output.write(`\n${heading(options.title)}\n${lines(options.message)}\n${lines(options.detail)}\n`);
      this.output.write(`Type the ${what} and Enter (nothing shows as you type; Ctrl+C cancels): `);
      const secret = await this.readLine(false);
      if (secret === null) {
        this.output.write('Cancelled: nothing was done.\n');
        return null;
      }
      if (options.purpose !== 'new') return secret;
      // A passphrase being chosen: long enough, and typed the same twice, or nothing is made.
      const minLength = options.minLength ?? MIN_PASSPHRASE_LENGTH;
      if (passphraseLength(secret.toString('utf8')) < minLength) {
        secret.fill(0);
        this.output.write(`Too short: use at least ${minLength} characters. Nothing was done.\n`);
        return null;
      }
      this.output.write('Type it again and Enter: ');
      const again = await this.readLine(false);
      const same = again !== null && again.equals(secret);
      again?.fill(0);
      if (!same) {
        secret.fill(0);
        this.output.write('The two differ. Nothing was done.\n');
        return null;
      }
      return secret;
    });
  }

  /** Stops asking (the shell stops): the pending question is answered no, and every later one. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.answering?.cancel();
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.pause();
  }

  /** One question at a time; after close every question is answered no without being asked. */
  private serialized<T>(no: T, ask: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => (this.closed ? no : ask()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads one line in raw mode; null when cancelled (Ctrl+C, Ctrl+D, the shell stopping). */
  private readLine(echo: boolean): Promise<Buffer | null> {
    return new Promise((resolveLine) => {
      const reader = new LineReader();
      const finish = (line: Buffer | null): void => {
        this.answering = undefined;
        this.input.setRawMode?.(false);
        if (line === null) reader.wipe();
        this.output.write('\n');
        resolveLine(line);
      };
      this.answering = {
        onByte: (byte) => {
          const step = reader.feed(byte);
          if (step === 'enter') finish(reader.take());
          else if (step === 'cancel') finish(null);
          else if (echo && step === 'added' && byte >= 0x20 && byte < 0x7f) this.output.write(String.fromCharCode(byte));
          else if (echo && step === 'removed') this.output.write('\b \b');
        },
        cancel: () => {
          finish(null);
          this.output.write('(The signer is stopping: not confirmed.)\n');
        },
      };
      this.input.setRawMode?.(true);
    });
  }
}

const heading = (title: string): string => `== ${printable(title)} ==`;
/** Text from services (file-derived names in it) printed line by line, each line made printable. */
const lines = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${printable(line)}`)
    .join('\n');

/** The questions for a shell started on these streams: the terminal when it is one, else the page. */
export function holderQuestions(input: PromptInput, output: PromptOutput, options: { pageQuestions: boolean }): HolderQuestions {
  if (options.pageQuestions) return pageQuestions('--page-questions');
  if (!canAskOnTerminal(input, output)) return pageQuestions('No interactive terminal');
  return new TerminalQuestions(input, output);
}
