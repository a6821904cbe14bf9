// Small pure helpers the review uses to talk about keys, dates and counts in words.

import { isSigstoreKey, sigstoreSigner } from '../tuf/key-id.js';
import { KEY_NAME_FIELD, ONLINE_KEY_URI_FIELD, type TufKey } from '../tuf/types.js';
import type { KeyDetails, KeyRef, ThresholdSummary } from './types.js';

const DAY_MS = 86_400_000;

/** Whole days from `now` until `iso` (negative when past); rounds towards the past like a calendar. */
export function daysUntil(iso: string, now: number): number {
  return Math.floor((Date.parse(iso) - now) / DAY_MS);
}

export function describeDays(days: number): string {
  if (days < 0) return `${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'within a day';
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
export const countWord = (n: number): string => NUMBER_WORDS[n] ?? String(n);
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** x-rstuf-key-name, else the first 8 hex digits of the key id (same rule as the engine). */
export function keyName(keyid: string, key?: TufKey): string {
  const name = key?.[KEY_NAME_FIELD];
  return typeof name === 'string' && name.length > 0 ? name : keyid.slice(0, 8);
}

export function keyRef(keyid: string, key?: TufKey): KeyRef {
  return { keyid, name: keyName(keyid, key) };
}

export function keyDetails(keyid: string, key: TufKey | undefined): KeyDetails {
  const uri = key?.[ONLINE_KEY_URI_FIELD];
  return {
    keyid,
    name: keyName(keyid, key),
    keytype: String(key?.keytype ?? 'unknown'),
    scheme: String(key?.scheme ?? 'unknown'),
    ...(typeof uri === 'string' ? { onlineKeyUri: uri } : {}),
    ...(isSigstoreKey(key) ? { signsElsewhere: sigstoreSigner(key) } : {}),
  };
}

/** "Sigstore identity alice@example.org (issuer https://github.com/login/oauth), signs elsewhere (online, not from this laptop)". */
export const describeSigner = (s: { identity: string; issuer: string }): string =>
  `Sigstore identity ${s.identity || '(none)'} (issuer ${s.issuer || '(none)'}), signs elsewhere (online, not from this laptop)`;

/** Where RSTUF's worker loads an online key from, in words (x-rstuf-online-key-uri, rstuf-formats.md key fact 6). */
export function describeOnlineKeyUri(uri: string): string {
  if (uri.startsWith('fn:')) return `RSTUF's worker loads it from the file "${uri.slice(3)}" in its RSTUF_ONLINE_KEY_DIR (${uri})`;
  if (uri.startsWith('awskms:')) return `RSTUF's worker signs with AWS KMS key ${uri.slice(7)} (${uri})`;
  if (uri.startsWith('gcpkms:')) return `RSTUF's worker signs with Google Cloud KMS key ${uri.slice(7)} (${uri})`;
  if (uri.startsWith('azurekms:')) return `RSTUF's worker signs with Azure Key Vault key ${uri.slice(9).replace(/^\/\//, '')} (${uri})`;
  if (uri.startsWith('hv:')) return `RSTUF's worker signs with HashiCorp Vault transit key ${uri.slice(3)} (${uri})`;
  return `RSTUF's worker loads it from ${uri}, a URI it may not know`;
}

/** "JanisJoplin (50d7e110)" for messages where the id matters too. */
export const describeKey = (k: KeyRef): string => (k.name === k.keyid.slice(0, 8) ? k.keyid.slice(0, 8) : `${k.name} (${k.keyid.slice(0, 8)})`);

export const listNames = (keys: KeyRef[]): string => keys.map((k) => k.name).join(', ');

/** A delegation that lists no key ids, in the CLI's threshold line and the app's signer list alike. */
export const ONLINE_KEY_SIGNS = "lists no key ids, so RSTUF's online key signs this role; no offline key can sign it";
/** The app's badge for such a role, where other roles say "threshold met" or "needs more signatures". */
export const SIGNED_ONLINE = "signed online by RSTUF's online key";
/** A role whose remaining keys are Sigstore keys (they sign elsewhere): nothing is left for this laptop to sign. */
export const WAITS_FOR_ONLINE = 'waits for the online service';

/**
 * Where a role stands for this laptop: every threshold met; signed by RSTUF's online key (every
 * delegation lists no key ids); waiting only for keys that sign elsewhere (Sigstore); or waiting
 * for signatures an offline key can still add.
 */
export type RoleStanding = 'met' | 'online' | 'elsewhere' | 'waiting';

/** One threshold as counted by the engine, in the review model's shape or the app's (signer states). */
type CountedThreshold = { met: boolean; onlineKeySigns?: boolean } & ({ missing: readonly unknown[]; elsewhere?: readonly unknown[] } | { signers: readonly { state: string }[] });

const countOf = (t: CountedThreshold, state: 'missing' | 'elsewhere'): number => ('signers' in t ? t.signers.filter((s) => s.state === state).length : (t[state]?.length ?? 0));

/** The one reading of a role's thresholds for Home, inspect and the ceremony record; `met`: the engine's verdict on the whole role. */
export function roleStanding(thresholds: readonly CountedThreshold[], met = false): RoleStanding {
  if (met) return 'met';
  if (thresholds.length === 0) return 'waiting';
  const open = thresholds.filter((t) => !t.met && !t.onlineKeySigns);
  // Only the engine says "met" (it also needs the delegator, the chain and no refused signature).
  // Nothing left for an offline key: what is left is the online key's to sign, else still waiting.
  if (open.length === 0) return thresholds.some((t) => t.onlineKeySigns && !t.met) ? 'online' : 'waiting';
  return open.every((t) => countOf(t, 'missing') === 0 && countOf(t, 'elsewhere') > 0) ? 'elsewhere' : 'waiting';
}

