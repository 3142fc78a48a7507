import { describe, expect, it } from 'vitest';
import { compareCodePoints, sortedDistinct, sortedStrings } from './go-string-order.ts';

describe('Go string order', () => {
  it('orders by code point, shorter prefix first, upper case before lower case', () => {
    expect(sortedStrings(['b', 'a', 'ab', 'B', ''])).toEqual(['', 'B', 'a', 'ab', 'b']);
  });

  it('puts U+E000..U+FFFF before code points above U+FFFF, unlike UTF-16 order', () => {
    expect(['\u{1f600}', '\ufffd', '\ue000'].sort()).toEqual(['\u{1f600}', '\ue000', '\ufffd']);
    expect(sortedStrings(['\u{1f600}', '\ufffd', '\ue000'])).toEqual(['\ue000', '\ufffd', '\u{1f600}']);
    expect(compareCodePoints('\u{10000}', '\uffff')).toBeGreaterThan(0);
    expect(compareCodePoints('\ud7ff', '\u{10000}')).toBeLessThan(0);
  });

  it('removes duplicates in sortedDistinct and keeps them in sortedStrings', () => {
    expect(sortedDistinct(['9', '10', '9', '100'])).toEqual(['10', '100', '9']);
    expect(sortedStrings(['b', 'a', 'b'])).toEqual(['a', 'b', 'b']);
  });
});
