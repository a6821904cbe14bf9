import { SignerError } from '../../../shared/errors.js';
import { pullBundle } from '../../courier/pull.js';
import { collectHeaders } from '../../courier/credentials.js';
import { RstufApiClient } from '../../courier/rstuf-api.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { describe } from './bundle.js';

const HELP = `Usage: rstuf-signer pull --api URL [--header-file F] [-H 'Header: value']... --out DIR

Online side. Reads what RSTUF waits for offline keys to sign (GET /api/v1/metadata/sign) and the
bootstrap state (GET /api/v1/bootstrap/) from the RSTUF API at URL (RSTUF API 1.0.x) and writes
them as a new bundle folder DIR for the USB stick. Contacts only URL.

Headers (e.g. an Authorization header for a reverse proxy): --header-file F and the
RSTUF_API_HEADERS environment variable hold one "Name: value" per line (# starts a comment); keep
F at mode 600. -H adds one header on the command line, like RSTUF's CLI, but every user can read
it there (ps), so credentials belong in F. Credentials (every header from F or RSTUF_API_HEADERS,
and Authorization, Cookie, X-Api-Key, ... from -H) are refused over http:// unless URL is on
loopback (127.0.0.0/8, ::1, localhost).

Answers are read with a cap: 64 MiB for GET /api/v1/metadata/sign (a 100,000-artifact role is
~24 MB), 1 MiB for every other call; a larger answer is refused (API_ERROR) without being read
whole.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { api: { type: 'string' }, header: { type: 'string', short: 'H', multiple: true }, 'header-file': { type: 'string' }, out: { type: 'string' }, timeout: { type: 'string' } },
    HELP,
  );
  if (positionals.length > 0) throw new SignerError('USAGE', `unexpected argument ${positionals[0]}\n\n${HELP}`);
  if (!values.api || !values.out) throw new SignerError('USAGE', `give both --api URL and --out DIR\n\n${HELP}`);
  const { headers, credentialHeaders } = collectHeaders({
    args: values.header ?? [],
    ...(values['header-file'] !== undefined ? { headerFile: values['header-file'] } : {}),
    warn: (text) => io.stderr(`rstuf-signer: warning: ${text}`),
  });
  const api = new RstufApiClient(values.api, { headers, credentialHeaders });
  const bundle = await pullBundle({ api, outDir: values.out });
  io.stdout(`Pulled from ${api.base.origin} into bundle ${bundle.path}`);
  describe(bundle, io);
  for (const p of bundle.document.pending) io.stdout(`  pending: ${p.name} v${p.metadata.signed.version} (${p.metadata.signatures.length} signature${p.metadata.signatures.length === 1 ? '' : 's'} so far)`);
  return 0;
}
