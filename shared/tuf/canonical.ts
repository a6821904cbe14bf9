// OLPC canonical JSON exactly as securesystemslib's `encode_canonical` writes it, because that is
// what python-tuf (and so the RSTUF worker) hashes and verifies:
// - object keys sorted by code point, no whitespace, separators ',' and ':';
// - strings quoted with only '\' and '"' escaped; everything else, newlines in PEMs included, raw;
// - integers only; true, false, null.
// The result is a JS string; encode it as UTF-8 for the bytes to sign (see `canonicalBytes`).

import type { JsonValue } from '../json/strict-json.js';

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

/** UTF-8 bytes of the canonical form. Uses TextEncoder so it runs in the renderer too. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
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
