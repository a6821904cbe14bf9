// Counts as the review screens write them: "100,000". Not toLocaleString: its first call in a page
// loads ICU's number data, 50 to 160 ms in Chromium on the build machine, all of it before the
// first screen of a big role could paint (docs/performance.md). Whole numbers only.

/** 100000 -> "100,000"; anything but a safe whole number is written as String() writes it. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return n < 0 ? `-${out}` : out;
}
