// OLPC canonical JSON exactly as securesystemslib's `encode_canonical` writes it, because that is
// what python-tuf (and so the RSTUF worker) hashes and verifies:
// - object keys sorted by code point, no whitespace, separators ',' and ':';
// - strings quoted with only '\' and '"' escaped; everything else, newlines in PEMs included, raw;
// - integers only; true, false, null.
// The result is a JS string; encode it as UTF-8 for the bytes to sign (see `canonicalBytes`).

import type { JsonValue } from '../json/strict-json.js';
import { rememberedKeys } from './frozen-keys.js';

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

const NEEDS_ESCAPE = /["\\]/;
const NEEDS_CODEPOINT_SORT = /[\ud800-\uffff]/;

export function canonicalize(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

/**
 * UTF-8 bytes of the canonical form: exactly `new TextEncoder().encode(canonicalize(value))`,
 * written straight into a byte buffer. A 100,000-artifact targets role is about 25 MB of
 * canonical JSON; building it from millions of small JS strings and then encoding it took twice
 * as long and twice the memory (docs/performance.md).
 */
export function canonicalBytes(value: unknown): Uint8Array {
  if (typeof value === 'object' && value !== null && sealed.has(value)) {
    let bytes = sealed.get(value);
    if (bytes === undefined) {
      bytes = serializeBytes(value);
      sealed.set(value, bytes);
      sealedBytes.add(bytes);
    }
    return bytes;
  }
  return serializeBytes(value);
}

function serializeBytes(value: unknown): Uint8Array {
  const writer = new ByteWriter();
  writeBytes(value, writer);
  return writer.result();
}

// Canonical bytes of sealed (deep-frozen) objects, computed once: importing, verifying and
// signing one role each need them, and for a big role each serialization costs as much as the
// signature itself. Only frozen trees are cached, so a cached value can never go stale.
const sealed = new WeakMap<object, Uint8Array | undefined>();
const sealedBytes = new WeakSet<Uint8Array>();

/**
 * True for the shared canonical bytes of a sealed object: they never change, so results computed
 * over them (signature checks) may be remembered.
 */
export function isSealedCanonical(bytes: Uint8Array): boolean {
  return sealedBytes.has(bytes);
}

/**
 * Deep-freezes `value` (an imported `signed` object, which nothing may change: signing works on
 * copies) and lets canonicalBytes compute its bytes once. The bytes returned for a sealed value
 * are shared: treat them as read-only.
 */
export function sealForSigning<T extends object>(value: T): T {
  if (sealed.has(value)) return value;
  deepFreeze(value);
  sealed.set(value, undefined);
  return value;
}

/**
 * Deep-freezes `value`. A frozen object is taken as frozen all the way down (only this function
 * and callers that freeze children first freeze anything), so the seal skips it: the big-targets
 * validation freezes the entries it checks this way (main/core/tuf/validate-metadata.ts).
 */
export function deepFreeze(value: object): void {
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  // Primitives (most of a role's values) are skipped here rather than in a call each.
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  }
}

function write(value: unknown, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push(quote(value));
      return;
    case 'number':
      if (!Number.isInteger(value)) throw new CanonicalJsonError(`cannot canonicalize non-integer number ${value}`);
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`cannot canonicalize unsafe integer ${value}`);
      out.push(Object.is(value, -0) ? '0' : String(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        out.push('null');
        return;
      }
      if (Array.isArray(value)) {
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(',');
          write(value[i], out);
        }
        out.push(']');
        return;
      }
      writeObject(value as Record<string, unknown>, out);
      return;
    default:
      throw new CanonicalJsonError(`cannot canonicalize a value of type ${typeof value}`);
  }
}

function writeObject(obj: Record<string, unknown>, out: string[]): void {
  const keys = Object.keys(obj);
  keys.sort();
  // Default sort compares UTF-16 code units; that differs from code point order (what Python
  // sorts by) only when a key holds characters at or above U+D800.
  if (keys.some((k) => NEEDS_CODEPOINT_SORT.test(k))) keys.sort(compareCodePoints);
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const v = obj[key];
    if (v === undefined) throw new CanonicalJsonError(`cannot canonicalize undefined value for key "${key}"`);
    if (i > 0) out.push(',');
    out.push(quote(key), ':');
    write(v, out);
  }
  out.push('}');
}

function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const Byte = { Quote: 34, Comma: 44, Colon: 58, LBracket: 91, Backslash: 92, RBracket: 93, LBrace: 123, RBrace: 125 } as const;

const MAX_SHAPE_KEYS = 8;
const NATIVE_ENCODE_FROM = 24;
const MAX_SHAPES = 8;

class ByteWriter {
  buf = new Uint8Array(1 << 16);
  length = 0;
  /** Set when a string at or above U+D800 was written: object keys may need code point order. */
  sawHighChar = false;
  private readonly encoder = new TextEncoder();
  // Small objects of one shape recur by the 100,000 in a big targets role (every artifact's
  // {length, hashes} and its hashes): their sorted key order is remembered per shape (the same
  // keys in the same order) instead of sorted again. A few shapes are kept, most recent first.
  private readonly shapes: { keys: string[]; sorted: string[] }[] = [];

