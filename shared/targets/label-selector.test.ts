import { describe, expect, it } from 'vitest';
import { matchesLabelSelector, selectsEverything, type LabelSelector } from './label-selector.ts';

const labels = { team: 'payments', tier: 'web', empty: '' };

describe('matchesLabelSelector', () => {
  it.each<[string, LabelSelector, boolean]>([
    ['an empty selector', {}, true],
    ['matchLabels, all present with these values', { matchLabels: { team: 'payments', tier: 'web' } }, true],
    ['matchLabels, one value differs', { matchLabels: { team: 'payments', tier: 'db' } }, false],
    ['matchLabels, a key is absent', { matchLabels: { owner: 'x' } }, false],
    ['matchLabels, an empty value present', { matchLabels: { empty: '' } }, true],
    ['matchLabels, an empty value absent', { matchLabels: { other: '' } }, false],
    ['In, value in the set', { matchExpressions: [{ key: 'team', operator: 'In', values: ['search', 'payments'] }] }, true],
    ['In, value not in the set', { matchExpressions: [{ key: 'team', operator: 'In', values: ['search'] }] }, false],
    ['In, key absent', { matchExpressions: [{ key: 'owner', operator: 'In', values: ['payments'] }] }, false],
    ['NotIn, value not in the set', { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['search'] }] }, true],
    ['NotIn, value in the set', { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['payments'] }] }, false],
    ['NotIn, key absent (Kubernetes: matches)', { matchExpressions: [{ key: 'owner', operator: 'NotIn', values: ['payments'] }] }, true],
    ['Exists, key present', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    ['Exists, key present with an empty value', { matchExpressions: [{ key: 'empty', operator: 'Exists' }] }, true],
    ['Exists, key absent', { matchExpressions: [{ key: 'owner', operator: 'Exists' }] }, false],
    ['DoesNotExist, key absent', { matchExpressions: [{ key: 'owner', operator: 'DoesNotExist' }] }, true],
    ['DoesNotExist, key present', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist', values: [] }] }, false],
    [
      'matchLabels and expressions, all hold',
      { matchLabels: { tier: 'web' }, matchExpressions: [{ key: 'team', operator: 'In', values: ['payments'] }, { key: 'owner', operator: 'DoesNotExist' }] },
      true,
    ],
    [
      'matchLabels and expressions, one expression fails',
      { matchLabels: { tier: 'web' }, matchExpressions: [{ key: 'team', operator: 'In', values: ['payments'] }, { key: 'tier', operator: 'DoesNotExist' }] },
      false,
    ],
  ])('%s: %s', (_name, selector, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });

  it('does not read inherited properties as labels', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'toString', operator: 'Exists' }] }, {})).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'constructor', operator: 'DoesNotExist' }] }, {})).toBe(true);
  });
});

describe('selectsEverything', () => {
  it('is true only without requirements', () => {
    expect(selectsEverything({})).toBe(true);
    expect(selectsEverything({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(selectsEverything({ matchLabels: { a: 'b' } })).toBe(false);
    expect(selectsEverything({ matchExpressions: [{ key: 'a', operator: 'Exists' }] })).toBe(false);
  });
});
