import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import { ceremonyRecord, type CeremonyRecord } from '../../core/ceremony/record.js';
import { keepCeremonyRecord, recordsDir } from '../../core/ceremony/record-file.js';
import { roleStanding, STANDING_LINE } from '../../../shared/review/words.js';
import { printRecordToPdf } from '../../core/ceremony/record-pdf.js';
import { writeFileAtomic } from '../../core/platform/atomic-file.js';
import { appPaths, defaultDataDir } from '../../core/platform/data-dir.js';
import { anchorForCommand } from '../../core/trust/select.js';
import { AuditLog } from '../../services/audit-log.js';
import { proofReviewOptions, ProofStore } from '../../services/proofs.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';
import { openInput, openTrustedRoot } from '../open-input.js';
import { exchangeName } from '../../core/exchange/bundle.js';

const HELP = `Usage: rstuf-signer record FILE|DIR [--out RECORD.html] [--pdf RECORD.pdf] [--witnesses N] [--force]
                        [--trusted-root ROOT.json] [--trust-store DIR] [--repository NAME]

Writes the printable record of a ceremony (FILE: a bootstrap or update payload; DIR: its bundle
folder): the root's fingerprint, every key with its holder, key id and proof of possession, the
thresholds, the trust graph, each signature made (who, when, with what, from this data folder's
audit log; a signature made on another laptop is said to be so), the review's warnings and words,
and lines for N witnesses (default 3).

Without --out it is the record kept in the data folder, records/<repository>/root-v<N>.html,
the one \`rstuf-signer sign\` and the app rewrite after each signature of a root (only a record
rstuf-signer wrote is ever replaced there).

--pdf also prints it to PDF with Chromium on this laptop (headless, no network, its sandbox on;
/usr/bin/chromium or RSTUF_SIGNER_CHROMIUM). Existing files are never replaced without --force.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      out: { type: 'string' },
      pdf: { type: 'string' },
      witnesses: { type: 'string' },
      force: { type: 'boolean' },
      'trusted-root': { type: 'string' },
      'trust-store': { type: 'string' },
      repository: { type: 'string' },
    },
    HELP,
  );
  const file = requireOne(positionals, 'FILE', HELP);
  const witnesses = values.witnesses === undefined ? 3 : Number(values.witnesses);
  if (!/^\d{1,2}$/.test(values.witnesses ?? '3') || witnesses > 20) throw new SignerError('USAGE', `--witnesses takes a whole number from 0 to 20, not "${values.witnesses}"`);
  const force = values.force ?? false;
  for (const target of [values.out, values.pdf]) {
    if (target !== undefined && !force && existsSync(target)) throw new SignerError('OUTPUT_EXISTS', `${target} already exists; choose another name or pass --force to replace it`);
  }

  const opened = openInput(file);
  const { anchor, doc } = anchorForCommand(opened.doc, { trustStore: values['trust-store'], repository: values.repository }, openTrustedRoot(values['trusted-root']));
  const paths = appPaths(defaultDataDir(), { create: values.out === undefined });
  const proofs = new ProofStore(paths.proofs);
  const audit = existsSync(paths.auditLog) ? new AuditLog(paths.auditLog).entries() : [];
  const repository = values.repository ?? exchangeName(opened.bundle, basename(file));
  const recordOptions = { anchor, source: opened.doc.source, ...proofReviewOptions(proofs, repository), audit, witnesses, generatedAt: new Date() };
  let record: CeremonyRecord;
  if (values.out === undefined) {
    // Named as the sign path names it (the audit log's repository), so this is the same record.
    const kept = keepCeremonyRecord(doc, { ...recordOptions, recordsDir: recordsDir(paths.dataDir), repository: exchangeName(opened.bundle, basename(file)) });
    record = kept.record;
    io.stdout(`${kept.replaced ? 'Updated' : 'Wrote'} the ceremony record ${kept.path} (sha256 ${record.sha256})`);
  } else {
    record = ceremonyRecord(doc, { ...recordOptions, repository });
    writeFileAtomic(values.out, record.html, { overwrite: force });
    io.stdout(`Wrote the ceremony record ${values.out} (sha256 ${record.sha256})`);
  }
  if (values.pdf !== undefined) {
    printRecordToPdf(record.html, values.pdf, { overwrite: force });
    io.stdout(`Printed it to ${values.pdf}`);
  }
  for (const r of record.review.roles) io.stdout(`  ${r.role} v${r.version}: ${STANDING_LINE[roleStanding(r.signatures.thresholds, r.threshold.met)]}; ${r.signatures.valid.length} signature${r.signatures.valid.length === 1 ? '' : 's'} listed`);
  return 0;
}
