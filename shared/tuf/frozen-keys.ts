// Key lists of frozen objects, remembered by the pass that froze them.
//
// V8 keeps an object of 100,000 keys (a big targets map) as a dictionary and sorts its keys back
// into insertion order on every enumeration: about 20 ms each time. A frozen object's keys can
// never change, so the big-targets validation, which enumerates the map to check and freeze it,
// hands the list on here, and the canonical serializer and the artifact review reuse it instead
// of enumerating again (docs/performance.md).

const keysOfFrozen = new WeakMap<object, readonly string[]>();

/**
 * Remembers `keys` as `Object.keys(object)`. Call it right after freezing `object`, with the list
 * the freezing pass enumerated; a mutable object is refused, since its list could go stale.
 */
export function rememberKeysOfFrozen(object: object, keys: readonly string[]): void {
  if (!Object.isFrozen(object)) throw new TypeError('rememberKeysOfFrozen: the object is not frozen');
  keysOfFrozen.set(object, keys);
}

/** The remembered key list of a frozen object, if any (shared: copy it before sorting). */
export function rememberedKeys(object: object): readonly string[] | undefined {
  return keysOfFrozen.get(object);
}

/** `Object.keys(object)`, from memory for a frozen object whose list was remembered. Do not change the array. */
export function ownKeys(object: object): readonly string[] {
  return keysOfFrozen.get(object) ?? Object.keys(object);
}
