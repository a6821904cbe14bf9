// The holder's yes and secret, asked by main (main/services/dialogs.ts: Electron's own windows, the
// browser shell's terminal) before every signature and every pin. The page's "I reviewed this" and
// its reviewed sha256 are necessary but never sufficient: a compromised page could send both, so the
// decision that outlives the page is confirmed where the page cannot draw.

import { SignerError } from '../../shared/errors.js';
import type { ReviewedRole } from '../../shared/ipc/schemas.js';
import { printable } from '../../shared/review/words.js';
import { MIN_PASSPHRASE_LENGTH } from '../../shared/keys/passphrase.js';
import type { RstufDocument } from '../../shared/tuf/documents.js';
import { selectRoles } from '../core/signers/sign-document.js';
import { CancelledError } from './cancelled.js';
import type { Dialogs } from './dialogs.js';

export interface SigningQuestion {
  /** One line: what is signed, with what. */
  message: string;
  /** Role, version and the short sha256 of the bytes, one line per role the key may sign. */
  detail: string;
}

/** The words of the confirmation (and of main's passphrase or PIN prompt, which doubles as it). */
export function signingQuestion(doc: RstufDocument, role: string | undefined, reviewed: readonly ReviewedRole[], itemName: string, signerLabel: string): SigningQuestion {
  const roles = selectRoles(doc, role);
  const lines = roles.map((p) => {
    const sha256 = reviewed.find((r) => r.role === p.name)?.sha256 ?? '';
    return `${printable(p.name)} v${p.metadata.signed.version}: sha256 ${sha256.slice(0, 16)}…`;
  });
  return {
    message: `Sign ${roles.length === 1 ? printable(roles[0]!.name) : 'one of these roles'} in ${printable(itemName)} with ${printable(signerLabel)}?`,
    detail: [...lines, 'The sha256 is the one the review shows: compare it with the other key holders.'].join('\n'),
  };
}

/** Asks main's yes/no question; a no is CANCELLED and nothing happens. */
export async function confirmOrCancel(dialogs: Dialogs, question: SigningQuestion, what: string, confirmLabel: string): Promise<void> {
  const yes = await dialogs.confirm({ title: `${what}: confirm`, message: question.message, detail: question.detail, confirmLabel });
  if (!yes) throw new CancelledError(what);
}

/**
 * The secret for one signature. Where main asks (`questions: 'main'`), its prompt is also the
 * confirmation and a secret sent by the page is refused (the page should never have seen it);
 * otherwise the page's secret is used after main's confirmation. Returns bytes the caller zeroes.
 */
export async function secretForSigning(
  dialogs: Dialogs,
  request: { kind: 'passphrase' | 'pin'; fromPage: string | undefined; unlocks: string; question: SigningQuestion },
): Promise<Buffer | undefined> {
  const what = request.kind === 'pin' ? 'PIN' : 'passphrase';
  if (dialogs.questions === 'main') {
    if (request.fromPage !== undefined) throw new SignerError('USAGE', `this app asks for the ${what} in its own window; the page must not send it (nothing was signed)`);
    const secret = await dialogs.askSecret({ title: `Unlock ${printable(request.unlocks)} to sign`, message: request.question.message, detail: request.question.detail, kind: request.kind });
    if (secret === null) throw new CancelledError('Signing');
    return secret;
  }
  await confirmOrCancel(dialogs, request.question, 'Signing', 'Sign');
  return request.fromPage === undefined ? undefined : Buffer.from(request.fromPage, 'utf8');
}

/**
 * The passphrase of a new key. Where main asks, it is chosen in main's prompt (typed twice, long
 * enough) and one sent by the page is refused; otherwise the page's is used. The key generator
 * checks the length again. Returns bytes the caller zeroes.
 */
export async function passphraseForNewKey(dialogs: Dialogs, fromPage: string | undefined, keyName: string): Promise<Buffer> {
  if (dialogs.questions === 'main') {
    if (fromPage !== undefined) throw new SignerError('USAGE', 'this app asks for the new key\'s passphrase in its own window; the page must not send it (nothing was written)');
    const secret = await dialogs.askSecret({
      title: `Choose a passphrase for ${printable(keyName)}`,
      message: 'It encrypts the new private key before it is written; without it the key cannot be used.',
      detail: '',
      kind: 'passphrase',
      purpose: 'new',
      minLength: MIN_PASSPHRASE_LENGTH,
    });
    if (secret === null) throw new CancelledError('Generating a key');
    return secret;
  }
  if (fromPage === undefined) throw new SignerError('PASSPHRASE_REQUIRED', `choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters for the new key`);
  return Buffer.from(fromPage, 'utf8');
}
