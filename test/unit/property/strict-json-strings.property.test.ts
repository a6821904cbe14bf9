// The strict scanner skips plain runs inside strings with a regular expression
// (shared/json/strict-json.ts): whatever the characters, it must accept exactly the strings
// JSON.parse accepts whose value is well-formed UTF-16, and return JSON.parse's value for them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonInputError, parseStrictJson } from '../../../shared/json/strict-json.js';

// Quotes, backslashes and escape letters (never "u": \u escapes have their own tests), control
// characters, lone and paired surrogates, non-ASCII, and long plain runs between them.
const piece = fc.oneof(
  fc.constantFrom('"', '\\', 'n', 't', '/', 'b', '\u0000', '\u0001', '\n', '\u001f', ' ', '\ud800', '\udc00', '\udbff\udfff', 'é', '\u{1F600}', '\u2028', '\u007f'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).filter((s) => !s.includes('u')),
);
const rawString = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

function expectSameAsJsonParse(text: string): void {
  let expected: { value: unknown } | undefined;
  try {
    const value: unknown = JSON.parse(text);
    // A value with a lone surrogate cannot be signed (no UTF-8): the strict parser refuses it.
    expected = wellFormed(value) ? { value } : undefined;
  } catch {
    expected = undefined;
  }
  let actual: { value: unknown } | { error: unknown };
  try {
    actual = { value: parseStrictJson(text) };
  } catch (error) {
    actual = { error };
  }
  if (expected) expect(actual).toEqual(expected);
  else expect('error' in actual && actual.error instanceof JsonInputError).toBe(true);
}

function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object' && value !== null) return Object.entries(value).every(([k, v]) => k.isWellFormed() && wellFormed(v));
  return true;
}

describe('parseStrictJson strings', () => {
  it('accepts exactly the well-formed strings JSON.parse accepts, as values and as keys', () => {
    fc.assert(
      fc.property(rawString, rawString, (a, b) => {
        expectSameAsJsonParse(`"${a}"`);
        expectSameAsJsonParse(`{"${a}#": "${b}", "k": ["${b}", 1]}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('names what is wrong in a string: unterminated, a raw control character, a lone surrogate', () => {
    expect(() => parseStrictJson('{"a": "abc')).toThrow(/unterminated string/);
    expect(() => parseStrictJson('"abc\\"')).toThrow(/unterminated string/);
    expect(() => parseStrictJson('"a\u0001b"')).toThrow(/raw control character/);
    expect(() => parseStrictJson('"a\ud800b"')).toThrow(/lone surrogate/);
    expect(parseStrictJson('"a\ud83d\ude00b"')).toBe('a\u{1F600}b');
  });
});
