import { describe, expect, it } from 'vitest';
import type { LevelVersion } from './level-version.ts';
import {
  equivalentPolicies,
  fullyPrivileged,
  labelErrorBody,
  labelErrorMessage,
  policyToEvaluate,
  type Policy,
} from './namespace-policy.ts';
import { LATEST, v1 } from './version.ts';

const privilegedLatest: LevelVersion = { level: 'privileged', version: LATEST };
const allPrivileged: Policy = { enforce: privilegedLatest, audit: privilegedLatest, warn: privilegedLatest };

describe('policyToEvaluate', () => {
  it('returns the defaults when the namespace has no labels', () => {
    // Prepare
    const defaults: Policy = { ...allPrivileged, audit: { level: 'baseline', version: v1(25) } };

    // Act
    const { policy, errors } = policyToEvaluate(undefined, defaults);

    // Assess
    expect(policy).toEqual(defaults);
    expect(errors).toEqual([]);
  });

  it('reads every mode and version from its own label', () => {
    // Act
    const { policy, errors } = policyToEvaluate(
      {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.30',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'v1.25',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
      },
      allPrivileged,
    );

    // Assess
    expect(errors).toEqual([]);
    expect(policy).toEqual({
      enforce: { level: 'baseline', version: v1(30) },
      audit: { level: 'restricted', version: v1(25) },
      warn: { level: 'restricted', version: LATEST },
    });
  });

  it('keeps a default version when only the level label is set', () => {
    // Prepare
    const defaults: Policy = { ...allPrivileged, enforce: { level: 'privileged', version: v1(28) } };

    // Act
    const { policy } = policyToEvaluate({ 'pod-security.kubernetes.io/enforce': 'baseline' }, defaults);

    // Assess
    expect(policy.enforce).toEqual({ level: 'baseline', version: v1(28) });
  });

  it('fails closed on an invalid enforce level: restricted, with the 422 field error', () => {
    // Act
    const { policy, errors } = policyToEvaluate({ 'pod-security.kubernetes.io/enforce': 'foo' }, allPrivileged);

    // Assess
    expect(policy.enforce).toEqual({ level: 'restricted', version: LATEST });
    expect(errors.map(labelErrorMessage)).toEqual([
      'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "foo": must be one of privileged, baseline, restricted',
    ]);
  });

  it('fails open on an invalid audit level: privileged, keeping the audit version', () => {
    // Act
    const { policy, errors } = policyToEvaluate(
      { 'pod-security.kubernetes.io/audit': 'strict', 'pod-security.kubernetes.io/audit-version': 'v1.29' },
      allPrivileged,
    );

    // Assess
    expect(policy.audit).toEqual({ level: 'privileged', version: v1(29) });
    expect(errors.map(labelErrorMessage)).toEqual([
      'metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "strict": must be one of privileged, baseline, restricted',
    ]);
  });

  it('fails open on an invalid warn level: privileged', () => {
    // Act
    const { policy, errors } = policyToEvaluate({ 'pod-security.kubernetes.io/warn': 'Restricted' }, allPrivileged);

    // Assess
    expect(policy.warn.level).toBe('privileged');
    expect(errors).toHaveLength(1);
  });

  it('turns an invalid version of any mode into latest, keeping its level', () => {
    // Act
    const { policy, errors } = policyToEvaluate(
      {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.030',
        'pod-security.kubernetes.io/audit': 'baseline',
        'pod-security.kubernetes.io/audit-version': 'v2.0',
        'pod-security.kubernetes.io/warn': 'baseline',
        'pod-security.kubernetes.io/warn-version': '1.30',
      },
      { ...allPrivileged, enforce: { level: 'privileged', version: v1(20) } },
    );

    // Assess
    expect(policy.enforce).toEqual({ level: 'baseline', version: LATEST });
    expect(policy.audit).toEqual({ level: 'baseline', version: LATEST });
    expect(policy.warn).toEqual({ level: 'baseline', version: LATEST });
    expect(errors.map(labelErrorBody)).toEqual([
      'Invalid value: "v1.030": must be "latest" or "v1.x"',
      'Invalid value: "v2.0": must be "latest" or "v1.x"',
      'Invalid value: "1.30": must be "latest" or "v1.x"',
    ]);
  });

  it('lists errors in label order: enforce, enforce-version, audit, audit-version, warn, warn-version', () => {
    // Act
    const { errors } = policyToEvaluate(
      {
        'pod-security.kubernetes.io/warn-version': 'x',
        'pod-security.kubernetes.io/warn': 'x',
        'pod-security.kubernetes.io/audit-version': 'x',
        'pod-security.kubernetes.io/audit': 'x',
        'pod-security.kubernetes.io/enforce-version': 'x',
        'pod-security.kubernetes.io/enforce': 'x',
      },
      allPrivileged,
    );

    // Assess
    expect(errors.map((e) => e.field)).toEqual([
      'metadata.labels[pod-security.kubernetes.io/enforce]',
      'metadata.labels[pod-security.kubernetes.io/enforce-version]',
      'metadata.labels[pod-security.kubernetes.io/audit]',
      'metadata.labels[pod-security.kubernetes.io/audit-version]',
      'metadata.labels[pod-security.kubernetes.io/warn]',
      'metadata.labels[pod-security.kubernetes.io/warn-version]',
    ]);
  });

  it('treats an empty label value as invalid, not as unset', () => {
    // Act
    const { policy, errors } = policyToEvaluate({ 'pod-security.kubernetes.io/enforce': '' }, allPrivileged);

    // Assess
    expect(policy.enforce.level).toBe('restricted');
    expect(errors.map(labelErrorMessage)).toEqual([
      'metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "": must be one of privileged, baseline, restricted',
    ]);
  });

  it('ignores labels outside the pod-security prefix', () => {
    // Act
    const { policy, errors } = policyToEvaluate({ 'kubernetes.io/metadata.name': 'team-a', enforce: 'restricted' }, allPrivileged);

    // Assess
    expect(policy).toEqual(allPrivileged);
    expect(errors).toEqual([]);
  });
});

