import { SignerError } from '../../../shared/errors.js';
import { isSigningScheme, SUPPORTED_SCHEMES } from '../../core/tuf/tuf-keys.js';
import { generateKeyPair } from '../../core/keys/generate-key.js';
import { writeFileAtomic } from '../../core/platform/atomic-file.js';
import { existsSync, unlinkSync } from 'node:fs';
import { parseCommandArgs } from '../args.js';
import { readSecretFile, type CliIo } from '../io.js';

const HELP = `Usage: rstuf-signer keygen --scheme ${SUPPORTED_SCHEMES.join('|')} --out KEY.pem
                          [--public-out KEY.pub] [--passphrase-file F] [--force]

Writes an encrypted PKCS#8 private key (PBES2, PBKDF2-HMAC-SHA256 600,000 iterations, AES-256-CBC)
and the public key beside it (default KEY.pub). Without --passphrase-file it asks twice on the terminal.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { scheme: { type: 'string' }, out: { type: 'string' }, 'public-out': { type: 'string' }, 'passphrase-file': { type: 'string' }, force: { type: 'boolean' } },
    HELP,
  );
  if (positionals.length) throw new SignerError('USAGE', `unexpected argument ${positionals[0]}\n\n${HELP}`);
  const scheme = values.scheme;
  if (!scheme || !isSigningScheme(scheme)) throw new SignerError('USAGE', `--scheme must be one of ${SUPPORTED_SCHEMES.join(', ')}\n\n${HELP}`);
  const out = values.out;
  if (!out) throw new SignerError('USAGE', `--out is required\n\n${HELP}`);
  const publicOut = values['public-out'] ?? `${out.replace(/\.pem$/, '')}.pub`;
  const force = values.force ?? false;
  for (const p of [out, publicOut]) if (!force && existsSync(p)) throw new SignerError('OUTPUT_EXISTS', `${p} already exists; choose another name or pass --force to replace it`);

  let passphrase: Buffer;
  if (values['passphrase-file']) passphrase = readSecretFile(values['passphrase-file'], 'passphrase');
  else {
    passphrase = await io.promptSecret('New passphrase: ');
    const again = await io.promptSecret('Repeat the passphrase: ');
    const same = again.equals(passphrase);
    again.fill(0);
    if (!same) {
      passphrase.fill(0);
      throw new SignerError('PASSPHRASE_WRONG', 'the two passphrases differ; nothing was written');
    }
  }
  try {
    const key = generateKeyPair(scheme, passphrase);
    writeFileAtomic(out, key.encryptedPrivatePem, { overwrite: force, mode: 0o600 });
    try {
      writeFileAtomic(publicOut, key.publicPem, { overwrite: force });
    } catch (error) {
      // Never leave half a key pair behind.
      if (existsSync(out)) unlinkSync(out);
      throw error;
    }
    io.stdout(`Wrote ${out} (encrypted private key) and ${publicOut} (public key)`);
    io.stdout(`key id ${key.keyid} (${key.tufKey.scheme})`);
    return 0;
  } finally {
    passphrase.fill(0);
  }
}
