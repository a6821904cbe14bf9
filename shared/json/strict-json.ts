// Strict JSON for TUF metadata.
//
// JSON.parse accepts things that break signatures or hide tampering: duplicate keys (the last one
// silently wins, while another implementation may take the first), non-integer numbers (1.0 and 1
// canonicalize differently; securesystemslib refuses floats), integers beyond 2^53 (silently
// rounded) and lone surrogates (not representable in UTF-8, so the canonical bytes are undefined).
// `parseStrictJson` runs a quick linear scan that only decides whether the text is clean, lets the
// native JSON.parse build the objects (several times faster than building them here), and runs the
// exact scan, which says what is wrong and where, only when something is not.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export type JsonErrorCode =
  | 'JSON_TOO_LARGE'
  | 'JSON_TOO_DEEP'
  | 'JSON_SYNTAX'
  | 'JSON_DUPLICATE_KEY'
  | 'JSON_NON_INTEGER'
  | 'JSON_UNSAFE_INTEGER'
  | 'JSON_LONE_SURROGATE';

export class JsonInputError extends Error {
  constructor(
    readonly code: JsonErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'JsonInputError';
  }
}

export interface StrictJsonLimits {
  /** Largest input accepted, in UTF-16 code units (about bytes for ASCII JSON). */
  maxLength: number;
  /** Deepest nesting of arrays and objects. TUF metadata is at most about 8 deep. */
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: StrictJsonLimits = {
  maxLength: 64 * 1024 * 1024,
  maxDepth: 64,
};

const enum Ch {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  Quote = 34,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  UpperE = 69,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  LowerE = 101,
  LBrace = 123,
  RBrace = 125,
}

/** Parses `text` as strict JSON (see the file comment). Throws JsonInputError. */
export function parseStrictJson(text: string, limits: Partial<StrictJsonLimits> = {}): JsonValue {
  return parseStrictJsonWithKeys(text, limits).value;
}

export interface StrictJsonParse {
  value: JsonValue;
  /**
   * Object.keys of each big object (a targets map) as the duplicate-key check listed them. A
   * 100,000-key list costs about 20 ms to make, so a caller that checks the value right away
   * (main/core/tuf/load-document.ts) can reuse it; it is right only while nothing changes the value.
   */
  bigObjectKeys: ReadonlyMap<object, readonly string[]>;
}

/** parseStrictJson, plus the key lists of the big objects it counted. */
export function parseStrictJsonWithKeys(text: string, limits: Partial<StrictJsonLimits> = {}): StrictJsonParse {
  const { maxLength, maxDepth } = { ...DEFAULT_JSON_LIMITS, ...limits };
  if (text.length > maxLength) {
    throw new JsonInputError(
      'JSON_TOO_LARGE',
      `input is ${formatSize(text.length)}, larger than the ${formatSize(maxLength)} limit`,
    );
  }
  // undefined: something the quick scan does not settle (a problem, or a rare construct such as
  // an escaped key): the exact scan throws with the first problem in the text, or passes.
  const bigObjects = quickScan(text, maxDepth);
  if (bigObjects === undefined) new Scanner(text, maxDepth).scanDocument();
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    // The quick scan leaves raw control characters in strings to JSON.parse: the exact scan says
    // which and where. It accepts only valid JSON, so getting past it is unexpected.
    if (bigObjects !== undefined) new Scanner(text, maxDepth).scanDocument();
    throw new JsonInputError('JSON_SYNTAX', `malformed JSON: ${(error as Error).message}`);
  }
  // Big objects (a targets map) are checked for duplicate keys by counting: JSON.parse keeps one
  // value per key, so a big object that came out with fewer keys than the text holds has a
  // duplicate. Then the exact scan (every key in a Set) finds it and says where.
  const bigObjectKeys = new Map<object, readonly string[]>();
  for (const big of bigObjects ?? []) {
    const object = objectAt(value, big.path);
    const keys = object === undefined ? [] : Object.keys(object);
    if (keys.length !== big.keys) {
      new Scanner(text, maxDepth).scanDocument();
      throw new JsonInputError('JSON_DUPLICATE_KEY', 'duplicate key in a big object');
    }
    bigObjectKeys.set(object as object, keys);
  }
  return { value, bigObjectKeys };
}

