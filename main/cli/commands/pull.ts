import { SignerError } from '../../../shared/errors.js';
import { pullBundle } from '../../courier/pull.js';
import { apiClientFromFlags, HEADER_FLAGS, HEADERS_HELP } from '../../courier/credentials.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { describe } from './bundle.js';

const HELP = `Usage: rstuf-signer pull --api URL [--header-file F] [-H 'Header: value']... --out DIR

Online side. Reads what RSTUF waits for offline keys to sign (GET /api/v1/metadata/sign) and the
bootstrap state (GET /api/v1/bootstrap/) from the RSTUF API at URL (RSTUF API 1.0.x) and writes
them as a new bundle folder DIR for the USB stick. Contacts only URL.

${HEADERS_HELP}`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { api: { type: 'string' }, ...HEADER_FLAGS, out: { type: 'string' }, timeout: { type: 'string' } },
    HELP,
  );
  if (positionals.length > 0) throw new SignerError('USAGE', `unexpected argument ${positionals[0]}\n\n${HELP}`);
  if (!values.api || !values.out) throw new SignerError('USAGE', `give both --api URL and --out DIR\n\n${HELP}`);
  const api = apiClientFromFlags(values.api, values, (text) => io.stderr(`rstuf-signer: warning: ${text}`));
  const bundle = await pullBundle({ api, outDir: values.out });
  io.stdout(`Pulled from ${api.base.origin} into bundle ${bundle.path}`);
  describe(bundle, io);
  for (const p of bundle.document.pending) io.stdout(`  pending: ${p.name} v${p.metadata.signed.version} (${p.metadata.signatures.length} signature${p.metadata.signatures.length === 1 ? '' : 's'} so far)`);
  return 0;
}
