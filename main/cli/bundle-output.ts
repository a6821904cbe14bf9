// Writing a signature into a bundle folder (`sign DIR`): in place, atomically, or to a new bundle with --out.
import { basename } from 'node:path';
import { SignerError } from '../../shared/errors.js';
import { addSignature } from '../core/exchange/bundle.js';
import type { SignOutcome } from '../core/signers/sign-document.js';
import type { OpenedInput } from './open-input.js';

/** Returns how to name the bundle written in messages: its path and fingerprint. */
export function addSignatureToBundle(input: OpenedInput, outcome: SignOutcome, options: { out?: string; force: boolean }): string {
  // Nothing about a bundle can be forced: a silently ignored --force would let a holder believe a
  // signature or a folder was replaced when it was not.
  if (options.force) {
    throw new SignerError(
      'USAGE',
      '--force does not apply to bundle folders: a bundle is never overwritten and a signature already in it is never replaced; nothing was written. Sign again without --force (with --out NEW_DIR to write a new bundle)',
    );
  }
  const target = input.bundle ?? (input.bundleDir as string);
  const written = addSignature(target, outcome, options.out !== undefined ? { outDir: options.out } : {});
  const restored = written.recoveredFrom ? ` (an interrupted earlier update was undone first)` : '';
  const leftovers = written.leftovers.map((l) => `; note: ${basename(l)} beside it is left over from an interrupted write (never read; delete it)`).join('');
  return `${written.path}, fingerprint ${written.fingerprint}${restored}${leftovers}`;
}