/** The object at `path` in a parsed value (undefined when there is none: cannot happen). */
function objectAt(root: JsonValue, path: readonly (string | number)[]): object | undefined {
  let at: unknown = root;
  for (const step of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return typeof at === 'object' && at !== null ? at : undefined;
}

// Objects with more keys than this are checked for duplicates after parsing, by count (quick
// scan) or with a Set (exact scan); smaller ones against a short list.
const FEW_KEYS = 8;

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

// What ends a plain run inside a string: the closing quote, an escape, a raw control character
// (refused) or a surrogate (checked for a partner). Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const SPECIAL_IN_STRING = /["\\\u0000-\u001f\ud800-\udfff]/g;

// Any surrogate, paired or not. For a text JavaScript holds as one byte per character (ASCII and
// Latin-1, what JSON metadata is) the regular expression engine answers at once.
const ANY_SURROGATE = /[\ud800-\udfff]/;

/** An object of more than FEW_KEYS keys: where it is in the value, and how many keys the text gives it. */
interface BigObject {
  path: (string | number)[];
  keys: number;
}

/** The deepest limit the quick scan takes (TUF metadata is about 8 deep; the default limit is 64). */
const QUICK_MAX_DEPTH = 1024;

const enum Container {
  Object = 1,
  Array = 2,
}

/**
 * The quick scan: one pass, no recursion and nothing allocated per token, that settles the common
 * case (a clean text without surrogates). It returns the big objects for parseStrictJson's key
 * count, or undefined for anything it does not settle: a problem (syntax, depth, duplicate key,
 * non-integer or unsafe number, bad escape), a surrogate anywhere in the text, or a key with an
 * escape. Then the exact scan runs, so verdicts and messages are always the exact scan's. It checks
 * what JSON.parse does not: duplicate keys in small objects (key spans compared in the text), depth,
 * integers; raw control characters in strings are left to JSON.parse, which refuses them.
 */
function quickScan(t: string, maxDepth: number): BigObject[] | undefined {
  // Its stacks are sized by the depth limit: an unusual limit (Infinity, NaN, huge) is the exact scan's.
  if (!(maxDepth >= 0 && maxDepth <= QUICK_MAX_DEPTH) || ANY_SURROGATE.test(t)) return undefined;
  const bigObjects: BigObject[] = [];
  // Per open container, by depth (1 is the outermost): its kind, how many members so far, the
  // span of its latest key (the path to a big object), and the spans of its first FEW_KEYS keys.
  const kind = new Uint8Array(maxDepth + 1);
  const members = new Int32Array(maxDepth + 1);
  const lastKeyStart = new Int32Array(maxDepth + 1);
  const lastKeyEnd = new Int32Array(maxDepth + 1);
  const keyStart = new Int32Array((maxDepth + 1) * FEW_KEYS);
  const keyEnd = new Int32Array((maxDepth + 1) * FEW_KEYS);
  let depth = 0;
  let p = 0;
  let c = 0;
  // The next backslash at or after the string being scanned (-1: none left), found natively and
  // remembered between strings: a string ends at the next quote when no backslash comes first.
  let backslash = 0;
  /** Moves p past whitespace and returns the character there (NaN at the end). */
  const skipWhitespace = (): number => {
    let ch: number;
    while ((ch = t.charCodeAt(p)) === Ch.Space || ch === Ch.Lf || ch === Ch.Cr || ch === Ch.Tab) p++;
    return ch;
  };
  /** The closing quote of the string opened at `open`, or -1 (unterminated, bad or surrogate escape). */
  const endOfString = (open: number): number => {
    let from = open + 1;
    for (;;) {
      const quote = t.indexOf('"', from);
      if (quote === -1) return -1;
      if (backslash !== -1 && backslash < from) backslash = t.indexOf('\\', from);
      if (backslash === -1 || backslash > quote) return quote;
      const e = t.charCodeAt(backslash + 1);
      if (e === 0x75 /* u */) {
        const hex = t.slice(backslash + 2, backslash + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return -1;
        const unit = parseInt(hex, 16);
        if (unit >= 0xd800 && unit <= 0xdfff) return -1;
        from = backslash + 6;
      } else if (e === Ch.Quote || e === Ch.Backslash || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        from = backslash + 2;
      } else {
        return -1;
      }
    }
  };
  /** Scans the key at p (then ':'); false when it has an escape, is a duplicate, or is malformed. */
  const scanKey = (): boolean => {
    if (c !== Ch.Quote) return false;
    const start = p + 1;
    const end = t.indexOf('"', start);
    if (end === -1) return false;
    if (backslash !== -1 && backslash < start) backslash = t.indexOf('\\', start);
    if (backslash !== -1 && backslash < end) return false;
    const n = members[depth] as number;
    if (n < FEW_KEYS) {
      const base = depth * FEW_KEYS;
      const length = end - start;
      for (let i = 0; i < n; i++) {
        const other = keyStart[base + i] as number;
        if ((keyEnd[base + i] as number) - other !== length) continue;
        let j = 0;
        while (j < length && t.charCodeAt(other + j) === t.charCodeAt(start + j)) j++;
        if (j === length) return false;
      }
      keyStart[base + n] = start;
      keyEnd[base + n] = end;
    }
    lastKeyStart[depth] = start;
    lastKeyEnd[depth] = end;
    members[depth] = n + 1;
    p = end + 1;
    if (skipWhitespace() !== Ch.Colon) return false;
    p++;
    return true;
  };

  for (;;) {
    // A value.
    c = skipWhitespace();
    if (c === Ch.Quote) {
      const end = endOfString(p);
      if (end === -1) return undefined;
      p = end + 1;
    } else if (c === Ch.LBrace || c === Ch.LBracket) {
      if (++depth > maxDepth) return undefined;
      const isObject = c === Ch.LBrace;
      kind[depth] = isObject ? Container.Object : Container.Array;
      members[depth] = 0;
      p++;
      c = skipWhitespace();
      if (c === (isObject ? Ch.RBrace : Ch.RBracket)) {
        p++;
        depth--;
      } else {
        if (isObject) {
          if (!scanKey()) return undefined;
        } else {
          members[depth] = 1;
        }
        continue;
      }
    } else if (c === Ch.Minus || (c >= Ch.Zero && c <= Ch.Nine)) {
      const start = p;
      if (c === Ch.Minus) c = t.charCodeAt(++p);
      if (c === Ch.Zero) c = t.charCodeAt(++p);
      else if (c >= Ch.Zero && c <= Ch.Nine) while ((c = t.charCodeAt(++p)) >= Ch.Zero && c <= Ch.Nine);
      else return undefined;
      // A fraction, an exponent or a digit after a leading zero is no value's end: the check after
      // the value hands it to the exact scan, which names it.
      if (p - start > 15 && !Number.isSafeInteger(Number(t.slice(start, p)))) return undefined;
    } else if (t.startsWith('true', p)) {
      p += 4;
    } else if (t.startsWith('false', p)) {
      p += 5;
    } else if (t.startsWith('null', p)) {
      p += 4;
    } else {
      return undefined;
    }
    // After a value: close containers until one takes another member.
    for (;;) {
      c = skipWhitespace();
      if (depth === 0) return p === t.length ? bigObjects : undefined;
      if (c === Ch.Comma) {
        p++;
        if (kind[depth] === Container.Object) {
          c = skipWhitespace();
          if (!scanKey()) return undefined;
        } else {
          members[depth]++;
        }
        break;
      }
      if (kind[depth] === Container.Object ? c !== Ch.RBrace : c !== Ch.RBracket) return undefined;
      p++;
      if (kind[depth] === Container.Object && (members[depth] as number) > FEW_KEYS) {
        const path: (string | number)[] = [];
        for (let d = 1; d < depth; d++) {
          path.push(kind[d] === Container.Object ? t.slice(lastKeyStart[d], lastKeyEnd[d]) : (members[d] as number) - 1);
        }
        bigObjects.push({ path, keys: members[depth] as number });
      }
      depth--;
    }
  }
}

/** The exact scan: checks every character and key, and throws at the first problem in the text. */
class Scanner {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  scanDocument(): void {
    this.skipWhitespace();
    if (this.pos >= this.text.length) this.fail('JSON_SYNTAX', 'the input is empty');
    this.scanValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('JSON_SYNTAX', 'unexpected data after the JSON value');
  }

  private fail(code: JsonErrorCode, what: string): never {
    const { line, column } = this.lineAndColumn(this.pos);
    throw new JsonInputError(code, `${what} (line ${line}, column ${column})`, this.pos);
  }

  private lineAndColumn(offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === Ch.Lf) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  }

  private skipWhitespace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === Ch.Space || c === Ch.Lf || c === Ch.Cr || c === Ch.Tab) p++;
      else break;
    }
    this.pos = p;
  }

  private scanValue(depth: number): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === Ch.LBrace) return this.scanObject(depth + 1);
    if (c === Ch.LBracket) return this.scanArray(depth + 1);
    if (c === Ch.Quote) {
      this.scanString(false);
      return;
    }
    if (c === Ch.Minus || (c >= Ch.Zero && c <= Ch.Nine)) return this.scanNumber();
    if (this.text.startsWith('true', this.pos)) {
      this.pos += 4;
      return;
    }
    if (this.text.startsWith('false', this.pos)) {
      this.pos += 5;
      return;
    }
    if (this.text.startsWith('null', this.pos)) {
      this.pos += 4;
      return;
    }
    if (Number.isNaN(c)) this.fail('JSON_SYNTAX', 'unexpected end of input (truncated JSON?)');
    this.fail('JSON_SYNTAX', `unexpected character '${this.text[this.pos]}'`);
  }

  private enter(depth: number): void {
    if (depth > this.maxDepth) this.fail('JSON_TOO_DEEP', `nesting deeper than ${this.maxDepth} levels`);
  }

  private scanObject(depth: number): void {
    this.enter(depth);
    this.pos++; // {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === Ch.RBrace) {
      this.pos++;
      return;
    }
    // Small objects are the norm (a target entry has 2 or 3 keys): compare against a short list.
    // Big maps (targets, keys) get a Set.
    const few: string[] = [];
    let seen: Set<string> | undefined;
    let count = 0;
    for (;;) {
      if (this.pos >= this.text.length) this.fail('JSON_SYNTAX', 'unexpected end of input inside an object (truncated JSON?)');
      if (this.text.charCodeAt(this.pos) !== Ch.Quote) this.fail('JSON_SYNTAX', 'expected a quoted object key');
      const keyStart = this.pos;
      const key = this.scanString(true);
      if (count === FEW_KEYS) seen = new Set(few);
      if (seen ? seen.has(key) : few.includes(key)) {
        this.pos = keyStart;
        this.fail('JSON_DUPLICATE_KEY', `duplicate key "${truncate(key)}"`);
      }
      if (seen) seen.add(key);
      else few.push(key);
      count++;
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.fail('JSON_SYNTAX', 'unexpected end of input inside an object (truncated JSON?)');
      if (this.text.charCodeAt(this.pos) !== Ch.Colon) this.fail('JSON_SYNTAX', "expected ':' after an object key");
      this.pos++;
      this.skipWhitespace();
      this.scanValue(depth);
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === Ch.Comma) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === Ch.RBrace) {
        this.pos++;
        return;
      }
      if (Number.isNaN(c)) this.fail('JSON_SYNTAX', 'unexpected end of input inside an object (truncated JSON?)');
      this.fail('JSON_SYNTAX', "expected ',' or '}' in an object");
    }
  }

  private scanArray(depth: number): void {
    this.enter(depth);
    this.pos++; // [
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === Ch.RBracket) {
      this.pos++;
      return;
    }
    for (;;) {
      this.scanValue(depth);
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === Ch.Comma) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === Ch.RBracket) {
        this.pos++;
        return;
      }
      if (Number.isNaN(c)) this.fail('JSON_SYNTAX', 'unexpected end of input inside an array (truncated JSON?)');
      this.fail('JSON_SYNTAX', "expected ',' or ']' in an array");
    }
  }

  /** Scans a string starting at the opening quote; returns its decoded value when `wanted` (keys). */
  private scanString(wanted: boolean): string {
    const t = this.text;
    const start = this.pos + 1;
    let p = start;
    let hasEscapes = false;
    for (;;) {
      // Jump to the next character that needs a look (quote, backslash, control, surrogate): the
      // regular expression engine skips the plain run natively, much faster than a loop here.
      SPECIAL_IN_STRING.lastIndex = p;
      p = SPECIAL_IN_STRING.test(t) ? SPECIAL_IN_STRING.lastIndex - 1 : t.length;
      const c = t.charCodeAt(p);
      if (c === Ch.Quote) break;
      if (Number.isNaN(c)) {
        this.pos = p;
        this.fail('JSON_SYNTAX', 'unterminated string (truncated JSON?)');
      }
      if (c < 0x20) {
        this.pos = p;
        this.fail('JSON_SYNTAX', 'raw control character in a string (must be escaped)');
      }
      if (c === Ch.Backslash) {
        hasEscapes = true;
        const e = t.charCodeAt(p + 1);
        if (e === 0x75 /* u */) {
          const unit = parseInt(t.slice(p + 2, p + 6), 16);
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(p + 2, p + 6))) {
            this.pos = p;
            this.fail('JSON_SYNTAX', 'invalid \\u escape');
          }
          if (unit >= 0xd800 && unit <= 0xdbff) {
            // A high surrogate must be followed by an escaped low surrogate.
            const next = t.slice(p + 6, p + 8) === '\\u' ? parseInt(t.slice(p + 8, p + 12), 16) : NaN;
            if (!(next >= 0xdc00 && next <= 0xdfff)) {
              this.pos = p;
              this.fail('JSON_LONE_SURROGATE', 'lone surrogate \\u escape in a string');
            }
            p += 12;
            continue;
          }
          if (unit >= 0xdc00 && unit <= 0xdfff) {
            this.pos = p;
            this.fail('JSON_LONE_SURROGATE', 'lone surrogate \\u escape in a string');
          }
          p += 6;
          continue;
        }
        if ('"\\/bfnrt'.indexOf(String.fromCharCode(e)) < 0 || Number.isNaN(e)) {
          this.pos = p;
          this.fail('JSON_SYNTAX', 'invalid escape in a string');
        }
        p += 2;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        // Raw surrogates only come from a JS string built from ill-formed input.
        const next = t.charCodeAt(p + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          p += 2;
          continue;
        }
        this.pos = p;
        this.fail('JSON_LONE_SURROGATE', 'lone surrogate in a string');
      }
      p++;
    }
    this.pos = p + 1;
    if (!wanted) return '';
    const raw = t.slice(start, p);
    return hasEscapes ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private scanNumber(): void {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === Ch.Minus) p++;
    const firstDigit = t.charCodeAt(p);
    if (!(firstDigit >= Ch.Zero && firstDigit <= Ch.Nine)) {
      this.pos = p;
      this.fail('JSON_SYNTAX', 'invalid number');
    }
    if (firstDigit === Ch.Zero) {
      p++;
    } else {
      while (t.charCodeAt(p) >= Ch.Zero && t.charCodeAt(p) <= Ch.Nine) p++;
    }
    const c = t.charCodeAt(p);
    if (c === Ch.Dot || c === Ch.LowerE || c === Ch.UpperE) {
      let end = p + 1;
      for (;;) {
        const d = t.charCodeAt(end);
        if ((d >= Ch.Zero && d <= Ch.Nine) || d === Ch.Dot || d === Ch.LowerE || d === Ch.UpperE || d === Ch.Plus || d === Ch.Minus) end++;
        else break;
      }
      this.pos = start;
      this.fail('JSON_NON_INTEGER', `number ${t.slice(start, end)} is not an integer (TUF metadata allows integers only)`);
    }
    if (firstDigit >= Ch.Zero && t.charCodeAt(p) >= Ch.Zero && t.charCodeAt(p) <= Ch.Nine) {
      this.pos = p;
      this.fail('JSON_SYNTAX', 'leading zero in a number');
    }
    const literal = t.slice(start, p);
    if (literal.length > 15 && !Number.isSafeInteger(Number(literal))) {
      this.pos = start;
      this.fail('JSON_UNSAFE_INTEGER', `integer ${truncate(literal)} is too large to represent exactly`);
    }
    this.pos = p;
  }
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
