import { basename } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import { apiClientFromFlags, HEADER_FLAGS, HEADERS_HELP } from '../../courier/credentials.js';
import { sendBundle } from '../../courier/send.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer send --api URL [--header-file F] [-H 'Header: value']... [--poll-interval S] [--timeout S] [--again] [--update] DIR

Online side. Posts every payload in the bundle DIR (or a single payload file) to the RSTUF API at
URL (RSTUF API 1.0.x): ceremony -> POST /api/v1/bootstrap/, update -> POST /api/v1/metadata/,
delegations -> POST /api/v1/delegations/ (with --update: PUT /api/v1/delegations/, which changes
delegations RSTUF already has), each signature -> POST /api/v1/metadata/sign. Follows
each task (GET /api/v1/task/) until SUCCESS, FAILURE or ERRORED and reports what RSTUF said.
Payloads RSTUF accepted are recorded in DIR/sent.json and not posted again (--again posts them
anyway). Exits 0 only when RSTUF accepted everything.

${HEADERS_HELP}`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      api: { type: 'string' },
      ...HEADER_FLAGS,
      'poll-interval': { type: 'string' },
      timeout: { type: 'string' },
      again: { type: 'boolean' },
      update: { type: 'boolean' },
    },
    HELP,
  );
  const dir = requireOne(positionals, 'DIR', HELP);
  if (!values.api) throw new SignerError('USAGE', `give the RSTUF API with --api URL\n\n${HELP}`);
  const seconds = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new SignerError('USAGE', `--${name} takes a number of seconds, not "${raw}"`);
    return n;
  };
  const api = apiClientFromFlags(values.api, values, (text) => io.stderr(`rstuf-signer: warning: ${text}`));
  const report = await sendBundle({
    api,
    bundlePath: dir,
    pollIntervalMs: seconds('poll-interval', values['poll-interval'], 2) * 1000,
    timeoutMs: seconds('timeout', values.timeout, 300) * 1000,
    again: values.again ?? false,
    updateDelegations: values.update ?? false,
    onWarning: (text) => io.stderr(`rstuf-signer: warning: ${text}`),
    onResult: (r) => {
      const task = r.taskId ? ` [task ${r.taskId}${r.state ? `, ${r.state}` : ''}]` : '';
      const line = `${r.file} -> ${r.method} ${r.endpoint}: ${r.outcome.replace('-', ' ')}${task}: ${r.message}`;
      if (r.outcome === 'accepted' || r.outcome === 'already-accepted') io.stdout(line);
      else io.stderr(line);
    },
  });
  if (report.recordWarning) io.stderr(`rstuf-signer: warning: ${report.recordWarning}`);
  for (const leftover of report.bundle.leftovers) io.stdout(`note: ${basename(leftover)} beside the bundle is left over from an interrupted write; it was not read or sent. Delete it`);
  const accepted = report.results.filter((r) => r.outcome === 'accepted' || r.outcome === 'already-accepted').length;
  io.stdout(`${accepted} of ${report.results.length} payload${report.results.length === 1 ? '' : 's'} accepted by RSTUF at ${api.base.origin}`);
  return report.ok ? 0 : 1;
}
