import { describe, expect, it } from 'vitest';
import { MalformedObjectError } from './read-answer.ts';
import { serverVersion, servesPolicyV1beta1 } from './server-discovery.ts';

describe('serverVersion', () => {
  it('reads a plain and an EKS version', () => {
    expect(serverVersion({ major: '1', minor: '37', gitVersion: 'v1.37.2' })).toEqual({ gitVersion: 'v1.37.2', major: 1, minor: 37 });
    expect(serverVersion({ major: '1', minor: '30+', gitVersion: 'v1.30.4-eks-a737599' })).toEqual({ gitVersion: 'v1.30.4-eks-a737599', major: 1, minor: 30 });
  });

  it('refuses a version it cannot read, naming the field', () => {
    expect(() => serverVersion({ major: '1', minor: 'x', gitVersion: 'v1' })).toThrow(MalformedObjectError);
    expect(() => serverVersion({ major: '1', minor: 'x', gitVersion: 'v1' })).toThrow(/^minor is not a version number \("x"\)$/);
    expect(() => serverVersion({ major: '1', minor: '2' })).toThrow(/^gitVersion/);
  });
});

describe('servesPolicyV1beta1', () => {
  const group = (...versions: string[]) => ({ name: 'policy', versions: versions.map((v) => ({ groupVersion: `policy/${v}`, version: v })) });

  it('is true only when /apis lists policy/v1beta1', () => {
    expect(servesPolicyV1beta1({ groups: [{ name: 'apps', versions: [] }, group('v1', 'v1beta1')] })).toBe(true);
    expect(servesPolicyV1beta1({ groups: [group('v1')] })).toBe(false);
    expect(servesPolicyV1beta1({ groups: [] })).toBe(false);
  });

  it('refuses an answer without groups', () => {
    expect(() => servesPolicyV1beta1({})).toThrow(/^groups is not a list$/);
  });
});
