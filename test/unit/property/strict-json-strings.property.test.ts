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

  // A text without surrogates takes the quick string scan (a string ends at the next quote when
  // no backslash comes first; raw control characters are left to JSON.parse); a surrogate anywhere
  // makes the whole scan exact. The same text followed by "ab" or by a surrogate pair (same
  // length) must get the same verdict and the same message, position included.
  it('the quick string scan gives the verdicts and messages of the exact scan', () => {
    const plainPiece = piece.filter((p) => !/[\ud800-\udfff]/.test(p));
    const plainString = fc.array(plainPiece, { maxLength: 12 }).map((parts) => parts.join(''));
    const outcome = (text: string): unknown => {
      try {
        return { value: (parseStrictJson(text) as unknown[]).slice(0, -1) };
      } catch (error) {
        return { code: (error as JsonInputError).code, message: (error as Error).message };
      }
    };
    fc.assert(
      fc.property(plainString, plainString, (a, b) => {
        for (const text of [`"${a}"`, `{"${a}#": "${b}", "k": ["${b}", 1]}`, `{"${b}": 1, "${b}": 2}`]) {
          expect(outcome(`[${text},"ab"]`)).toEqual(outcome(`[${text},"\u{1F600}"]`));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('names what is wrong in a string: unterminated, a raw control character, a lone surrogate', () => {
    expect(() => parseStrictJson('{"a": "abc')).toThrow(/unterminated string/);
    expect(() => parseStrictJson('"abc\\"')).toThrow(/unterminated string/);
    expect(() => parseStrictJson('"a\u0001b"')).toThrow(/raw control character/);
    expect(() => parseStrictJson('{"k": "a\u0001b", "k": 1}')).toThrow('raw control character in a string (must be escaped) (line 1, column 9)');
    expect(() => parseStrictJson('["a\\"b", "c\nd"]')).toThrow('raw control character in a string (must be escaped) (line 1, column 12)');
    expect(() => parseStrictJson('"a\ud800b"')).toThrow(/lone surrogate/);
    expect(parseStrictJson('"a\ud83d\ude00b"')).toBe('a\u{1F600}b');
  });
});

// Objects of more than 8 keys are checked for duplicates by counting after JSON.parse, then
// rescanned exactly; the outcome must be what checking every key in the text gives: the first
// duplicate in the text, with its position.
type Tree = number | { entries: [string, Tree][] };
const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', '__proto__', 'é');
const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.nat(9), fc.record({ entries: fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 14 }) })),
})).tree;

/** The text of `tree` (every third value wrapped in an array), and its first duplicate key. */
function serialize(tree: Tree): { text: string; firstDuplicate?: { key: string; column: number } } {
  let text = '';
  let firstDuplicate: { key: string; column: number } | undefined;
  const write = (t: Tree, wrapInArray: boolean): void => {
    if (typeof t === 'number') {
      text += String(t);
      return;
    }
    if (wrapInArray) text += '[0,';
    text += '{';
    const seen = new Set<string>();
    t.entries.forEach(([key, value], i) => {
      if (i > 0) text += ',';
      if (seen.has(key) && !firstDuplicate) firstDuplicate = { key, column: text.length + 1 };
      seen.add(key);
      text += `${JSON.stringify(key)}:`;
      write(value, i % 3 === 2);
    });
    text += '}';
    if (wrapInArray) text += ']';
  };
  write(tree, false);
  return firstDuplicate ? { text, firstDuplicate } : { text };
}

