import { describe, expect, it } from 'vitest';
import { v1 } from '../pss/version.ts';
import { parseTargetVersion } from './target-version.ts';

describe('parseTargetVersion', () => {
  it.each([
    ['v1.37', 37],
    ['1.37', 37],
    ['v1.0', 0],
    ['1.40', 40],
  ])('reads %s as v1.%i', (text, minor) => {
    expect(parseTargetVersion(text, '--to-version')).toEqual({ ok: true, version: v1(minor) });
  });

  it.each(['latest', 'v2.1', 'v1.037', '1.37.2', 'v1.', '', ' v1.37', 'v1.9999999'])('refuses %j, naming the field', (text) => {
    expect(parseTargetVersion(text, 'toVersion')).toEqual({
      ok: false,
      message: `toVersion: Invalid value: ${JSON.stringify(text)}: must be a Kubernetes version v1.N or 1.N, e.g. v1.37`,
    });
  });
});
