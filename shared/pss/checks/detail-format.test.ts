import { describe, expect, it } from 'vitest';
import { containersPhrase, goQuote, joinQuote, pluralize } from './detail-format.ts';

describe('joinQuote', () => {
  it('returns an empty string for no items', () => {
    expect(joinQuote([])).toBe('');
  });

  it('quotes each item without escaping and joins with ", "', () => {
    expect(joinQuote(['a'])).toBe('"a"');
    expect(joinQuote(['a', 'b"c', ''])).toBe('"a", "b"c", ""');
  });
});

describe('pluralize and containersPhrase', () => {
  it('uses the singular only for exactly one', () => {
    expect([0, 1, 2].map((count) => pluralize('volume', 'volumes', count))).toEqual(['volumes', 'volume', 'volumes']);
    expect(containersPhrase(['a'])).toBe('container "a"');
    expect(containersPhrase(['a', 'b'])).toBe('containers "a", "b"');
  });
});

describe('goQuote', () => {
  it('quotes printable ASCII as it is', () => {
    expect(goQuote('unconfined')).toBe('"unconfined"');
    expect(goQuote('')).toBe('""');
  });

  it('backslashes quotes and backslashes', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('uses named escapes, then \\x for other control characters and DEL', () => {
    expect(goQuote('\x07\b\f\n\r\t\v')).toBe('"\\a\\b\\f\\n\\r\\t\\v"');
    expect(goQuote('\x00\x1b\x7f')).toBe('"\\x00\\x1b\\x7f"');
  });

  it('keeps printable non-ASCII and escapes non-printable code points as \\u or \\U', () => {
    expect(goQuote('é日本😀')).toBe('"é日本😀"');
    expect(goQuote('\u0085\u00a0\u00ad\u2028\ufeff')).toBe('"\\u0085\\u00a0\\u00ad\\u2028\\ufeff"');
    expect(goQuote('\u{e0001}\u{10ffff}')).toBe('"\\U000e0001\\U0010ffff"');
  });

  it("follows Go's Unicode 15 tables, escaping characters assigned only in later Unicode versions", () => {
    // U+1C89 CYRILLIC CAPITAL LETTER TJE is Unicode 16; U+2FFC is Unicode 15.1.
    expect(goQuote('\u1c89\u2ffc')).toBe('"\\u1c89\\u2ffc"');
  });

  it('prints a lone surrogate as U+FFFD, as Go sees it after JSON decoding', () => {
    expect(goQuote('a\ud800b')).toBe('"a\ufffdb"');
  });
});
