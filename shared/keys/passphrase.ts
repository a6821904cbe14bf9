// The passphrase rule for new keys, shared by the engine (which enforces it) and the Keys screen
// (which says it before main does).

export const MIN_PASSPHRASE_LENGTH = 8;

/** Characters as a person counts them (code points): not UTF-8 bytes, not UTF-16 units. */
export function passphraseLength(text: string): number {
  return [...text].length;
}
