// The browser shell's questions on the launching terminal (main/shells/browser/terminal-prompt.ts),
// with fake streams: what the holder types decides, a secret never shows, escape codes from a file
// cannot rewrite the terminal, and questions come one at a time.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { browserShellDialogs, canAskOnTerminal, holderQuestions, TerminalQuestions } from '../../../main/shells/browser/terminal-prompt.js';
import type { ConfirmOptions, SecretPromptOptions } from '../../../main/services/dialogs.js';

class FakeTerminal extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  flowing = false;
  setRawMode(raw: boolean): void {
    this.raw.push(raw);
  }
  resume(): void {
    this.flowing = true;
  }
  pause(): void {
    this.flowing = false;
  }
  /** Keys as the terminal sends them in raw mode; the Buffer is returned to check it was wiped. */
  type(keys: string): Buffer {
    const chunk = Buffer.from(keys, 'utf8');
    this.emit('data', chunk);
    return chunk;
  }
}

class FakeScreen {
  isTTY = true;
  text = '';
  private waiters: { needle: string; from: number; done: () => void }[] = [];
  write(text: string): void {
    this.text += text;
    this.waiters = this.waiters.filter((w) => {
      if (this.text.indexOf(w.needle, w.from) < 0) return true;
      w.done();
      return false;
    });
  }
  /** Resolves once `needle` was printed `count` times in all. */
  printed(needle: string, count = 1): Promise<void> {
    const at = (n: number): number => {
      let index = -1;
      for (let i = 0; i < n; i += 1) {
        index = this.text.indexOf(needle, index + 1);
        if (index < 0) return -1;
      }
      return index;
    };
    if (at(count) >= 0) return Promise.resolve();
    const from = count === 1 ? 0 : at(count - 1) + 1;
    return new Promise((done) => this.waiters.push({ needle, from, done }));
  }
}

const question: ConfirmOptions = { title: 'Signing: confirm', message: 'Sign root in sign-pending.json with bo.key?', detail: 'root v2: sha256 0123456789abcdef…', confirmLabel: 'Sign' };
const secretQuestion: SecretPromptOptions = { title: 'Unlock the key file bo.key to sign', message: 'Sign root in sign-pending.json with bo.key?', detail: 'root v2: sha256 0123456789abcdef…', kind: 'passphrase' };

function setup() {
  const input = new FakeTerminal();
  const output = new FakeScreen();
  return { input, output, prompt: new TerminalQuestions(input, output) };
}

/** Asks `question` on a fresh terminal, types `keys` once it is asked (after `typedAhead`, if any). */
async function answerTo(keys: string, typedAhead?: string): Promise<{ yes: boolean; input: FakeTerminal }> {
  const { input, output, prompt } = setup();
  if (typedAhead !== undefined) input.type(typedAhead);
  const answer = prompt.confirm(question);
  await output.printed('[y/N]');
  input.type(keys);
  return { yes: await answer, input };
}

