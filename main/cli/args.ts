// parseArgs with our exit-code contract: any usage problem becomes a SignerError('USAGE').

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SignerError } from '../../shared/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(argv: string[], options: O, help: string) {
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested(help);
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new SignerError('USAGE', `${(error as Error).message}\n\n${help}`);
  }
}

/** Thrown for --help; commands print the text and exit 0. */
export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

export function requireOne(positionals: string[], what: string, help: string): string {
  if (positionals.length !== 1) throw new SignerError('USAGE', `expected exactly one ${what}\n\n${help}`);
  return positionals[0] as string;
}
