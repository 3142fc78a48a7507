import { describe, expect, it } from 'vitest';
import { parseWarningHeader } from './warning-header.ts';

describe('parseWarningHeader (test support)', () => {
  it('splits values that fetch joined with ", " even when the texts contain commas', () => {
    const header = '299 - "existing pods in namespace \\"a\\" violate", 299 - "web: host namespaces, privileged"';
    expect(parseWarningHeader(header)).toEqual(['existing pods in namespace "a" violate', 'web: host namespaces, privileged']);
  });

  it('reads no warnings from an absent or empty header', () => {
    expect(parseWarningHeader(undefined)).toEqual([]);
    expect(parseWarningHeader('')).toEqual([]);
  });

  it('refuses a header it cannot parse rather than dropping warnings', () => {
    expect(() => parseWarningHeader('299 - unquoted')).toThrow(/malformed Warning header/);
  });
});
