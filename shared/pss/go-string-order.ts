// Upstream collects values in sets and prints them with List(), sorted by Go's string order:
// bytewise on UTF-8, which is code point order. JavaScript's default sort compares UTF-16 code
// units instead, which puts U+10000 and above before U+E000..U+FFFF; this comparator does not.

export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
    return x - y;
  }
  return a.length - b.length;
}

// Moves surrogates (code points above U+FFFF) after U+E000..U+FFFF.
function codePointRank(codeUnit: number): number {
  return codeUnit >= 0xe000 ? codeUnit - 0x800 : codeUnit + 0x2000;
}

/** Distinct values in Go's sorted order (sets.List upstream). */
export function sortedDistinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCodePoints);
}

/** Values in Go's sorted order, duplicates kept (sort.Strings upstream). */
export function sortedStrings(values: readonly string[]): string[] {
  return [...values].sort(compareCodePoints);
}
