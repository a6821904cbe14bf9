// Focus that follows the holder's action: when an answer appears (a result, an error), focus moves to
// it, so keyboard and screen-reader users land on what just happened instead of on <body>.
import { useEffect, useRef } from 'react';

/** A ref whose element takes focus each time `value` becomes a new non-empty value. */
export function useFocusOn<E extends HTMLElement>(value: unknown) {
  const ref = useRef<E>(null);
  useEffect(() => {
    if (value !== null && value !== undefined && value !== false) ref.current?.focus();
  }, [value]);
  return ref;
}

/** Focus the first invalid field inside `root` (after a refused submit), else `root` itself. */
export function focusFirstInvalid(root: HTMLElement | null): void {
  if (!root) return;
  // After React has drawn the field's error (aria-invalid is set in the next render).
  requestAnimationFrame(() => (root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root).focus());
}
