// The CLI's side effects, injectable so tests can drive commands in-process.

import { readFileSync, openSync, closeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { SignerError } from '../../shared/errors.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Asks for a secret on the terminal without echo. Rejects when there is no terminal. */
  promptSecret(question: string): Promise<Buffer>;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(`${t}\n`),
    stderr: (t) => process.stderr.write(`${t}\n`),
    promptSecret: promptOnTty,
  };
}

/** Reads a passphrase or PIN file: the first line, without its newline. */
export function readSecretFile(path: string, what: string): Buffer {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new SignerError('INPUT_UNREADABLE', `cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let end = raw.indexOf(0x0a);
  if (end < 0) end = raw.length;
  if (end > 0 && raw[end - 1] === 0x0d) end--;
  const secret = Buffer.from(raw.subarray(0, end));
  raw.fill(0);
  return secret;
}

async function promptOnTty(question: string): Promise<Buffer> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    throw new SignerError('PASSPHRASE_REQUIRED', `${question.replace(/:\s*$/, '')}: no terminal to ask on; pass it in a file (--passphrase-file / --pin-file)`);
  }
  const input = new ReadStream(fd);
  process.stderr.write(question);
  input.setRawMode(true);
  const chunks: number[] = [];
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      input.on('data', (data: Buffer) => {
        for (const byte of data) {
          if (byte === 0x0d || byte === 0x0a) {
            process.stderr.write('\n');
            resolve(Buffer.from(chunks));
            return;
          }
          if (byte === 0x03) {
            process.stderr.write('\n');
            reject(new SignerError('USAGE', 'cancelled'));
            return;
          }
          if (byte === 0x7f || byte === 0x08) chunks.pop();
          else chunks.push(byte);
        }
      });
    });
  } finally {
    chunks.fill(0);
    input.setRawMode(false);
    input.destroy();
    try {
      closeSync(fd);
    } catch {
      // already closed by destroy()
    }
  }
}
