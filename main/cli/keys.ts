// Turning --key / --passphrase-file into an AsyncSigner (PKCS#11 flags are handled by tokens.ts).

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SignerError } from '../../shared/errors.js';
import { describePrivateKeyText, loadPrivateKey } from '../core/keys/private-key-file.js';
import { KeyFileSigner } from '../core/signers/key-file-signer.js';
import type { AsyncSigner } from '../core/signers/signer.js';
import { readSecretFile, type CliIo } from './io.js';

export async function keyFileSigner(keyPath: string, passphraseFile: string | undefined, io: CliIo): Promise<AsyncSigner> {
  let text: string;
  try {
    text = readFileSync(keyPath, 'utf8');
  } catch (error) {
    throw new SignerError('KEY_UNREADABLE', `cannot read key file ${keyPath}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const name = basename(keyPath);
  const { encrypted, format } = describePrivateKeyText(text);
  try {
    // Not a key, or a damaged/truncated one: say so (naming the file) before asking for a passphrase.
    if (format === 'unknown' || encrypted) loadPrivateKey(text);
  } catch (error) {
    if (!(error instanceof SignerError)) throw error;
    if (error.code !== 'PASSPHRASE_REQUIRED') throw new SignerError(error.code, `${name}: ${error.message}`, { cause: error });
  }
  let passphrase: Buffer | undefined;
  if (encrypted) passphrase = passphraseFile ? readSecretFile(passphraseFile, 'passphrase') : await io.promptSecret(`Passphrase for ${name}: `);
  else io.stderr(`rstuf-signer: warning: ${name} is not encrypted; keep offline keys encrypted (rstuf-signer keygen writes encrypted keys)`);
  try {
    const loaded = loadPrivateKey(text, passphrase);
    return new KeyFileSigner(loaded.key, `key file ${name}`, loaded.legacyScheme);
  } catch (error) {
    if (error instanceof SignerError) throw new SignerError(error.code, `${name}: ${error.message}`, { cause: error });
    throw error;
  } finally {
    passphrase?.fill(0);
  }
}
