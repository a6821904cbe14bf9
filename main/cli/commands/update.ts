import { buildUpdatePayload } from '../../../shared/ceremony/build.js';
import { SignerError } from '../../../shared/errors.js';
import { readUpdateConfig } from '../../ceremony/config.js';
import { writePayloadBundle } from '../../ceremony/output.js';
import { missingSignatures, warningLines } from '../../ceremony/summary.js';
import { loadRootFile } from '../../engine/load-document.js';
import { parseCommandArgs } from '../args.js';
import { formatThresholds } from '../format.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer update --trusted-root ROOT.json --config CHANGES.json --out DIR

Builds RSTUF's root update payload, POST /api/v1/metadata/: the trusted root with the changes in
CHANGES.json (expiry, root threshold, root keys added or removed, online key) and version + 1,
unsigned, as a new bundle folder DIR. ROOT.json is the current root (N.root.json, or the
trusted_root of a bundle). Signing needs the thresholds of both the trusted and the new root:
each holder runs "rstuf-signer sign DIR --key KEY.pem --trusted-root ROOT.json".
Key files in CHANGES.json are relative to it. Format: docs/ceremonies.md.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { 'trusted-root': { type: 'string' }, config: { type: 'string' }, out: { type: 'string' } }, HELP);
  if (positionals.length) throw new SignerError('USAGE', `unexpected argument ${positionals[0]}\n\n${HELP}`);
  for (const flag of ['trusted-root', 'config', 'out'] as const) if (!values[flag]) throw new SignerError('USAGE', `--${flag} is required\n\n${HELP}`);

  const trusted = loadRootFile(values['trusted-root'] as string);
  const changes = readUpdateConfig(values.config as string);
  const built = buildUpdatePayload(trusted, changes, new Date());
  const written = writePayloadBundle(built.payload, 'update', values.out as string, trusted);

  io.stdout(`Wrote the root update payload (root v${built.root.signed.version}) to ${written.dir}/${written.file}`);
  io.stdout(`  bundle fingerprint ${written.fingerprint}`);
  io.stdout('  Changes from the trusted root:');
  for (const line of built.changes) io.stdout(`    ${line}`);
  for (const line of warningLines(built.warnings)) io.stdout(`  ${line}`);
  if (written.status) {
    for (const line of formatThresholds(written.status)) io.stdout(`  ${line}`);
    io.stdout(`  ${missingSignatures(written.status)}`);
  }
  io.stdout(`Next: root key holders of both roots run "rstuf-signer sign ${values.out} --key KEY.pem --trusted-root ${values['trusted-root']}".`);
  return 0;
}
