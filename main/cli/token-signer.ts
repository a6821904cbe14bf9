// `sign --pkcs11-module` flags -> a PKCS#11 AsyncSigner. The key is picked by --key-label/--key-id
// or, without them, by matching the token's public keys to the keys the document asks for.
// The PIN is read (file or terminal prompt) only when signing starts, after the document check.

import { SignerError } from '../../shared/errors.js';
import type { RstufDocument } from '../../shared/tuf/documents.js';
import type { RootMetadata, TufKey } from '../../shared/tuf/types.js';
import { computeKeyId } from '../core/tuf/tuf-keys.js';
import { matchKeysToDocument, wantedKeys } from '../core/tokens/match-keys.js';
import { createPkcs11Signer, type PinRequest, type Pkcs11Signer } from '../core/signers/pkcs11-signer.js';
import { listKeys, listTokens, type TokenKey, type TokenSummary } from '../core/tokens/token-list.js';
import { describePinTries } from '../core/tokens/token-errors.js';
import { readSecretFile, type CliIo } from './io.js';

export interface TokenSignerFlags {
  module: string;
  token: string | undefined;
  keyLabel: string | undefined;
  keyId: string | undefined;
  pinFile: string | undefined;
  doc: RstufDocument;
  trustedRoot: RootMetadata | undefined;
}

export async function createTokenSignerFromFlags(flags: TokenSignerFlags, io: CliIo): Promise<Pkcs11Signer> {
  if (flags.keyLabel !== undefined && flags.keyId !== undefined) throw new SignerError('USAGE', 'give --key-label or --key-id, not both');
  const tokenRef = flags.token ?? (await onlyToken(flags.module));
  const keys = await listKeys(flags.module, tokenRef);
  const matches = matchKeysToDocument(keys, flags.doc, flags.trustedRoot);

  let keyId = flags.keyId;
  let expectedKey: TufKey | undefined;
  if (flags.keyLabel !== undefined || flags.keyId !== undefined) {
    const chosen = keys.find((k) => (flags.keyId !== undefined ? k.id === normalizeId(flags.keyId) : k.labels.includes(flags.keyLabel as string)));
    expectedKey = matches.find((m) => m.tokenKey === chosen)?.wanted.key;
  } else {
    const fresh = matches.filter((m) => !m.wanted.alreadySigned);
    const usable = fresh.length > 0 ? fresh : matches;
    const distinct = [...new Set(usable.map((m) => m.tokenKey))];
    if (distinct.length === 0) throw noMatchingKey(keys, flags, tokenRef);
    if (distinct.length > 1) {
      throw new SignerError('USAGE', `several keys on the token can sign this document (${distinct.map(describeKey).join('; ')}); choose one with --key-label or --key-id`);
    }
    const match = usable.find((m) => m.tokenKey === distinct[0]);
    keyId = match?.tokenKey.id;
    expectedKey = match?.wanted.key;
  }

  return createPkcs11Signer({
    modulePath: flags.module,
    token: tokenRef,
    ...(keyId !== undefined ? { keyId } : flags.keyLabel !== undefined ? { keyLabel: flags.keyLabel } : {}),
    ...(expectedKey ? { expectedKey } : {}),
    pin: (request) => readPin(request, flags.pinFile, io),
    onWaitingForTouch: ({ token, key }) => io.stderr(`Touch your key now if it blinks (${token}, ${key})...`),
  });
}

export async function readPin(request: PinRequest, pinFile: string | undefined, io: CliIo): Promise<Buffer> {
  const tries = describePinTries(request.token.flags);
  if (tries) io.stderr(`rstuf-signer: warning: ${request.token.displayName}: ${tries}`);
  if (pinFile) return readSecretFile(pinFile, 'PIN');
  return io.promptSecret(`PIN for ${request.token.displayName} (provide touch if the key asks for it): `);
}

export async function onlyToken(modulePath: string): Promise<string> {
  const tokens = await listTokens(modulePath);
  if (tokens.length === 1) {
    const only = tokens[0] as TokenSummary;
    return only.serial || only.label;
  }
  if (tokens.length === 0) throw new SignerError('TOKEN_NOT_FOUND', `no token is plugged in for module ${modulePath}; plug the key in and try again`);
  throw new SignerError('USAGE', `several tokens are present (${tokens.map((t) => `"${t.label}" serial ${t.serial}`).join(', ')}); choose one with --token`);
}

function noMatchingKey(keys: TokenKey[], flags: TokenSignerFlags, tokenRef: string): SignerError {
  const wanted = wantedKeys(flags.doc, flags.trustedRoot);
  const onToken = keys.map(describeKey).join('; ') || 'none';
  const asked = wanted.map((w) => `${w.name} (${w.keyid.slice(0, 8)})`).join(', ') || 'none';
  return new SignerError(
    'TOKEN_KEY_NOT_FOUND',
    `no key on token "${tokenRef}" is one this document asks for; keys on the token: ${onToken}; the document asks for: ${asked}. Check that the right token is plugged in`,
  );
}

function describeKey(k: TokenKey): string {
  const keyid = k.publicKey ? `, keyid ${computeKeyId(k.publicKey).slice(0, 8)}` : '';
  return `${k.displayName}${k.label && k.label !== k.displayName ? ` "${k.label}"` : ''} (id ${k.id || 'none'}, ${k.type}${keyid})`;
}

const normalizeId = (id: string): string => id.toLowerCase().replace(/^0x/, '').replace(/[:\s]/g, '');
