import { describe, expect, it } from 'vitest';
import type { LevelVersion } from '../level-version.ts';
import { policyToEvaluate, type NamespaceLabels, type Policy } from '../namespace-policy.ts';
import { LATEST, v1 } from '../version.ts';
import { exemptNamespaceWarning } from './exempt-namespace-warning.ts';

const privileged: LevelVersion = { level: 'privileged', version: LATEST };
const privilegedPolicy: Policy = { enforce: privileged, audit: privileged, warn: privileged };
const baseline123: LevelVersion = { level: 'baseline', version: v1(23) };
const baselinePolicy: Policy = { enforce: baseline123, audit: baseline123, warn: baseline123 };

function warningFor(labels: NamespaceLabels, defaults: Policy = privilegedPolicy): string | undefined {
  const { policy } = policyToEvaluate(labels, defaults);
  return exemptNamespaceWarning('team-a', policy, labels, defaults);
}

describe('exemptNamespaceWarning', () => {
  it('names the namespace and the ignored enforce policy', () => {
    expect(warningFor({ 'pod-security.kubernetes.io/enforce': 'restricted' })).toBe(
      'namespace "team-a" is exempt from Pod Security, and the policy (enforce=restricted:latest) will be ignored',
    );
  });

  it('lists enforce, audit and warn in that order, skipping an unlabelled warn raised from enforce', () => {
    // Prepare
    const labels = {
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.0',
    };

    // Act
    const warning = warningFor(labels);

    // Assess
    expect(warning).toBe(
      'namespace "team-a" is exempt from Pod Security, and the policy (enforce=restricted:v1.0, audit=restricted:latest, warn=baseline:latest) will be ignored',
    );
  });

  it('does not list a warn level that only came from defaulting to enforce', () => {
    expect(warningFor({ 'pod-security.kubernetes.io/enforce': 'baseline' })).toContain('(enforce=baseline:latest)');
  });

  it('lists a mode whose version alone is labelled', () => {
    expect(warningFor({ 'pod-security.kubernetes.io/warn-version': 'latest' }, baselinePolicy)).toContain('(warn=baseline:latest)');
  });

  it('leaves privileged modes out even when labelled', () => {
    // Prepare
    const labels = { 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/audit': 'baseline' };

    // Act / Assess
    expect(warningFor(labels)).toContain('(audit=baseline:latest)');
  });

  it('gives no warning for a fully privileged policy', () => {
    expect(
      warningFor({ 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/enforce-version': 'v1.24', 'pod-security.kubernetes.io/warn-version': 'v1.25' }),
    ).toBeUndefined();
  });

  it('gives no warning when the labels amount to the configured defaults', () => {
    expect(warningFor({ unrelated: 'x' }, baselinePolicy)).toBeUndefined();
  });

  it('prints empty parentheses when only unlabelled defaults make the policy non-privileged', () => {
    // Prepare: defaults warn at baseline; the label only relaxes enforce, so warn stays an unlabelled default.
    const defaults: Policy = { ...privilegedPolicy, enforce: baseline123, warn: baseline123 };

    // Act
    const warning = warningFor({ 'pod-security.kubernetes.io/enforce': 'privileged' }, defaults);

    // Assess
    expect(warning).toBe('namespace "team-a" is exempt from Pod Security, and the policy () will be ignored');
  });
});
