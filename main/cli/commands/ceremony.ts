import { publicKeyIdentity } from '../../core/tuf/tuf-keys.js';
import { buildBootstrapPayload } from '../../../shared/ceremony/build.js';
import { SignerError } from '../../../shared/errors.js';
import { readCeremonyConfig } from '../../core/ceremony/config.js';
import { writePayloadBundle } from '../../core/ceremony/output.js';
import { describeBootstrap, missingSignatures, warningLines } from '../../core/ceremony/summary.js';
import { parseCommandArgs } from '../args.js';
import { formatThresholds } from '../format.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer ceremony --config CEREMONY.json --out DIR

Builds RSTUF's bootstrap (ceremony) payload, POST /api/v1/bootstrap/, with root v1 unsigned, and
writes it as a new bundle folder DIR. Each root key holder then runs "rstuf-signer sign DIR ...";
fewer signatures than the threshold is still a valid payload (RSTUF's distributed signing).
Key files in CEREMONY.json are relative to it. Format: docs/ceremonies.md.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { config: { type: 'string' }, out: { type: 'string' } }, HELP);
  if (positionals.length) throw new SignerError('USAGE', `unexpected argument ${positionals[0]}\n\n${HELP}`);
  if (!values.config) throw new SignerError('USAGE', `--config is required\n\n${HELP}`);
  if (!values.out) throw new SignerError('USAGE', `--out is required\n\n${HELP}`);

  const input = await readCeremonyConfig(values.config);
  const { payload, warnings } = buildBootstrapPayload(input, new Date(), publicKeyIdentity);
  const written = writePayloadBundle(payload, 'bootstrap', values.out);
  const expires = String((payload.metadata.root.signed as { expires: string }).expires);

  io.stdout(`Wrote the bootstrap (ceremony) payload to ${written.dir}/${written.file}`);
  io.stdout(`  bundle fingerprint ${written.fingerprint}`);
  for (const line of describeBootstrap(input, expires)) io.stdout(`  ${line}`);
  for (const line of warningLines(warnings)) io.stdout(`  ${line}`);
  if (written.status) {
    for (const line of formatThresholds(written.status)) io.stdout(`  ${line}`);
    io.stdout(`  ${missingSignatures(written.status)}`);
  }
  io.stdout(`Next: each root key holder runs "rstuf-signer sign ${values.out} --key KEY.pem" (or --pkcs11-module ... for a YubiKey).`);
  return 0;
}
