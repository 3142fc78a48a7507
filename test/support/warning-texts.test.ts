import { describe, expect, it } from 'vitest';
import { warningTexts } from './warning-texts.ts';

describe('warningTexts (test support)', () => {
  it('splits values that fetch joined with ", " even when the texts contain commas', () => {
    const header = '299 - "existing pods in namespace \\"a\\" violate", 299 - "web: host namespaces, privileged"';
    expect(warningTexts(header)).toEqual(['existing pods in namespace "a" violate', 'web: host namespaces, privileged']);
  });

  it('reads no warnings from an absent or empty header', () => {
    expect(warningTexts(undefined)).toEqual([]);
    expect(warningTexts('')).toEqual([]);
  });

  it('refuses a header it cannot parse rather than dropping warnings', () => {
    expect(() => warningTexts('299 - unquoted')).toThrow(/malformed Warning header/);
  });
});
