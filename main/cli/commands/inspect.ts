import { SignerError } from '../../../shared/errors.js';
import { DOCUMENT_KIND_LABELS } from '../../../shared/tuf/documents.js';
import type { TufMetadata } from '../../../shared/tuf/types.js';
import { loadDocumentFile, type LoadedDocument } from '../../core/tuf/load-document.js';
import { checkPreviousVersion } from '../../core/review/previous-version.js';
import { canonicalOfRole, reviewDocument, reviewDocumentWithIndexes } from '../../core/review/review-document.js';
import { anchorForCommand } from '../../core/trust/select.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';
import { openInput, openTrustedRoot } from '../open-input.js';
import { renderReviewText } from '../../core/review/render-text.js';
import { appPaths, defaultDataDir } from '../../core/platform/data-dir.js';
import { proofReviewOptions, ProofStore } from '../../services/proofs.js';
import { basename } from 'node:path';
import { exchangeName } from '../../core/exchange/bundle.js';

const HELP = `Usage: rstuf-signer inspect FILE [--trust-store DIR] [--repository NAME] [--trusted-root ROOT.json]
                           [--previous ROLE.json] [--json] [--page N] [--page-size N]
       rstuf-signer inspect FILE --canonical [--role ROLE]

Shows what signing FILE would authorize, compared with what you already trust: for each pending
role its version, expiry, signatures (who signed, who is missing), every change from the trusted
version (keys, thresholds, online key, expiry, delegations, artifacts) and warnings.

The trusted root is checked against the root pinned in the trust store (--trust-store DIR, or
the default store when it has a pin; see \`rstuf-signer trust\`), for the repository --repository
names, else the one chosen in the app for reviews, else the only one pinned. A file whose trusted
root does not chain to the pin is refused.

  --previous ROLE.json  the current version of the pending delegated role, to list artifact changes
                        (used only when enough of the role's keys in FILE's trusted targets signed it)
  --json                the review as JSON (every artifact change listed)
  --page N              page of the artifact list (default 1, --page-size default 50)
  --canonical           print the canonical JSON a signature covers (exactly the signed bytes)

Exits 0 when FILE is well formed and its trust checks pass, whatever its signatures.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      json: { type: 'boolean' },
      'trusted-root': { type: 'string' },
      'trust-store': { type: 'string' },
      repository: { type: 'string' },
      previous: { type: 'string' },
      page: { type: 'string' },
      'page-size': { type: 'string' },
      canonical: { type: 'boolean' },
      role: { type: 'string' },
    },
    HELP,
  );
  const file = requireOne(positionals, 'FILE', HELP);
  const opened = openInput(file);
  const loaded = opened.doc;

  if (values.canonical) {
    const name = values.role ?? (loaded.pending.length === 1 ? loaded.pending[0]?.name : undefined);
    if (name === undefined) throw new SignerError('USAGE', `${loaded.source} has ${loaded.pending.length} pending roles; choose one with --role`);
    io.stdout(canonicalOfRole(loaded, name).json);
    return 0;
  }

  const page = positiveInt(values.page, '--page', 1);
  const pageSize = positiveInt(values['page-size'], '--page-size', 50);
  const { anchor, doc } = anchorForCommand(loaded, { trustStore: values['trust-store'], repository: values.repository }, openTrustedRoot(values['trusted-root']));
  const previous = values.previous ? previousFor(loaded, values.previous) : undefined;
  // Proofs of possession imported into the data folder (rstuf-signer prove import) for a pending root.
  const proofStore = new ProofStore(appPaths(defaultDataDir(), { create: false }).proofs);
  const repository = values.repository ?? exchangeName(opened.bundle, basename(file));
  const options = { anchor, source: loaded.source, ...proofReviewOptions(proofStore, repository), ...(previous ? { previous } : {}) };

  if (values.json) {
    io.stdout(JSON.stringify(reviewDocument(doc, { ...options, artifactChangeLimit: Number.MAX_SAFE_INTEGER }), null, 2));
    return 0;
  }
  const { review, artifactIndexes } = reviewDocumentWithIndexes(doc, { ...options, artifactChangeLimit: 0 });
  for (const line of renderReviewText(review, { artifactIndexes, page, pageSize, kindLabel: DOCUMENT_KIND_LABELS[loaded.kind] })) io.stdout(line);
  if (loaded.signPayload) io.stdout(`\nsignature by key ${loaded.signPayload.signature.keyid.slice(0, 8)} for role ${loaded.signPayload.role}`);
  for (const where of loaded.reserializationDiffers) io.stdout(`\nwarning: ${where} would be re-serialized differently by a TUF library; signatures may not verify on the server`);
  if (anchor.recorded.length) io.stdout(`\nTrust store: now also trusts root ${anchor.recorded.map((v) => `v${v}`).join(', ')} (verified from the pin).`);
  return 0;
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new SignerError('USAGE', `${flag} takes a positive whole number, not "${value}"`);
  return Number(value);
}

/** --previous: the pending delegated role's current version, checked as the desktop app checks it. */
function previousFor(loaded: LoadedDocument, path: string): Record<string, TufMetadata> {
  const delegated = loaded.pending.filter((p) => p.name !== 'root' && p.name !== 'targets');
  if (delegated.length !== 1) {
    throw new SignerError('USAGE', `--previous applies to one pending delegated role, but this file has ${delegated.length ? delegated.map((p) => p.name).join(', ') : 'none'}`);
  }
  const role = delegated[0] as LoadedDocument['pending'][number];
  return { [role.name]: checkPreviousVersion(loaded, role, loadDocumentFile(path)) };
}
