import { SignerError } from '../../../shared/errors.js';
import { pullBundle } from '../../courier/pull.js';
import { parseHeaderArgs, RstufApiClient } from '../../courier/rstuf-api.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { describe } from './bundle.js';
import { printableIo } from '../../core/review/render-text.js';

const HELP = `Usage: rstuf-signer pull --api URL [-H 'Header: value']... --out DIR

Online side. Reads what RSTUF waits for offline keys to sign (GET /api/v1/metadata/sign) and the
bootstrap state (GET /api/v1/bootstrap/) from the RSTUF API at URL (RSTUF API 1.0.x) and writes
them as a new bundle folder DIR for the USB stick. Contacts only URL; -H adds headers (e.g. an
Authorization header for a reverse proxy), like RSTUF's CLI.`;

export async function run(argv: string[], terminalIo: CliIo): Promise<number> {
  // Names, URIs and messages come from files, tokens and RSTUF: printed, never obeyed by the terminal.
  const io = printableIo(terminalIo);
  const { values, positionals } = parseCommandArgs(
    argv,
    { api: { type: 'string' }, header: { type: 'string', short: 'H', multiple: true }, out: { type: 'string' }, timeout: { type: 'string' } },
    HELP,
  );
  if (positionals.length > 0) throw new SignerError('USAGE', `unexpected argument ${positionals[0]}\n\n${HELP}`);
  if (!values.api || !values.out) throw new SignerError('USAGE', `give both --api URL and --out DIR\n\n${HELP}`);
  const api = new RstufApiClient(values.api, { headers: parseHeaderArgs(values.header ?? []) });
  const bundle = await pullBundle({ api, outDir: values.out });
  io.stdout(`Pulled from ${api.base.origin} into bundle ${bundle.path}`);
  describe(bundle, io);
  for (const p of bundle.document.pending) io.stdout(`  pending: ${p.name} v${p.metadata.signed.version} (${p.metadata.signatures.length} signature${p.metadata.signatures.length === 1 ? '' : 's'} so far)`);
  return 0;
}
