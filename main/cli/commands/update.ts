import { publicKeyIdentity } from '../../core/tuf/tuf-keys.js';
import { buildUpdatePayload } from '../../../shared/ceremony/build.js';
import { SignerError } from '../../../shared/errors.js';
import { readUpdateConfig } from '../../core/ceremony/config.js';
import { writePayloadBundle } from '../../core/ceremony/output.js';
import { missingSignatures, warningLines } from '../../core/ceremony/summary.js';
import { chooseTrustedRoot } from '../../core/ceremony/trusted-root.js';
import { parseCommandArgs } from '../args.js';
import { formatThresholds } from '../format.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer update --trusted-root ROOT.json --config CHANGES.json --out DIR
                          [--trust-store DIR] [--repository NAME]

Builds RSTUF's root update payload, POST /api/v1/metadata/: the trusted root with the changes in
CHANGES.json (expiry, root threshold, root keys added or removed, online key) and version + 1,
unsigned, as a new bundle folder DIR. ROOT.json is the current root: N.root.json, a payload or
bundle holding it, or a GET /api/v1/metadata/sign response's trusted_root. It must chain from the
root pinned in the trust store, if any; without --trusted-root the latest root verified from the
pin is used. Signing needs the thresholds of both the trusted and the new root:
each holder runs "rstuf-signer sign DIR --key KEY.pem --trusted-root ROOT.json".
Key files in CHANGES.json are relative to it. Format: docs/ceremonies.md.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { 'trusted-root': { type: 'string' }, config: { type: 'string' }, out: { type: 'string' }, 'trust-store': { type: 'string' }, repository: { type: 'string' } },
    HELP,
  );
  if (positionals.length) throw new SignerError('USAGE', `unexpected argument ${positionals[0]}\n\n${HELP}`);
  for (const flag of ['config', 'out'] as const) if (!values[flag]) throw new SignerError('USAGE', `--${flag} is required\n\n${HELP}`);

  const { root: trusted, notes } = chooseTrustedRoot(values['trusted-root'], { trustStore: values['trust-store'], repository: values.repository });
  const changes = await readUpdateConfig(values.config as string);
  const built = buildUpdatePayload(trusted, changes, new Date(), publicKeyIdentity);
  const written = writePayloadBundle(built.payload, 'update', values.out as string, trusted);

  io.stdout(`Wrote the root update payload (root v${built.root.signed.version}) to ${written.dir}/${written.file}`);
  io.stdout(`  bundle fingerprint ${written.fingerprint}`);
  for (const note of notes) io.stdout(`  ${note}`);
  io.stdout('  Changes from the trusted root:');
  for (const line of built.changes) io.stdout(`    ${line}`);
  for (const line of warningLines(built.warnings)) io.stdout(`  ${line}`);
  if (written.status) {
    for (const line of formatThresholds(written.status)) io.stdout(`  ${line}`);
    io.stdout(`  ${missingSignatures(written.status)}`);
  }
  const rootFlag = values['trusted-root'] ? ` --trusted-root ${values['trusted-root']}` : '';
  io.stdout(`Next: root key holders of both roots run "rstuf-signer sign ${values.out} --key KEY.pem${rootFlag}".`);
  return 0;
}