describe('policyToEvaluate warn defaulting', () => {
  it('raises an unset warn to a stricter enforce level and takes its version', () => {
    // Act
    const { policy } = policyToEvaluate(
      { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.29' },
      allPrivileged,
    );

    // Assess
    expect(policy.warn).toEqual({ level: 'restricted', version: v1(29) });
  });

  it('keeps a labelled warn-version when warn is raised to the enforce level', () => {
    // Act
    const { policy } = policyToEvaluate(
      {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.29',
        'pod-security.kubernetes.io/warn-version': 'v1.31',
      },
      allPrivileged,
    );

    // Assess
    expect(policy.warn).toEqual({ level: 'baseline', version: v1(31) });
  });

  it('takes the default enforce version when warn is raised and no enforce-version is labelled', () => {
    // Prepare
    const defaults: Policy = { ...allPrivileged, enforce: { level: 'privileged', version: v1(27) } };

    // Act
    const { policy } = policyToEvaluate({ 'pod-security.kubernetes.io/enforce': 'baseline' }, defaults);

    // Assess
    expect(policy.warn).toEqual({ level: 'baseline', version: v1(27) });
  });

  it('takes latest when the enforce-version label is invalid', () => {
    // Act
    const { policy } = policyToEvaluate(
      { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'old' },
      allPrivileged,
    );

    // Assess
    expect(policy.warn).toEqual({ level: 'baseline', version: LATEST });
  });

  it('does not raise warn when it is labelled, even with an invalid value', () => {
    // Act
    const { policy } = policyToEvaluate(
      { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'loud' },
      allPrivileged,
    );

    // Assess
    expect(policy.warn).toEqual(privilegedLatest);
  });

  it('does not raise warn when enforce is not stricter than the default warn', () => {
    // Prepare
    const defaults: Policy = { ...allPrivileged, warn: { level: 'restricted', version: v1(20) } };

    // Act
    const { policy } = policyToEvaluate({ 'pod-security.kubernetes.io/enforce': 'baseline' }, defaults);

    // Assess
    expect(policy.warn).toEqual({ level: 'restricted', version: v1(20) });
  });

  it('does not raise warn for an equal level, so the warn version stays the default', () => {
    // Prepare
    const defaults: Policy = { ...allPrivileged, warn: { level: 'baseline', version: v1(20) } };

    // Act
    const { policy } = policyToEvaluate(
      { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30' },
      defaults,
    );

    // Assess
    expect(policy.warn).toEqual({ level: 'baseline', version: v1(20) });
  });

  it('does not raise warn from an invalid enforce level, although enforce fails closed', () => {
    // Act
    const { policy } = policyToEvaluate({ 'pod-security.kubernetes.io/enforce': 'foo' }, allPrivileged);

    // Assess
    expect(policy.enforce.level).toBe('restricted');
    expect(policy.warn).toEqual(privilegedLatest);
  });

  it('does not raise warn when only enforce-version is labelled', () => {
    // Prepare
    const defaults: Policy = { ...allPrivileged, enforce: { level: 'restricted', version: LATEST } };

    // Act
    const { policy } = policyToEvaluate({ 'pod-security.kubernetes.io/enforce-version': 'v1.30' }, defaults);

    // Assess
    expect(policy.warn).toEqual(privilegedLatest);
  });
});

describe('equivalentPolicies', () => {
  it('treats privileged at different versions as the same', () => {
    // Prepare
    const pinned: Policy = { ...allPrivileged, enforce: { level: 'privileged', version: v1(20) } };

    // Act / Assess
    expect(equivalentPolicies(pinned, allPrivileged)).toBe(true);
  });

  it('distinguishes the same non-privileged level at different versions', () => {
    // Prepare
    const a: Policy = { ...allPrivileged, audit: { level: 'baseline', version: v1(20) } };
    const b: Policy = { ...allPrivileged, audit: { level: 'baseline', version: LATEST } };

    // Act / Assess
    expect(equivalentPolicies(a, b)).toBe(false);
  });
});

describe('fullyPrivileged', () => {
  it('is true only when all three modes are privileged', () => {
    expect(fullyPrivileged({ ...allPrivileged, enforce: { level: 'privileged', version: v1(3) } })).toBe(true);
    expect(fullyPrivileged({ ...allPrivileged, warn: { level: 'baseline', version: LATEST } })).toBe(false);
  });
});
