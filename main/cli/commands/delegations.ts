import { publicKeyIdentity } from '../../core/tuf/tuf-keys.js';
import { buildDelegationsPayload } from '../../../shared/ceremony/build.js';
import { SignerError } from '../../../shared/errors.js';
import { readDelegationsConfig } from '../../core/ceremony/config.js';
import { writePayloadBundle } from '../../core/ceremony/output.js';
import { describeDelegatedRole, warningLines } from '../../core/ceremony/summary.js';
import { parseCommandArgs } from '../args.js';
import { delegationSummary, describeDelegationSigning } from '../../../shared/review/diff.js';
import type { TufDelegatedRole, TufKey } from '../../../shared/tuf/types.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer delegations --config DELEGATIONS.json --out DIR

Builds RSTUF's custom delegations payload ({"delegations": {"keys", "roles"}}) for creating
(POST /api/v1/delegations/) or updating (PUT) delegated roles signed by offline keys, and writes
it as a new bundle folder DIR. Nothing in it is signed: after RSTUF accepts it, the new role's
metadata waits for the offline keys in GET /api/v1/metadata/sign (sign it with "rstuf-signer sign").
Key files in DELEGATIONS.json are relative to it. Format: docs/ceremonies.md.

A role may nest hash bins below it, made and signed online by RSTUF: "num_bins" (a power of two,
written as x-rstuf-num-bins) and "role_online_key" ({"file", "name", "uri"}: the online key that
signs those bins, never the role itself; x-rstuf-role-online-key).`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { config: { type: 'string' }, out: { type: 'string' } }, HELP);
  if (positionals.length) throw new SignerError('USAGE', `unexpected argument ${positionals[0]}\n\n${HELP}`);
  if (!values.config) throw new SignerError('USAGE', `--config is required\n\n${HELP}`);
  if (!values.out) throw new SignerError('USAGE', `--out is required\n\n${HELP}`);

  const input = await readDelegationsConfig(values.config);
  const { payload, warnings } = buildDelegationsPayload(input, publicKeyIdentity);
  const written = writePayloadBundle(payload, 'delegations', values.out);
  io.stdout(`Wrote the delegations payload to ${written.dir}/${written.file}`);
  io.stdout(`  bundle fingerprint ${written.fingerprint}`);
  input.roles.forEach((role, i) => {
    io.stdout(`  delegated role ${describeDelegatedRole(role)}`);
    // Nested bins in the review's own words (what a key holder reads when reviewing this role).
    const built = payload.delegations.roles[i] as unknown as TufDelegatedRole;
    if (role.numBins !== undefined) io.stdout(`    ${describeDelegationSigning(delegationSummary(built, payload.delegations.keys as unknown as Record<string, TufKey>))}`);
  });
  for (const line of warningLines(warnings)) io.stdout(`  ${line}`);
  io.stdout('Send it with POST /api/v1/delegations/ to create these roles, or PUT to change existing ones.');
  return 0;
}
