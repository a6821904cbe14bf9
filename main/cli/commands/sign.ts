import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { SignerError } from '../../../shared/errors.js';
import { signDocument } from '../../engine/signing/sign-document.js';
import type { AsyncSigner } from '../../engine/signing/signer.js';
import { writeFileAtomic } from '../../platform/atomic-file.js';
import { parseCommandArgs, requireOne } from '../args.js';
import type { CliIo } from '../io.js';
import { formatThresholds } from '../format.js';
import { keyFileSigner } from '../keys.js';
import { openInput, openTrustedRoot } from '../open-input.js';
import { anchorForCommand } from '../../trust/select.js';

const HELP = `Usage: rstuf-signer sign FILE --key KEY.pem [--passphrase-file F] [--role ROLE]
                        [--trusted-root ROOT.json] [--trust-store DIR] [--repository NAME] [--out OUT] [--force]
       rstuf-signer sign FILE --pkcs11-module PATH --token LABEL|SERIAL [--key-label L | --key-id ID]
                        [--pin-file F] [--role ROLE] [--trusted-root ROOT.json] [--out OUT] [--force]

Signs the pending metadata in FILE. For a sign-pending response (GET /api/v1/metadata/sign) it
writes RSTUF's sign payload {"role", "signature"} (default sign-payload.json); for a bootstrap or
update payload or bare metadata it writes the same document with the signature added
(default <FILE>-signed.json). Signing root vN > 1 checks the key against root vN-1 as well:
pass it with --trusted-root when FILE does not carry it, or pin the repository's root
(rstuf-signer trust pin): then FILE's trusted root must chain from the pin (--trust-store DIR,
or the default store), and a trusted root FILE lacks is taken from the store.

FILE may be a bundle folder (rstuf-signer pull / bundle create): the signature is added to it in
place, atomically, manifest included (a sign payload file per signature for sign-pending bundles);
--out DIR2 writes a new bundle instead. A second signature by the same key is refused.`;

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
    },
    HELP,
  );
  const file = requireOne(positionals, 'FILE', HELP);
  if (!values.key === !values['pkcs11-module']) throw new SignerError('USAGE', `give either --key or --pkcs11-module\n\n${HELP}`);
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

  let signer: AsyncSigner;
  if (values.key) {
    signer = await keyFileSigner(values.key, values['passphrase-file'], io);
  } else {
    const { createTokenSignerFromFlags } = (await import('../token-signer.js')) as typeof import('../token-signer.js');
    signer = await createTokenSignerFromFlags(
      { module: values['pkcs11-module'] as string, token: values.token, keyLabel: values['key-label'], keyId: values['key-id'], pinFile: values['pin-file'], doc, trustedRoot },
      io,
    );
  }
  try {
    const outcome = await signDocument({ doc, signer, ...(values.role ? { role: values.role } : {}), ...(trustedRoot ? { trustedRoot } : {}) });
    if (opened.bundleDir !== undefined) {
      const { addSignatureToBundle } = (await import('../bundle-output.js')) as typeof import('../bundle-output.js');
      const written = addSignatureToBundle(opened, outcome, { ...(values.out ? { out: values.out } : {}), force: values.force ?? false });
      io.stdout(`Signed ${outcome.role} v${outcome.version} with ${outcome.keyName} (${signer.source}); bundle ${written}`);
    } else {
      const payload = doc.kind === 'sign-pending' ? { signature: outcome.signature, role: outcome.role } : outcome.signedDocument;
      writeFileAtomic(out, JSON.stringify(payload, null, 2), { overwrite: values.force ?? false });
      io.stdout(`Signed ${outcome.role} v${outcome.version} with ${outcome.keyName} (${signer.source}); wrote ${out}`);
    }
    for (const line of formatThresholds(outcome.status)) io.stdout(`  ${line}`);
    io.stdout(outcome.status.met ? '  fully signed' : '  more signatures are needed');
    return 0;
  } finally {
    await signer.dispose();
  }
}