describe('parseStrictJson duplicate keys', () => {
  it('refuses exactly the texts with a duplicate key and names the first one, in small and big objects', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const { text, firstDuplicate } = serialize(tree);
        if (!firstDuplicate) {
          expect(parseStrictJson(text)).toEqual(JSON.parse(text));
          return;
        }
        expect(() => parseStrictJson(text)).toThrow(`duplicate key "${firstDuplicate.key}" (line 1, column ${firstDuplicate.column})`);
      }),
      { numRuns: 3000 },
    );
  });

  it('reports a duplicate in a big object before a later syntax error, as a key-by-key check does', () => {
    const big = Array.from({ length: 12 }, (_, i) => `"k${i}":${i}`).join(',');
    expect(() => parseStrictJson(`{"t":{${big},"k1":3},"v":1.5}`)).toThrow(/duplicate key "k1"/);
    expect(() => parseStrictJson(`{"t":{${big},"k1":3}`)).toThrow(/duplicate key "k1"/);
    expect(() => parseStrictJson(`{"t":{${big}},"t":{}}`)).toThrow(/duplicate key "t"/);
    expect(parseStrictJson(`{"t":{${big}},"u":[{${big}}]}`)).toEqual(JSON.parse(`{"t":{${big}},"u":[{${big}}]}`));
  });
});

// The quick scan (shared/json/strict-json.ts) only decides whether a text is clean; anything it
// does not settle goes to the exact scan. A surrogate anywhere makes the whole scan exact, so the
// same text followed by "ab" or by a surrogate pair (same length) must get the same verdict and
// the same message, position included, whatever is wrong with it.
describe('parseStrictJson quick and exact scans', () => {
  const outcome = (text: string, maxDepth: number): unknown => {
    try {
      return { value: (parseStrictJson(text, { maxDepth }) as unknown[]).slice(0, -1) };
    } catch (error) {
      return { code: (error as JsonInputError).code, message: (error as Error).message };
    }
  };
  // JSON texts (escapes, floats, -0, big and small objects, arrays, literals), then a few edits:
  // a structural or number character inserted, or a character deleted.
  const edit = fc.tuple(fc.nat(), fc.constantFrom('"', '\\', ',', ':', '{', '}', '[', ']', '0', '1', '.', 'e', '-', ' ', '\n', '\u0001', 'u', 't', 'x'), fc.boolean());
  const text = fc
    .tuple(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(undefined, 1), fc.array(edit, { maxLength: 3 }))
    .map(([value, indent, edits]) => {
      let t = JSON.stringify(value, null, indent);
      for (const [at, ch, remove] of edits) {
        const i = at % (t.length + 1);
        t = remove ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + ch + t.slice(i);
      }
      return t;
    });

  it('agree on arbitrary and damaged JSON texts, at any depth limit', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 8 }), (t, maxDepth) => {
        expect(outcome(`[${t},"ab"]`, maxDepth)).toEqual(outcome(`[${t},"\u{1F600}"]`, maxDepth));
      }),
      { numRuns: 5000 },
    );
  });

  it('agree on keys and numbers the quick scan hands over: escaped keys, leading zeros, fractions, unsafe integers', () => {
    for (const t of [
      '{"a\\u0062": 1, "ab": 2}',
      '{"a\\"": 1, "a\\"": 2}',
      '{"k": "\\ud83d\\ude00"}',
      '{"k": "\\ud83d"}',
      '{"k": "\\x"}',
      '{"k": 01}',
      '{"k": -01}',
      '{"k": 1.0}',
      '{"k": 1e3}',
      '{"k": -}',
      '{"k": 9007199254740993}',
      '{"k": 9007199254740991}',
      '{"k": tru}',
      '{"k": nul}',
      '{"k" 1}',
      '{"k": 1,}',
      '[1,]',
      '[1 2]',
      '{}',
      '[]',
      '[[[[[[]]]]]]',
    ]) {
      expect(outcome(`[${t},"ab"]`, 6)).toEqual(outcome(`[${t},"\u{1F600}"]`, 6));
    }
  });

  it('takes any depth limit, as the exact scan does (the quick scan sizes its stacks by it)', () => {
    for (const maxDepth of [Infinity, Number.NaN, 1e8, 1025, 0]) {
      expect(outcome(`[{"a":[1]},"ab"]`, maxDepth)).toEqual(outcome(`[{"a":[1]},"\u{1F600}"]`, maxDepth));
    }
    expect(parseStrictJson('{"a":[[1]]}', { maxDepth: Infinity })).toEqual({ a: [[1]] });
    expect(() => parseStrictJson('[[1]]', { maxDepth: 0 })).toThrow(/nesting deeper than 0 levels/);
  });
});
