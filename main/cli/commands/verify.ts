import { SignerError } from '../../../shared/errors.js';
import { roleStatus } from '../../core/tuf/authorization.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';
import { formatThresholds } from '../format.js';
import { openInput, openTrustedRoot } from '../open-input.js';
import { anchorForCommand } from '../../core/trust/select.js';

const HELP = `Usage: rstuf-signer verify FILE [--trusted-root ROOT.json] [--trust-store DIR] [--repository NAME]

Exits 0 only when every role in FILE meets its threshold with valid signatures (and, for a
bootstrap or update payload, every signature in it is valid and authorized, as RSTUF demands). When a root is
pinned (--trust-store DIR, or the default store), FILE's trusted root must chain from it, and a
trusted root FILE lacks is taken from the store.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { 'trusted-root': { type: 'string' }, 'trust-store': { type: 'string' }, repository: { type: 'string' } }, HELP);
  const file = requireOne(positionals, 'FILE', HELP);
  const { doc: loaded } = openInput(file);
  if (loaded.pending.length === 0) throw new SignerError('INPUT_UNKNOWN_KIND', `${loaded.source} holds no metadata to verify`);
  const { anchor, doc } = anchorForCommand(loaded, { trustStore: values['trust-store'], repository: values.repository }, openTrustedRoot(values['trusted-root']));
  const trustedRoot = anchor.trustedRoot;
  let ok = true;
  let unmet = false;
  const reasons: string[] = [];
  for (const p of doc.pending) {
    const s = roleStatus(doc, p, trustedRoot ? { trustedRoot } : {});
    ok &&= s.met;
    unmet ||= !s.thresholds.every((t) => t.met) || s.thresholds.length === 0 || s.missingAuthorizer !== undefined;
    io.stdout(`${s.role} v${s.version}: ${s.met ? 'OK' : s.refused.length > 0 ? 'REFUSED (a signature in it is invalid or unauthorized)' : 'NOT fully signed'}`);
    for (const line of formatThresholds(s)) io.stdout(`  ${line}`);
    if (s.chainBroken) reasons.push(s.chainBroken);
    for (const r of s.refused) reasons.push(`${s.role} v${s.version} carries a signature RSTUF refuses (key id ${r.keyid}, ${r.name}: ${r.state})`);
  }
  if (!ok) {
    const parts = [...(unmet ? ['not every role meets its threshold with valid signatures'] : []), ...reasons];
    io.stderr(`rstuf-signer: ${loaded.source}: ${parts.join('; ')}`);
  }
  return ok ? 0 : 1;
}
