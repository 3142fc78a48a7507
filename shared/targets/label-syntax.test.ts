import { describe, expect, it } from 'vitest';
import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, labelKeyProblems, labelValueProblems } from './label-syntax.ts';

const KEY_NAME_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('labelKeyProblems', () => {
  it.each(['team', 'app.kubernetes.io/name', 'kubernetes.io/metadata.name', 'A_b-c.d', 'x', `${'a'.repeat(253)}/${'b'.repeat(63)}`])('accepts %s', (key) => {
    expect(labelKeyProblems(key)).toEqual([]);
  });

  it('words refusals as apimachinery does (content.IsLabelKey)', () => {
    expect(labelKeyProblems('')).toEqual(['name part must be non-empty', `name part ${KEY_NAME_RULE}`]);
    expect(labelKeyProblems('-team')).toEqual([`name part ${KEY_NAME_RULE}`]);
    expect(labelKeyProblems('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(labelKeyProblems('/team')).toEqual(['prefix part must be non-empty']);
    expect(labelKeyProblems('Example.com/team')).toEqual([
      "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(labelKeyProblems(`${'a'.repeat(254)}/team`)).toEqual(['prefix part must be no more than 253 characters']);
    expect(labelKeyProblems('a/b/c')).toEqual([
      `a valid label key ${KEY_NAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]);
  });
});

describe('labelValueProblems', () => {
  it.each(['', 'payments', 'v1.30', 'a_b-c', 'x'.repeat(63)])('accepts %j', (value) => {
    expect(labelValueProblems(value)).toEqual([]);
  });

  it('words refusals as apimachinery does (content.IsLabelValue)', () => {
    const rule =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    expect(labelValueProblems('bad value')).toEqual([rule]);
    expect(labelValueProblems('x'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(labelValueProblems(`-${'x'.repeat(64)}`)).toEqual(['must be no more than 63 characters', rule]);
  });
});

describe('the JSON Schema patterns', () => {
  // The patterns say the same rules to JSON Schema validators; each sample is judged alike.
  const keys = ['team', 'a/b', '/b', 'a/', 'a/b/c', 'Example.com/x', 'example.com/X_y', '-a', 'a-', `${'a'.repeat(253)}/b`, `${'a'.repeat(254)}/b`, 'a'.repeat(63), 'a'.repeat(64), '', 'a b', 'ä'];
  const values = ['', 'a', '-a', 'a-', 'a.b_c-d', 'x'.repeat(63), 'x'.repeat(64), 'a b', 'ä', 'a\n'];

  it.each(keys)('label key %j', (key) => {
    expect(new RegExp(LABEL_KEY_PATTERN, 'u').test(key)).toBe(labelKeyProblems(key).length === 0);
  });

  it.each(values)('label value %j', (value) => {
    expect(new RegExp(LABEL_VALUE_PATTERN, 'u').test(value)).toBe(labelValueProblems(value).length === 0);
  });
});
