import { DOCUMENT_KIND_LABELS } from '../../../shared/tuf/documents.js';
import { roleStatus } from '../../engine/verify/authorization.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';
import { describeExpiry, formatThresholds } from '../format.js';
import { openInput, openTrustedRoot } from '../open-input.js';

const HELP = `Usage: rstuf-signer inspect FILE [--trusted-root ROOT.json] [--json]

Says what FILE is (an RSTUF file or bundle folder) and, for each role, its version, expiry,
keys, thresholds and signature status. Exits 0 when FILE is well formed, whatever its signatures.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'trusted-root': { type: 'string' }, 'trust-store': { type: 'string' } }, HELP);
  const file = requireOne(positionals, 'FILE', HELP);
  const { doc } = openInput(file);
  const trustedRoot = openTrustedRoot(values['trusted-root']);
  const statuses = doc.pending.map((p) => roleStatus(doc, p, trustedRoot ? { trustedRoot } : {}));
  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          kind: doc.kind,
          roles: statuses.map((s) => ({
            role: s.role,
            version: s.version,
            expires: s.expires,
            sha256: s.sha256,
            signatures: {
              valid: [...new Set(s.thresholds.flatMap((t) => t.valid))],
              invalid: s.signatures.filter((x) => x.state !== 'valid').map((x) => x.keyid),
              missing: [...new Set(s.thresholds.flatMap((t) => t.missing))],
            },
            threshold: { required: Math.max(0, ...s.thresholds.map((t) => t.required)), met: s.met, details: s.thresholds },
            changes: [],
            warnings: [],
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  io.stdout(`${doc.source}: ${DOCUMENT_KIND_LABELS[doc.kind]}`);
  if (doc.signPayload) io.stdout(`  signature by key ${doc.signPayload.signature.keyid.slice(0, 8)} for role ${doc.signPayload.role}`);
  for (const s of statuses) {
    io.stdout(`\n${s.role} v${s.version} (${s.type}), expires ${describeExpiry(s.expires)}`);
    io.stdout(`  signed bytes sha256 ${s.sha256}`);
    for (const line of formatThresholds(s)) io.stdout(`  ${line}`);
    io.stdout(`  ${s.met ? 'fully signed' : 'not yet fully signed'}`);
  }
  for (const where of doc.reserializationDiffers) io.stdout(`\nwarning: ${where} would be re-serialized differently by a TUF library; signatures may not verify on the server`);
  return 0;
}
