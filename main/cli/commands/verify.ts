import { SignerError } from '../../../shared/errors.js';
import { roleStatus } from '../../engine/verify/authorization.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';
import { formatThresholds } from '../format.js';
import { openInput, openTrustedRoot } from '../open-input.js';
import { anchorForCommand } from '../../trust/select.js';

const HELP = `Usage: rstuf-signer verify FILE [--trusted-root ROOT.json] [--trust-store DIR] [--repository NAME]

Exits 0 only when every role in FILE meets its threshold with valid signatures. When a root is
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
  for (const p of doc.pending) {
    const s = roleStatus(doc, p, trustedRoot ? { trustedRoot } : {});
    ok &&= s.met;
    io.stdout(`${s.role} v${s.version}: ${s.met ? 'OK' : 'NOT fully signed'}`);
    for (const line of formatThresholds(s)) io.stdout(`  ${line}`);
  }
  if (!ok) io.stderr(`rstuf-signer: ${loaded.source}: not every role meets its threshold with valid signatures`);
  return ok ? 0 : 1;
}
