// The dialogs double for tests and e2e: answers are queued per kind and consumed in order.
import type { ConfirmOptions, Dialogs, OpenFileOptions, QuestionChannel, SaveFileOptions, SecretPromptOptions } from '../../main/services/dialogs.js';

export type DialogKind = 'openFile' | 'openFolder' | 'chooseFolder' | 'saveFile';

/**
 * Test and e2e double: answers are queued per kind (`nextOpen`, `nextFolder`, ...) and consumed in
 * order; an empty queue answers null (the user cancelled). Every request is recorded.
 */
export class ScriptedDialogs implements Dialogs {
  readonly requests: { kind: DialogKind; title: string; startIn?: string }[] = [];
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

  private answer(kind: DialogKind, title: string, startIn?: string): Promise<string | null> {
    this.requests.push({ kind, title, ...(startIn !== undefined ? { startIn } : {}) });
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
    return this.answer('saveFile', options.title, options.startIn);
  }

  /**
   * Main's questions, asked outside the page. By default the holder says yes to every confirmation
   * and the page sends the secrets (`questions: 'page'`); set `questions = 'main'` and queue
   * `nextSecret` to have main ask for them. Every question is recorded.
   */
  questions: QuestionChannel = 'page';
  readonly confirmations: ConfirmOptions[] = [];
  readonly secretPrompts: SecretPromptOptions[] = [];
  private readonly confirmAnswers: boolean[] = [];
  private readonly secretAnswers: (string | null)[] = [];
  /** The answer to every confirmation with no queued answer. */
  confirmByDefault = true;

  set nextConfirm(answer: boolean) {
    this.confirmAnswers.push(answer);
  }
  set nextSecret(secret: string | null) {
    this.secretAnswers.push(secret);
  }

  confirm(options: ConfirmOptions): Promise<boolean> {
    this.confirmations.push(options);
    return Promise.resolve(this.confirmAnswers.shift() ?? this.confirmByDefault);
  }

  askSecret(options: SecretPromptOptions): Promise<Buffer | null> {
    this.secretPrompts.push(options);
    const secret = this.secretAnswers.shift();
    return Promise.resolve(secret === undefined || secret === null ? null : Buffer.from(secret, 'utf8'));
  }
}
