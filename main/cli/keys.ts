// Turning --key / --passphrase-file into an AsyncSigner (PKCS#11 flags are handled by tokens.ts).

import { MAX_PRIVATE_KEY_FILE_BYTES } from '../core/keys/private-key-file.js';
import { readRegularFile } from '../core/platform/read-file.js';
import { basename } from 'node:path';
import { prefixed, SignerError } from '../../shared/errors.js';
import { describePrivateKeyText, loadPrivateKey } from '../core/keys/private-key-file.js';
import { KeyFileSigner } from '../core/signers/key-file-signer.js';
import type { AsyncSigner } from '../core/signers/signer.js';
import { readSecretFile, type CliIo } from './io.js';

export async function keyFileSigner(keyPath: string, passphraseFile: string | undefined, io: CliIo): Promise<AsyncSigner> {
  const text = readRegularFile(keyPath, {
    label: `key file ${keyPath}`,
    maxBytes: MAX_PRIVATE_KEY_FILE_BYTES,
    unreadableCode: 'KEY_UNREADABLE',
    tooLargeCode: 'KEY_UNREADABLE',
    tooLarge: () => `${keyPath} is too large to be a private key file`,
  }).toString('utf8');
  const name = basename(keyPath);
  const { encrypted, format } = describePrivateKeyText(text);
  try {
    // Not a key, or a damaged/truncated one: say so (naming the file) before asking for a passphrase.
    if (format === 'unknown' || encrypted) loadPrivateKey(text);
  } catch (error) {
    if (!(error instanceof SignerError)) throw error;
    if (error.code !== 'PASSPHRASE_REQUIRED') throw prefixed(error, name);
  }
  let passphrase: Buffer | undefined;
  if (encrypted) passphrase = passphraseFile ? readSecretFile(passphraseFile, 'passphrase') : await io.promptSecret(`Passphrase for ${name}: `);
  else io.stderr(`rstuf-signer: warning: ${name} is not encrypted; keep offline keys encrypted (rstuf-signer keygen writes encrypted keys)`);
  try {
    const loaded = loadPrivateKey(text, passphrase);
    return new KeyFileSigner(loaded.key, `key file ${name}`, loaded.legacyScheme);
  } catch (error) {
    if (error instanceof SignerError) throw prefixed(error, name);
    throw error;
  } finally {
    passphrase?.fill(0);
  }
}
