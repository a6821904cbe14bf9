// rstuf-signer: the headless front end over the same engine the desktop app uses.
// Exit codes are a contract: 0 success, 1 bad input or failed verification, 2 bad usage.

import { SignerError } from '../../shared/errors.js';
import { errorSentence } from './format.js';
import { printable, printableIo } from '../../shared/review/words.js';
import { HelpRequested } from './args.js';
import type { CliIo } from './io.js';

/** Each command lives in commands/<name>.js and is loaded only when used. */
const COMMANDS: Record<string, string> = {
  inspect: 'Say what an RSTUF file or bundle is, what it changes, and its signature status',
  verify: 'Exit 0 only when every role meets its threshold with valid signatures',
  sign: 'Sign pending metadata with a key file or a PKCS#11 token',
  keygen: 'Generate an encrypted offline key',
  bundle: 'Create or verify a USB bundle (bundle create | bundle verify)',
  trust: 'Manage the pinned trusted root (trust pin | trust show)',
  audit: 'List the audit log of every signature made here, or check its hash chain (audit verify)',
  tokens: 'List PKCS#11 tokens and their keys',
  ceremony: 'Build an unsigned bootstrap (ceremony) payload from a config file',
  prove: 'Proof of possession of a new key: make challenges, sign one, import proofs',
  record: 'Write the printable record of a ceremony (HTML, and PDF with Chromium)',
  update: 'Build an unsigned root update payload from a config file',
  delegations: 'Build a delegations payload from a config file',
  pull: 'Online side: fetch pending metadata from an RSTUF API into a bundle',
  send: 'Online side: post a signed bundle to an RSTUF API',
  qr: 'Carry a file across the air gap as animated QR codes (qr show | qr read)',
};

export interface CommandModule {
  run(argv: string[], io: CliIo): Promise<number>;
}

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: rstuf-signer <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(width)}  ${text}`),
    '',
    'Run "rstuf-signer <command> --help" for a command\'s options.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(usage());
    return command ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    io.stderr(`rstuf-signer: unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  try {
    let mod: CommandModule;
    try {
      mod = (await import(`./commands/${command}.js`)) as CommandModule;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`commands/${command}.js`)) {
        io.stderr(`rstuf-signer: the "${command}" command is not available in this build`);
        return 2;
      }
      throw error;
    }
    // One output sanitizer for every command: names, URIs and messages come from files, tokens and
    // RSTUF, and are printed, never obeyed by the terminal (text and --json keep their meaning).
    return await mod.run(rest, printableIo(io));
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.stdout(error.text);
      return 0;
    }
    if (error instanceof SignerError) {
      // Messages can quote names from files: spell out control characters rather than obey them.
      io.stderr(`rstuf-signer: ${printable(errorSentence(error), { keepNewlines: true })}`);
      return error.code === 'USAGE' ? 2 : 1;
    }
    // A bug, not a user error: say so plainly, still without a stack trace unless asked for.
    io.stderr(`rstuf-signer: internal error: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.RSTUF_SIGNER_DEBUG) io.stderr(String((error as Error)?.stack));
    return 1;
  }
}
