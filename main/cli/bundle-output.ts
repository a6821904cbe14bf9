// Writing a signature into a bundle folder (`sign DIR`): in place, atomically, or to a new bundle with --out.
import { addSignature } from '../exchange/bundle.js';
import type { SignOutcome } from '../engine/signing/sign-document.js';
import type { OpenedInput } from './open-input.js';

/** Returns how to name the bundle written in messages: its path and fingerprint. */
export function addSignatureToBundle(input: OpenedInput, outcome: SignOutcome, options: { out?: string; force: boolean }): string {
  // --force never applies: bundles are never overwritten, and a second signature by a key is always refused.
  const target = input.bundle ?? (input.bundleDir as string);
  const written = addSignature(target, outcome, options.out !== undefined ? { outDir: options.out } : {});
  const restored = written.recoveredFrom ? ` (an interrupted earlier update was undone first)` : '';
  return `${written.path}, fingerprint ${written.fingerprint}${restored}`;
}