/** Home's badge for each standing. */
export const STANDING_BADGE: Record<RoleStanding, string> = { met: 'threshold met', online: SIGNED_ONLINE, elsewhere: WAITS_FOR_ONLINE, waiting: 'waiting for signatures' };
/** A role's last signature line in `rstuf-signer inspect` and the ceremony record. */
export const STANDING_LINE: Record<RoleStanding, string> = { met: 'fully signed', waiting: 'not yet fully signed', online: SIGNED_ONLINE, elsewhere: WAITS_FOR_ONLINE };

/**
 * "2 of 3 required signatures (JanisJoplin, JimiHendrix); missing one of: JoeCocker", or
 * "... : threshold met". Counts only valid signatures of authorized keys.
 */
export function describeThreshold(t: ThresholdSummary): string {
  if (t.onlineKeySigns) return `${t.label}: ${ONLINE_KEY_SIGNS}`;
  const have = t.valid.length;
  if (have > t.required) return `${t.label}: ${have} valid signatures (${listNames(t.valid)}), ${t.required} required; threshold met`;
  const head = `${t.label}: ${have} of ${t.required} required signature${t.required === 1 ? '' : 's'}${have ? ` (${listNames(t.valid)})` : ''}`;
  const elsewhere = t.elsewhere?.length ? `; ${listNames(t.elsewhere)} sign${t.elsewhere.length === 1 ? 's' : ''} elsewhere (Sigstore, online, not from this laptop; not counted here)` : '';
  if (t.met) return `${head}; threshold met${elsewhere}`;
  const need = t.required - have;
  if (t.missing.length < need) {
    const here = t.elsewhere?.length ? ' on this laptop' : '';
    return `${head}; cannot be met${here}: ${countWord(need)} more needed but only ${countWord(t.missing.length)} authorized key${t.missing.length === 1 ? '' : 's'} left${t.missing.length ? ` (${listNames(t.missing)})` : ''}${elsewhere}`;
  }
  return `${head}; missing ${countWord(need)} of: ${listNames(t.missing)}${elsewhere}`;
}

// C0/C1 controls, DEL, the bidirectional marks/overrides/isolates (Trojan Source), zero-width
// characters and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const NAMED_CONTROL: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One hidden character spelled out as printable() spells it: "\\u202e", "\\u001b", "\\n". */
export const escapeHidden = (c: string): string => NAMED_CONTROL[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** True when `text` holds a control, bidi or zero-width character (the characters printable() escapes). */
export const hasHiddenCharacters = (text: string): boolean => text.search(TERMINAL_CONTROL) !== -1;

/** The hidden characters of `text`, each once, spelled out ("\\u202e, \\u001b"). */
export function hiddenCharactersOf(text: string): string[] {
  return [...new Set(text.match(TERMINAL_CONTROL) ?? [])].map(escapeHidden);
}

/**
 * `text` cut into plain runs and hidden characters (each spelled out), for a screen to draw the
 * hidden ones as visible markers instead of obeying them.
 */
export function hiddenCharacterParts(text: string, options: { keepNewlines?: boolean } = {}): { text: string; hidden: boolean }[] {
  const parts: { text: string; hidden: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(TERMINAL_CONTROL)) {
    if (m[0] === '\n' && options.keepNewlines) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index), hidden: false });
    parts.push({ text: escapeHidden(m[0]), hidden: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hidden: false });
  return parts;
}

/**
 * Text from a file made safe to print on a terminal: control and bidi characters are spelled out
 * as JSON-style escapes ("\u001b", "\u202e") instead of being obeyed, so a key name cannot erase,
 * hide or reorder review lines. The escapes keep JSON output valid and equal in value.
 * `keepNewlines` leaves line breaks alone (for multi-line text the program itself wrote).
 */
export function printable(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(TERMINAL_CONTROL, (c) => {
    if (c === '\n' && options.keepNewlines) return c;
    return escapeHidden(c);
  });
}

/** How the terminal marks each level, the same words `rstuf-signer sign` prints before it signs. */
export const WARNING_MARK = { danger: 'DANGER', warning: 'warning', info: 'note' } as const;

/**
 * An output channel that prints text from files safely (see `printable`); line breaks the program
 * writes stay. The CLI wraps every command's output with it (main/cli/run-cli.ts).
 */
export function printableIo<T extends { stdout(text: string): void; stderr(text: string): void }>(io: T): T {
  return { ...io, stdout: (text: string) => io.stdout(printable(text, { keepNewlines: true })), stderr: (text: string) => io.stderr(printable(text, { keepNewlines: true })) };
}

/**
 * How a signature's signer is named, the same in `rstuf-signer audit` and the app's Audit log: the
 * key file's name, or the token's own label and its serial (each said once).
 */
export function keySourceWords(source: { kind: 'file'; fileName: string } | { kind: 'token'; serial: string; label: string }): string {
  return source.kind === 'file' ? `key file ${source.fileName}` : `token ${source.label} #${source.serial}`;
}