describe('TerminalQuestions.confirm', () => {
  it.each([
    ['y', true],
    ['yes', true],
    ['Y', true],
    ['n', false],
    ['', false],
    ['yep', false],
    ['no', false],
  ])('answers %j + Enter as %s', async (typed, expected) => {
    const { yes, input } = await answerTo(`${typed}\r`);
    expect(yes).toBe(expected);
    expect(input.raw).toEqual([true, false]);
  });

  it('prints the question with its detail (role, version, sha256) and echoes the answer', async () => {
    const { input, output, prompt } = setup();
    const answer = prompt.confirm(question);
    await output.printed('[y/N]');
    expect(output.text).toContain('Signing: confirm');
    expect(output.text).toContain('Sign root in sign-pending.json with bo.key?');
    expect(output.text).toContain('root v2: sha256 0123456789abcdef');
    input.type('y\r');
    expect(await answer).toBe(true);
    expect(output.text).toMatch(/\[y\/N\]: y\n/);
  });

  it('takes Ctrl+C and Ctrl+D as no', async () => {
    for (const key of ['\u0003', '\u0004']) expect((await answerTo(`y${key}`)).yes).toBe(false);
  });

  it('lets backspace change the answer', async () => {
    expect((await answerTo('n\u007fy\r')).yes).toBe(true);
  });

  it('drops what was typed before the question was asked', async () => {
    expect((await answerTo('\r', 'y\r')).yes).toBe(false);
  });

  it('prints escape codes from a file as visible text, never to the terminal', async () => {
    const { input, output, prompt } = setup();
    const answer = prompt.confirm({ ...question, message: 'Sign root with \u001b[2A\r\u001b[2K key\u202e?', detail: 'root v2\u001b[8m hidden' });
    await output.printed('[y/N]');
    input.type('\r');
    await answer;
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(output.text).not.toMatch(/[\u001b\u202e\r]/);
    expect(output.text).toContain('\\u001b[2A');
    expect(output.text).toContain('\\u202e');
  });

  it('asks two questions one after the other, each with its own answer', async () => {
    const { input, output, prompt } = setup();
    const first = prompt.confirm({ ...question, title: 'First' });
    const second = prompt.confirm({ ...question, title: 'Second' });
    await output.printed('[y/N]');
    expect(output.text).toContain('First');
    expect(output.text).not.toContain('Second');
    input.type('y\r');
    await output.printed('[y/N]', 2);
    expect(output.text).toContain('Second');
    input.type('n\r');
    expect(await first).toBe(true);
    expect(await second).toBe(false);
  });

  it('answers no to a question pending when the shell stops, and to every later one', async () => {
    const { input, output, prompt } = setup();
    const pending = prompt.confirm(question);
    await output.printed('[y/N]');
    prompt.close();
    expect(await pending).toBe(false);
    expect(await prompt.confirm(question)).toBe(false);
    expect(input.raw.at(-1)).toBe(false);
    expect(input.flowing).toBe(false);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('answers no once the terminal input ended', async () => {
    const { input, output, prompt } = setup();
    input.emit('end');
    expect(await prompt.confirm(question)).toBe(false);
    expect(output.text).toContain('terminal input was closed');
  });
});

describe('TerminalQuestions.askSecret', () => {
  it('reads the passphrase without echo, backspace included, and wipes the typed bytes', async () => {
    const { input, output, prompt } = setup();
    const secret = prompt.askSecret(secretQuestion);
    await output.printed('Ctrl+C cancels');
    const before = output.text;
    const chunks = [input.type('correcx'), input.type('\u007f'), input.type('t hörse\r')];
    const bytes = await secret;
    expect(bytes?.toString('utf8')).toBe('correct hörse');
    expect(output.text.slice(before.length)).toBe('\n');
    for (const chunk of chunks) expect(chunk.every((b) => b === 0)).toBe(true);
    expect(input.raw).toEqual([true, false]);
  });

  it('removes a whole UTF-8 character on backspace and ignores arrow keys', async () => {
    const { input, output, prompt } = setup();
    const secret = prompt.askSecret({ ...secretQuestion, kind: 'pin' });
    await output.printed('Type the PIN');
    input.type('12ö\u007f3\u001b[D4\r');
    expect((await secret)?.toString('utf8')).toBe('1234');
  });

  it('cancels with Ctrl+C or Ctrl+D: null', async () => {
    for (const key of ['\u0003', '\u0004']) {
      const { input, output, prompt } = setup();
      const secret = prompt.askSecret(secretQuestion);
      await output.printed('Ctrl+C cancels');
      input.type(`secret${key}`);
      expect(await secret).toBeNull();
      expect(output.text).not.toContain('secret\n');
      expect(output.text).toContain('Cancelled');
    }
  });

  it('a new key\'s passphrase: typed twice, long enough, else nothing is returned', async () => {
    const newKey: SecretPromptOptions = { title: 'Choose a passphrase for Bo', message: 'It encrypts the new private key.', detail: '', kind: 'passphrase', purpose: 'new', minLength: 8 };
    const cases: [string[], string | null, string][] = [
      [['long enough\r', 'long enough\r'], 'long enough', 'Type it again'],
      [['long enough\r', 'long enougH\r'], null, 'The two differ'],
      [['short\r'], null, 'Too short: use at least 8 characters'],
    ];
    for (const [typed, expected, said] of cases) {
      const { input, output, prompt } = setup();
      const secret = prompt.askSecret(newKey);
      await output.printed('Ctrl+C cancels');
      input.type(typed[0]!);
      if (typed[1] !== undefined) {
        await output.printed('Type it again');
        input.type(typed[1]);
      }
      expect((await secret)?.toString('utf8') ?? null).toBe(expected);
      expect(output.text).toContain(said);
      expect(output.text).not.toContain('long enough');
    }
  });

  it('shows what the secret will unlock and what will be signed', async () => {
    const { input, output, prompt } = setup();
    const secret = prompt.askSecret(secretQuestion);
    await output.printed('Ctrl+C cancels');
    expect(output.text).toContain('Unlock the key file bo.key to sign');
    expect(output.text).toContain('root v2: sha256 0123456789abcdef');
    input.type('x\r');
    await secret;
  });

  it('waits for the confirmation before it asks the secret', async () => {
    const { input, output, prompt } = setup();
    const yes = prompt.confirm(question);
    const secret = prompt.askSecret(secretQuestion);
    await output.printed('[y/N]');
    expect(output.text).not.toContain('Type the passphrase');
    input.type('y\r');
    await output.printed('Type the passphrase');
    input.type('pw\r');
    expect(await yes).toBe(true);
    expect((await secret)?.toString()).toBe('pw');
    expect(output.text).not.toContain('pw');
  });

  it('answers null to a secret pending when the shell stops', async () => {
    const { output, prompt } = setup();
    const secret = prompt.askSecret(secretQuestion);
    await output.printed('Ctrl+C cancels');
    prompt.close();
    expect(await secret).toBeNull();
  });
});

describe('holderQuestions', () => {
  it('asks on the terminal only when input and output are both terminals', () => {
    const tty = () => ({ input: new FakeTerminal(), output: new FakeScreen() });
    const both = tty();
    expect(canAskOnTerminal(both.input, both.output)).toBe(true);
    expect(holderQuestions(both.input, both.output, { pageQuestions: false }).questions).toBe('main');
    const piped = tty();
    piped.input.isTTY = false;
    expect(holderQuestions(piped.input, piped.output, { pageQuestions: false }).questions).toBe('page');
    const logged = tty();
    logged.output.isTTY = false;
    const fallback = holderQuestions(logged.input, logged.output, { pageQuestions: false });
    expect(fallback.questions).toBe('page');
    expect(fallback.where).toMatch(/^No interactive terminal: .* asked in the page/);
    expect(fallback.where).not.toContain('\n');
  });

  it('falls back to the page with --page-questions even on a terminal, without touching it', async () => {
    const input = new FakeTerminal();
    const questions = holderQuestions(input, new FakeScreen(), { pageQuestions: true });
    expect(questions.questions).toBe('page');
    expect(questions.where).toContain('--page-questions');
    expect(await questions.confirm(question)).toBe(true);
    expect(input.listenerCount('data')).toBe(0);
  });

  it('composes with the chooser: paths from the chooser, questions from the terminal', async () => {
    const { input, output, prompt } = setup();
    const chooser = { openFile: async () => '/picked.json', openFolder: async () => null, chooseFolder: async () => null, saveFile: async () => null };
    const dialogs = browserShellDialogs(chooser, prompt);
    expect(dialogs.questions).toBe('main');
    expect(await dialogs.openFile({ title: 'Import' })).toBe('/picked.json');
    const yes = dialogs.confirm(question);
    await output.printed('[y/N]');
    input.type('y\r');
    expect(await yes).toBe(true);
  });
});
