import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import type { KeySource, ReviewedRole } from '../../../shared/ipc/schemas.js';
import { AuditLog } from '../../services/audit-log.js';
import { proofReviewOptions, ProofStore } from '../../services/proofs.js';
import { ReviewChangedError } from '../../services/review-check.js';
import { preflightSigning, signAndRecord } from '../../services/sign-service.js';
import { selectRoles } from '../../core/signers/sign-document.js';
import type { AsyncSigner } from '../../core/signers/signer.js';
import { writeFileAtomic } from '../../core/platform/atomic-file.js';
import { appPaths, defaultDataDir } from '../../core/platform/data-dir.js';
import { reviewDocument } from '../../core/review/review-document.js';
import { WARNING_MARK } from '../../../shared/review/words.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';
import { formatThresholds } from '../format.js';
import { keyFileSigner } from '../keys.js';
import { openInput, openTrustedRoot } from '../open-input.js';
import { anchorForCommand } from '../../core/trust/select.js';
import { tokenLabelOf } from '../../core/tokens/token-list.js';
import { recordsDir } from '../../core/ceremony/record-file.js';
import { exchangeName } from '../../core/exchange/bundle.js';

const HELP = `Usage: rstuf-signer sign FILE --key KEY.pem [--passphrase-file F] [--role ROLE]
                        [--trusted-root ROOT.json] [--trust-store DIR] [--repository NAME] [--out OUT] [--force]
                        [--expect-sha256 HEX]
       rstuf-signer sign FILE --pkcs11-module PATH --token LABEL|SERIAL [--key-label L | --key-id ID]
                        [--pin-file F] [--role ROLE] [--trusted-root ROOT.json] [--out OUT] [--force]
                        [--expect-sha256 HEX]

Signs the pending metadata in FILE. For a sign-pending response (GET /api/v1/metadata/sign) it
writes RSTUF's sign payload {"role", "signature"} (default sign-payload.json); for a bootstrap or
update payload or bare metadata it writes the same document with the signature added
(default <FILE>-signed.json). Signing root vN > 1 checks the key against root vN-1 as well:
pass it with --trusted-root when FILE does not carry it, or pin the repository's root
(rstuf-signer trust pin): then FILE's trusted root must chain from the pin (--trust-store DIR,
or the default store), and a trusted root FILE lacks is taken from the store.

FILE may be a bundle folder (rstuf-signer pull / bundle create): the signature is added to it in
place, atomically, manifest included (a sign payload file per signature for sign-pending bundles);
--out DIR2 writes a new bundle instead. A second signature by the same key is refused.

Before it asks for a passphrase or PIN it prints the warnings of the review and the sha256 of the
bytes it will sign. --expect-sha256 HEX (the sha256 \`rstuf-signer inspect\` showed) signs only
when the role's canonical bytes still hash to HEX; otherwise nothing is signed or written.
Metadata that lists one key under two key ids is refused. Every signature is appended to the
audit log of the data folder ($RSTUF_SIGNER_HOME; see \`rstuf-signer audit\`), and a signature of
a root rewrites its ceremony record there, records/<repository>/root-v<N>.html (see
\`rstuf-signer record\`); a record that cannot be written is a warning, the signature stands.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      key: { type: 'string' },
      'passphrase-file': { type: 'string' },
      role: { type: 'string' },
      'trusted-root': { type: 'string' },
      'trust-store': { type: 'string' },
      repository: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      'pkcs11-module': { type: 'string' },
      token: { type: 'string' },
      'key-label': { type: 'string' },
      'key-id': { type: 'string' },
      'pin-file': { type: 'string' },
      'expect-sha256': { type: 'string' },
    },
    HELP,
  );
  const file = requireOne(positionals, 'FILE', HELP);
  if (!values.key === !values['pkcs11-module']) throw new SignerError('USAGE', `give either --key or --pkcs11-module\n\n${HELP}`);
  const expected = values['expect-sha256']?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) throw new SignerError('USAGE', `--expect-sha256 takes the 64 hex digits of a sha256, not "${values['expect-sha256']}"`);
  const opened = openInput(file);
  const { anchor, doc } = anchorForCommand(opened.doc, { trustStore: values['trust-store'], repository: values.repository }, openTrustedRoot(values['trusted-root']));
  const trustedRoot = anchor.trustedRoot ?? doc.trustedRoot;

  // Refuse what would fail at write time before asking for a passphrase or PIN (or a touch).
  if (opened.bundleDir !== undefined && values.force) {
    throw new SignerError('USAGE', '--force does not apply to bundle folders: a bundle is never overwritten and a signature already in it is never replaced. Sign again without --force (with --out NEW_DIR to write a new bundle)');
  }
  const out = values.out ?? (doc.kind === 'sign-pending' ? 'sign-payload.json' : `${basename(file).replace(/\.json$/i, '')}-signed.json`);
  if (opened.bundleDir === undefined && !values.force && existsSync(out)) {
    throw new SignerError('OUTPUT_EXISTS', `${out} already exists; choose another name with --out or pass --force to replace it`);
  }

  // What will be signed, said before any secret is asked for: the review's warnings and the hash.
  // Named as the app names it: the API the bundle came from, else the file or folder name.
  const repository = values.repository ?? exchangeName(opened.bundle, basename(file));
  // A root that no longer lists a key this laptop proved for it is a danger said here, before signing.
  const proofs = proofReviewOptions(new ProofStore(appPaths(defaultDataDir(), { create: false }).proofs), repository);
  const review = reviewDocument(doc, { anchor, source: opened.doc.source, ...proofs });
  const candidates = selectRoles(doc, values.role);
  let role = values.role;
  let reviewed: ReviewedRole[];
  if (expected !== undefined) {
    const matching = candidates.filter((p) => review.roles.find((r) => r.role === p.name)?.signedSha256 === expected);
    if (matching.length === 0) {
      const now = candidates.map((p) => `${p.name} ${review.roles.find((r) => r.role === p.name)?.signedSha256 ?? '?'}`).join(', ');
      throw new ReviewChangedError(`${opened.doc.source} is not what was inspected: expected sha256 ${expected}, but it now holds ${now}; nothing was signed or written`);
    }
    role = matching[0]!.name;
    reviewed = [{ role, sha256: expected }];
  } else {
    reviewed = review.roles.map((r) => ({ role: r.role, sha256: r.signedSha256 }));
  }
  for (const r of review.roles.filter((r) => role === undefined || r.role === role)) {
    io.stdout(`${r.role} v${r.version}: sha256 of the bytes to sign ${r.signedSha256}`);
    for (const w of r.warnings.filter((w) => w.level !== 'info')) io.stdout(`  ${WARNING_MARK[w.level]} [${w.code}] ${w.message}`);
  }
  preflightSigning({ doc, ...(trustedRoot ? { trustedRoot } : {}), ...(role !== undefined ? { role } : {}), reviewed, itemName: opened.doc.source });
  const dataPaths = appPaths(defaultDataDir());
  const audit = new AuditLog(dataPaths.auditLog);

  let signer: AsyncSigner;
  let keySource: KeySource;
  if (values.key) {
    signer = await keyFileSigner(values.key, values['passphrase-file'], io);
    keySource = { kind: 'file', fileName: basename(values.key) };
  } else {
    const { createTokenSignerFromFlags } = (await import('../token-signer.js')) as typeof import('../token-signer.js');
    const tokenSigner = await createTokenSignerFromFlags(
      { module: values['pkcs11-module'] as string, token: values.token, keyLabel: values['key-label'], keyId: values['key-id'], pinFile: values['pin-file'], doc, trustedRoot },
      io,
    );
    signer = tokenSigner;
    keySource = { kind: 'token', serial: tokenSigner.tokenSummary.serial, label: tokenLabelOf(tokenSigner.tokenSummary) };
  }
  try {
    // The bundle helper is loaded before signing: `keep` runs synchronously inside the one signing path.
    const { addSignatureToBundle } = opened.bundleDir !== undefined ? ((await import('../bundle-output.js')) as typeof import('../bundle-output.js')) : { addSignatureToBundle: undefined };
    const { outcome, record, kept } = await signAndRecord({
      doc,
      signer,
      ...(role !== undefined ? { role } : {}),
      ...(trustedRoot ? { trustedRoot } : {}),
      reviewed,
      itemName: opened.doc.source,
      audit,
      // Named as the app names it: the API the bundle came from, else the file or folder name.
      repository: exchangeName(opened.bundle, basename(file)),
      keySource,
      ceremonyRecord: { recordsDir: recordsDir(dataPaths.dataDir), anchor, proofs, now: () => new Date() },
      // Written before the ceremony record is, so the record never lists a signature no file holds.
      keep: (signed) => {
        if (addSignatureToBundle !== undefined) return `bundle ${addSignatureToBundle(opened, signed, { ...(values.out ? { out: values.out } : {}), force: values.force ?? false })}`;
        const payload = doc.kind === 'sign-pending' ? { signature: signed.signature, role: signed.role } : signed.signedDocument;
        writeFileAtomic(out, JSON.stringify(payload, null, 2), { overwrite: values.force ?? false });
        return `wrote ${out}`;
      },
    });
    io.stdout(`Signed ${outcome.role} v${outcome.version} with ${outcome.keyName} (${signer.source}); ${kept ?? ''}`);
    for (const line of formatThresholds(outcome.status)) io.stdout(`  ${line}`);
    io.stdout(outcome.status.met ? '  fully signed' : '  more signatures are needed');
    // On stdout beside the signature it records; a record not written is a warning, the signature stands.
    if (record?.written) io.stdout(`Record updated: ${record.path}`);
    else if (record) io.stderr(`rstuf-signer: warning: ${record.problem}`);
    return 0;
  } finally {
    await signer.dispose();
  }
}
