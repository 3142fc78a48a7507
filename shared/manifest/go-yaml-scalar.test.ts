import { describe, expect, it } from 'vitest';
import { jsonKeyOf, resolveScalar } from './go-yaml-scalar.ts';

// Expected values from go-yaml v2.4 (sigs.k8s.io/yaml v1.6), checked against the Go oracle by
// test/cli/yaml-decoding-differential.test.ts; here as a readable table.
describe('resolveScalar, a plain scalar as go-yaml v2 reads it', () => {
  it.each([
    ['2024-01-01', { kind: 'str', value: '2024-01-01' }],
    ['1:00', { kind: 'str', value: '1:00' }],
    ['0o17', { kind: 'int', value: 15 }],
    ['0X1F', { kind: 'int', value: 31 }],
    ['0b101', { kind: 'int', value: 5 }],
    ['1_000', { kind: 'int', value: 1000 }],
    ['017', { kind: 'int', value: 15 }],
    ['08', { kind: 'float', value: 8 }],
    ['+12', { kind: 'int', value: 12 }],
    ['9223372036854775807', { kind: 'int', value: 9223372036854775807n }],
    ['18446744073709551615', { kind: 'int', value: 18446744073709551615n }],
    ['18446744073709551616', { kind: 'float', value: 18446744073709551616 }],
    ['1e3', { kind: 'float', value: 1000 }],
    ['1e400', { kind: 'str', value: '1e400' }],
    ['.5_5', { kind: 'float', value: 0.55 }],
    ['._5', { kind: 'str', value: '._5' }],
    ['y', { kind: 'bool', value: true }],
    ['off', { kind: 'bool', value: false }],
    ['yEs', { kind: 'str', value: 'yEs' }],
    ['~', { kind: 'null' }],
    ['', { kind: 'null' }],
    ['.inf', { kind: 'float', value: Infinity }],
    ['-.Inf', { kind: 'float', value: -Infinity }],
  ])('%s', (text, expected) => {
    expect(resolveScalar(text, true, undefined)).toEqual(expected);
  });

  it('leaves a quoted scalar a string', () => {
    expect(resolveScalar('017', false, undefined)).toEqual({ kind: 'str', value: '017' });
  });

  it.each([
    ['tag:yaml.org,2002:int', '"12"', { kind: 'int', value: 12 }],
    ['tag:yaml.org,2002:float', '3', { kind: 'float', value: 3 }],
    ['tag:yaml.org,2002:str', '12', { kind: 'str', value: '12' }],
    ['!custom', '12', { kind: 'str', value: '12' }],
    ['tag:yaml.org,2002:binary', 'aGVsbG8=', { kind: 'str', value: 'hello' }],
    ['tag:yaml.org,2002:int', '1.5', { kind: 'error', message: 'cannot decode !!float "1.5" as a !!int' }],
    ['tag:yaml.org,2002:null', '0', { kind: 'error', message: 'cannot decode !!int "0" as a !!null' }],
  ])('with the tag %s, %s', (tag, text, expected) => {
    expect(resolveScalar(text.replaceAll('"', ''), true, tag)).toEqual(expected);
  });
});

describe('jsonKeyOf, a mapping key as sigs.k8s.io/yaml writes it', () => {
  it.each([
    [{ kind: 'bool', value: true } as const, 'true'],
    [{ kind: 'int', value: 7 } as const, '7'],
    [{ kind: 'float', value: 1.5 } as const, '1.5'],
    [{ kind: 'float', value: 1e7 } as const, '1e+07'],
    [{ kind: 'float', value: 123456 } as const, '123456'],
    [{ kind: 'float', value: 0.1 } as const, '0.1'],
    [{ kind: 'float', value: Infinity } as const, '.inf'],
    [{ kind: 'null' } as const, undefined],
    [{ kind: 'int', value: 2n ** 63n } as const, undefined],
  ])('key %# as JSON', (key, expected) => {
    expect(jsonKeyOf(key)).toBe(expected);
  });
});
