// How upstream words details: policy/helpers.go (joinQuote, pluralize) and Go's `%q` verb, which
// the annotation checks use for values.

import { isGoPrintable } from './go-printable.ts';

/** `"a", "b"`: double quotes around each item, no escaping (upstream joinQuote). */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` or `containers "a", "b"`, the phrase almost every check starts its detail with. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

/** Go's `fmt.Sprintf("%q", s)` (strconv.Quote): escapes what Go does not consider printable. */
export function goQuote(value: string): string {
  if (PLAIN_ASCII.test(value)) return `"${value}"`;
  let quoted = '"';
  for (const character of value) {
    let codePoint = character.codePointAt(0) ?? 0;
    // A lone surrogate cannot come from Go: its JSON decoder turns one into U+FFFD.
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) codePoint = 0xfffd;
    quoted += escapeCodePoint(codePoint);
  }
  return `${quoted}"`;
}

function escapeCodePoint(codePoint: number): string {
  if (codePoint === 0x22) return '\\"';
  if (codePoint === 0x5c) return '\\\\';
  if (isGoPrintable(codePoint)) return String.fromCodePoint(codePoint);
  const named = NAMED_ESCAPES[codePoint];
  if (named !== undefined) return named;
  if (codePoint < 0x20 || codePoint === 0x7f) return `\\x${hex(codePoint, 2)}`;
  if (codePoint < 0x10000) return `\\u${hex(codePoint, 4)}`;
  return `\\U${hex(codePoint, 8)}`;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
