import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobs, isGlob } from './glob.ts';

describe('compileGlob', () => {
  it.each([
    ['prod-*', 'prod-a', true],
    ['prod-*', 'prod-', true],
    ['prod-*', 'prod', false],
    ['prod-*', 'staging-prod-a', false],
    ['*-prod', 'eu-prod', true],
    ['*', '', true],
    ['eu-*-1', 'eu-west-1', true],
    ['eu-*-1', 'eu-west-2', false],
    ['eu-west-?', 'eu-west-1', true],
    ['eu-west-?', 'eu-west-10', false],
    ['eu-west-?', 'eu-west-', false],
    ['kube-system', 'kube-system', true],
    ['kube-system', 'kube-system2', false],
    ['Prod-*', 'prod-a', false],
  ])('%s on %s: %s', (pattern, name, expected) => {
    expect(compileGlob(pattern)(name)).toBe(expected);
  });

  it('matches across the / and : of kubeconfig context names, unlike a file-path glob', () => {
    const matches = compileGlob('arn:aws:eks:*:cluster/prod-?');
    expect(matches('arn:aws:eks:eu-west-1:111122223333:cluster/prod-a')).toBe(true);
    expect(compileGlob('*@prod')('admin@prod')).toBe(true);
    expect(compileGlob('a?c')('a/c')).toBe(true);
    expect(compileGlob('*')('.hidden/..')).toBe(true);
  });

  it('takes regular-expression characters literally', () => {
    expect(compileGlob('a.b')('a.b')).toBe(true);
    expect(compileGlob('a.b*')('axb')).toBe(false);
    expect(compileGlob('[ab]*')('a')).toBe(false);
    expect(compileGlob('[ab]*')('[ab]x')).toBe(true);
    expect(compileGlob('(x|y)+$^{1}\\*')('(x|y)+$^{1}\\z')).toBe(true);
  });

  it('counts ? as one character, also outside the Basic Multilingual Plane', () => {
    expect(compileGlob('team-?')('team-😀')).toBe(true);
  });

  it('treats ** as *', () => {
    expect(compileGlob('a**b')('ab')).toBe(true);
    expect(compileGlob('a**b')('axxb')).toBe(true);
  });
});

describe('compileGlobs', () => {
  it('matches when any glob does', () => {
    const matches = compileGlobs(['kube-*', 'amazon-cloudwatch']);
    expect(matches('kube-public')).toBe(true);
    expect(matches('amazon-cloudwatch')).toBe(true);
    expect(matches('default')).toBe(false);
  });
});

describe('isGlob', () => {
  it('is true only with * or ?', () => {
    expect([isGlob('a*'), isGlob('a?'), isGlob('a')]).toEqual([true, true, false]);
  });
});
