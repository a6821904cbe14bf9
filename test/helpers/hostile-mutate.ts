// fast-check arbitraries for hostile documents: RSTUF documents with one random edit anywhere
// (replace a value, delete or rename a key), and JSON texts nested to any depth.
import fc from 'fast-check';

export type Path = (string | number)[];

/** Every path in `value` (breadth-first, at most `limit`). */
export function allPaths(value: unknown, limit = 2000): Path[] {
  const out: Path[] = [];
  const queue: [unknown, Path][] = [[value, []]];
  while (queue.length && out.length < limit) {
    const [v, path] = queue.shift() as [unknown, Path];
    out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => queue.push([x, [...path, i]]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) queue.push([x, [...path, k]]);
  }
  return out;
}

export interface Edit {
  pathIndex: number;
  op: 'replace' | 'delete' | 'rename';
  value: unknown;
  newKey: string;
}

// Values an attacker would try: wrong types, empty containers, look-alike strings, huge and
// negative integers, floats (refused by the strict parser), deep-ish structures.
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 53), '', 'root', 'targets', '1', [], {}, null, true, '2025-12-31T23:59:59Z', '\u0000', 'ѕigned', '__proto__', 'constructor', 'toString', ['__proto__'], { __proto__: 1 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

export const editArb: fc.Arbitrary<Edit> = fc.record({
  pathIndex: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'rename'),
  value: hostileValue,
  newKey: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('ѕigned', 'signed ', '_type', 'keyid', 'sig', 'version', '__proto__', 'constructor')),
});

/** A copy of `doc` with the edit applied (an edit of the root path replaces the whole document). */
export function applyEdit(doc: unknown, edit: Edit): unknown {
  const copy = structuredClone(doc);
  const paths = allPaths(copy);
  const path = paths[edit.pathIndex % paths.length] as Path;
  if (path.length === 0) return edit.value;
  const parent = path.slice(0, -1).reduce<any>((v, k) => v[k], copy);
  const last = path[path.length - 1] as string | number;
  if (edit.op === 'replace') parent[last] = edit.value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else if (edit.op === 'delete') delete parent[last];
  else {
    const value = parent[last];
    delete parent[last];
    Object.defineProperty(parent, edit.newKey, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** JSON text nested `depth` levels deep in arrays and/or objects. */
export const nestedTextArb = fc.record({ depth: fc.integer({ min: 1, max: 120_000 }), kinds: fc.array(fc.constantFrom('[', '{"a":'), { minLength: 1, maxLength: 3 }) }).map(({ depth, kinds }) => {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const k = kinds[i % kinds.length] as string;
    open += k;
    close = (k === '[' ? ']' : '}') + close;
  }
  return { depth, text: `${open}1${close}` };
});