  /** `keys` in UTF-16 order, as `keys.sort()` gives them (the array may be shared: do not change it). */
  sortedKeys(keys: string[]): string[] {
    const n = keys.length;
    if (n > MAX_SHAPE_KEYS) return keys.sort();
    const shapes = this.shapes;
    search: for (let s = 0; s < shapes.length; s++) {
      const shape = shapes[s] as { keys: string[]; sorted: string[] };
      const known = shape.keys;
      if (known.length !== n) continue;
      for (let i = 0; i < n; i++) if (known[i] !== keys[i]) continue search;
      return shape.sorted;
    }
    const sorted = [...keys].sort();
    shapes.unshift({ keys, sorted });
    if (shapes.length > MAX_SHAPES) shapes.pop();
    return sorted;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  /** ASCII text that needs no escaping (numbers, literals). */
  ascii(s: string): void {
    this.reserve(s.length);
    const buf = this.buf;
    let n = this.length;
    for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i);
    this.length = n;
  }

  /** A quoted string: only '\\' and '"' escaped, everything else raw UTF-8. */
  string(s: string): void {
    const len = s.length;
    if (len >= NATIVE_ENCODE_FROM && !NEEDS_ESCAPE.test(s)) {
      // Long strings (artifact paths, hashes, key material): the native encoder beats a JS loop.
      this.reserve(3 * len + 2);
      this.buf[this.length++] = Byte.Quote;
      const written = this.encoder.encodeInto(s, this.buf.subarray(this.length)).written;
      if (written !== len && NEEDS_CODEPOINT_SORT.test(s)) this.sawHighChar = true;
      this.length += written;
      this.buf[this.length++] = Byte.Quote;
      return;
    }
    this.reserve(2 * len + 2);
    const buf = this.buf;
    let n = this.length;
    buf[n++] = Byte.Quote;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.length = n;
        this.nonAscii(s.slice(i));
        return;
      }
      if (c === Byte.Quote || c === Byte.Backslash) buf[n++] = Byte.Backslash;
      buf[n++] = c;
    }
    buf[n++] = Byte.Quote;
    this.length = n;
  }

  private nonAscii(rest: string): void {
    if (NEEDS_CODEPOINT_SORT.test(rest)) this.sawHighChar = true;
    const escaped = NEEDS_ESCAPE.test(rest) ? rest.replace(/[\\"]/g, (c) => `\\${c}`) : rest;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit; lone surrogates become U+FFFD as in TextEncoder.
    this.reserve(3 * escaped.length + 1);
    this.length += this.encoder.encodeInto(escaped, this.buf.subarray(this.length)).written;
    this.buf[this.length++] = Byte.Quote;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function writeBytes(value: unknown, out: ByteWriter): void {
  switch (typeof value) {
    case 'string':
      out.string(value);
      return;
    case 'number':
      if (!Number.isInteger(value)) throw new CanonicalJsonError(`cannot canonicalize non-integer number ${value}`);
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`cannot canonicalize unsafe integer ${value}`);
      out.ascii(Object.is(value, -0) ? '0' : String(value));
      return;
    case 'boolean':
      out.ascii(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        out.ascii('null');
        return;
      }
      if (Array.isArray(value)) {
        out.byte(Byte.LBracket);
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.byte(Byte.Comma);
          writeBytes(value[i], out);
        }
        out.byte(Byte.RBracket);
        return;
      }
      writeObjectBytes(value as Record<string, unknown>, out);
      return;
    default:
      throw new CanonicalJsonError(`cannot canonicalize a value of type ${typeof value}`);
  }
}

function writeObjectBytes(obj: Record<string, unknown>, out: ByteWriter, byCodePoint = false): void {
  // The sorts below work in place: on a copy of a remembered list (frozen-keys.ts).
  let keys = rememberedKeys(obj)?.slice() ?? Object.keys(obj);
  if (keys.length > 1) keys = byCodePoint ? keys.sort(compareCodePoints) : out.sortedKeys(keys);
  const start = out.length;
  out.byte(Byte.LBrace);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const v = obj[key];
    if (v === undefined) throw new CanonicalJsonError(`cannot canonicalize undefined value for key "${key}"`);
    if (i > 0) out.byte(Byte.Comma);
    out.sawHighChar = false;
    out.string(key);
    if (out.sawHighChar && !byCodePoint && keys.length > 1) {
      // Same rule as writeObject: keys at or above U+D800 sort by code point, not UTF-16 unit.
      out.length = start;
      writeObjectBytes(obj, out, true);
      return;
    }
    out.byte(Byte.Colon);
    writeBytes(v, out);
  }
  out.byte(Byte.RBrace);
}

export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = (x.value as string).codePointAt(0) as number;
    const cy = (y.value as string).codePointAt(0) as number;
    if (cx !== cy) return cx - cy;
  }
}

export type { JsonValue };
