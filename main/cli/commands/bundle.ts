import { SignerError } from '../../../shared/errors.js';
import { DOCUMENT_KIND_LABELS } from '../../../shared/tuf/documents.js';
import { basename } from 'node:path';
import { createBundle, delegationsPayloadWarnings, verifyBundle, type ImportedBundle } from '../../core/exchange/bundle.js';
import { PURPOSE_LABELS } from '../../core/exchange/manifest.js';
import { parseCommandArgs, requireOne } from '../args.js';
import { formatThresholds } from '../format.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer bundle create FILE... --out DIR
       rstuf-signer bundle verify DIR [--json]

create  wraps RSTUF files (unchanged) into a new bundle folder DIR with a manifest.json listing
        each file's size and sha256. The files must make one exchange: a sign-pending response
        (with any sign payloads for it), a ceremony, update or delegations payload, bare metadata,
        or only sign payloads.
verify  checks a bundle: every file listed and unchanged, nothing extra, content consistent.
        Exits 0 only then; prints the fingerprint to compare aloud and the signature progress.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'create') return create(rest, io);
  if (sub === 'verify') return verify(rest, io);
  if (sub === '--help' || sub === '-h') {
    io.stdout(HELP);
    return 0;
  }
  throw new SignerError('USAGE', `${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}\n\n${HELP}`);
}

async function create(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' } }, HELP);
  if (positionals.length === 0) throw new SignerError('USAGE', `give at least one FILE\n\n${HELP}`);
  if (!values.out) throw new SignerError('USAGE', `give the bundle folder to write with --out DIR\n\n${HELP}`);
  const bundle = createBundle(positionals, values.out);
  io.stdout(`Wrote bundle ${bundle.path}`);
  describe(bundle, io);
  return 0;
}

async function verify(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, HELP);
  const dir = requireOne(positionals, 'DIR', HELP);
  const { bundle, roles } = verifyBundle(dir);
  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          ok: true,
          purpose: bundle.purpose,
          fingerprint: bundle.fingerprint,
          manifestSha256: bundle.sha256,
          files: bundle.manifest.files,
          roles: roles.map((r) => ({ role: r.role, version: r.version, met: r.met, thresholds: r.thresholds })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  io.stdout(`Bundle ${bundle.path} is complete and unchanged`);
  describe(bundle, io);
  for (const r of roles) {
    io.stdout(`${r.role} v${r.version}: ${r.met ? 'fully signed' : 'not yet fully signed'}`);
    for (const line of formatThresholds(r)) io.stdout(`  ${line}`);
  }
  return 0;
}

export function describe(bundle: ImportedBundle, io: CliIo): void {
  io.stdout(`  for: ${PURPOSE_LABELS[bundle.purpose]}`);
  io.stdout(`  fingerprint: ${bundle.fingerprint}`);
  if (bundle.manifest.source) io.stdout(`  from: ${bundle.manifest.source.api}`);
  if (bundle.recoveredFrom) io.stdout(`  note: an interrupted update was undone; the previous complete bundle was restored`);
  for (const leftover of bundle.leftovers) {
    io.stdout(`  note: ${basename(leftover)} is left over from an interrupted write; it is not part of the bundle and was not read. Delete it`);
  }
  for (const f of bundle.manifest.files) io.stdout(`  ${f.name}: ${DOCUMENT_KIND_LABELS[f.kind]}, ${f.size} bytes`);
  for (const f of bundle.files) for (const w of delegationsPayloadWarnings(f)) io.stderr(`rstuf-signer: warning: ${f.name}: ${w.message}`);
}
