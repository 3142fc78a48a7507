import { describe, expect, it } from 'vitest';
import type { NamespaceLabels } from '../namespace-policy.ts';
import type { PodUnderTest } from '../pod.ts';
import { DEFAULT_ADMISSION_CONFIG, type AdmissionConfig } from './admission-config.ts';
import { evaluateNamespaceUpdate, type NamespaceUpdate } from './namespace-update.ts';

// A pod that passes restricted at every version; each test derives what it needs from it.
const compliant: PodUnderTest = {
  metadata: { name: 'compliant' },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  },
};

type Tweak = (pod: Required<PodUnderTest>) => void;

function pod(name: string, ...tweaks: Tweak[]): PodUnderTest {
  const copy = structuredClone(compliant) as Required<PodUnderTest>;
  copy.metadata.name = name;
  for (const tweak of tweaks) tweak(copy);
  return copy;
}

const privileged: Tweak = (p) => {
  for (const container of p.spec.containers ?? []) container.securityContext = { ...container.securityContext, privileged: true };
};
const hostNetwork: Tweak = (p) => {
  p.spec.hostNetwork = true;
};
const mayRunAsRoot: Tweak = (p) => {
  if (p.spec.securityContext !== undefined) delete p.spec.securityContext.runAsNonRoot;
};
const ownedBy =
  (uid: string, controller = true): Tweak =>
  (p) => {
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${uid}`, uid, controller }];
  };
const runtimeClass =
  (name: string): Tweak =>
  (p) => {
    p.spec.runtimeClassName = name;
  };

const enforce = (level: string, version?: string): NamespaceLabels => ({
  'pod-security.kubernetes.io/enforce': level,
  ...(version === undefined ? {} : { 'pod-security.kubernetes.io/enforce-version': version }),
});

function update(overrides: Partial<NamespaceUpdate>): NamespaceUpdate {
  return {
    namespaceName: 'team-a',
    oldLabels: {},
    newLabels: enforce('restricted'),
    pods: [],
    config: DEFAULT_ADMISSION_CONFIG,
    ...overrides,
  };
}

function warningsOf(input: NamespaceUpdate): string[] {
  const result = evaluateNamespaceUpdate(input);
  if (!result.allowed) throw new Error(`expected allowed, got ${result.message}`);
  return result.warnings;
}

const withExemptions = (exemptions: Partial<AdmissionConfig['exemptions']>): AdmissionConfig => ({
  ...DEFAULT_ADMISSION_CONFIG,
  exemptions: { ...DEFAULT_ADMISSION_CONFIG.exemptions, ...exemptions },
});

const violatingPods = [pod('web', privileged)];

describe('evaluateNamespaceUpdate: when pods are evaluated', () => {
  it('reports nothing when the enforce label is re-applied unchanged, however bad the pods', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ oldLabels: enforce('restricted'), newLabels: enforce('restricted'), pods: violatingPods }));

    // Assess
    expect(result).toEqual({ allowed: true, warnings: [], podCheck: { kind: 'skipped', because: 'enforce-unchanged' } });
  });

  it('reports nothing when only audit or warn labels change', () => {
    // Prepare
    const oldLabels = enforce('baseline');
    const newLabels = { ...oldLabels, 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' };

    // Act / Assess
    expect(warningsOf(update({ oldLabels, newLabels, pods: violatingPods }))).toEqual([]);
  });

  it('reports nothing when the new enforce level is privileged', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ oldLabels: enforce('baseline'), newLabels: enforce('privileged', 'v1.20'), pods: violatingPods }));

    // Assess
    expect(result).toMatchObject({ allowed: true, warnings: [], podCheck: { because: 'enforce-privileged' } });
  });

  it('reports nothing when the level is relaxed at the same version', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ oldLabels: enforce('restricted', 'v1.30'), newLabels: enforce('baseline', 'v1.30'), pods: violatingPods }));

    // Assess
    expect(result).toMatchObject({ allowed: true, warnings: [], podCheck: { because: 'enforce-same-version-not-stricter' } });
  });

  it('evaluates pods when the version changes, even to an older one at a looser level', () => {
    // Act
    const warnings = warningsOf(update({ oldLabels: enforce('restricted', 'latest'), newLabels: enforce('baseline', 'v1.20'), pods: violatingPods }));

    // Assess
    expect(warnings).toEqual(['existing pods in namespace "team-a" violate the new PodSecurity enforce level "baseline:v1.20"', 'web: privileged']);
  });

  it('evaluates pods against the default enforce policy when the labels are removed', () => {
    // Prepare
    const config: AdmissionConfig = {
      ...DEFAULT_ADMISSION_CONFIG,
      defaults: { ...DEFAULT_ADMISSION_CONFIG.defaults, enforce: { level: 'restricted', version: DEFAULT_ADMISSION_CONFIG.defaults.enforce.version } },
    };

    // Act
    const warnings = warningsOf(update({ config, oldLabels: enforce('baseline', 'v1.0'), newLabels: {}, pods: [pod('db', mayRunAsRoot)] }));

    // Assess
    expect(warnings).toEqual(['existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:latest"', 'db: runAsNonRoot != true']);
  });
});

describe('evaluateNamespaceUpdate: exempt namespaces', () => {
  const config = withExemptions({ namespaces: ['team-a'] });

  it('gives the single exempt warning instead of pod warnings', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ config, newLabels: { ...enforce('restricted', 'v1.0'), 'pod-security.kubernetes.io/audit': 'restricted' }, pods: violatingPods }));

    // Assess
    expect(result).toEqual({
      allowed: true,
      warnings: ['namespace "team-a" is exempt from Pod Security, and the policy (enforce=restricted:v1.0, audit=restricted:latest) will be ignored'],
      podCheck: { kind: 'skipped', because: 'namespace-exempt' },
    });
  });

  it('gives no exempt warning for an update that would not evaluate pods anyway', () => {
    expect(warningsOf(update({ config, oldLabels: enforce('restricted'), newLabels: { ...enforce('restricted'), team: 'a' } }))).toEqual([]);
  });

  it('gives no exempt warning when the new policy equals the configured defaults', () => {
    // Prepare
    const restrictedLatest = { level: 'restricted', version: DEFAULT_ADMISSION_CONFIG.defaults.enforce.version } as const;
    const strictDefaults: AdmissionConfig = { ...config, defaults: { enforce: restrictedLatest, audit: restrictedLatest, warn: restrictedLatest } };

    // Act / Assess
    expect(warningsOf(update({ config: strictDefaults, oldLabels: enforce('baseline'), newLabels: {} }))).toEqual([]);
  });
});

describe('evaluateNamespaceUpdate: invalid labels', () => {
  it('refuses a newly invalid enforce level with the apiserver 422', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ oldLabels: enforce('baseline'), newLabels: enforce('foo') }));

    // Assess
    expect(result).toEqual({
      allowed: false,
      status: 422,
      reason: 'Invalid',
      message: 'Namespace "team-a" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "foo": must be one of privileged, baseline, restricted',
      causes: [
        {
          type: 'FieldValueInvalid',
          field: 'metadata.labels[pod-security.kubernetes.io/enforce]',
          message: 'Invalid value: "foo": must be one of privileged, baseline, restricted',
        },
      ],
    });
  });

  it('refuses a newly invalid version with the version message', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ newLabels: { 'pod-security.kubernetes.io/warn-version': 'v1.x' } }));

    // Assess
    expect(result).toMatchObject({
      allowed: false,
      message: 'Namespace "team-a" is invalid: metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "v1.x": must be "latest" or "v1.x"',
    });
  });

  it('lists several invalid labels in brackets, comma-joined', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ newLabels: { ...enforce('foo', 'bar') } }));

    // Assess
    expect(result).toMatchObject({
      message:
        'Namespace "team-a" is invalid: [metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "foo": must be one of privileged, baseline, restricted, metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "bar": must be "latest" or "v1.x"]',
    });
    expect(result.allowed ? [] : result.causes).toHaveLength(2);
  });

  it('allows an update that leaves the same invalid labels as before', () => {
    // Prepare
    const oldLabels = enforce('foo');

    // Act
    const result = evaluateNamespaceUpdate(update({ oldLabels, newLabels: { ...oldLabels, 'pod-security.kubernetes.io/warn': 'baseline' }, pods: violatingPods }));

    // Assess
    expect(result).toMatchObject({ allowed: true, warnings: [] });
  });

  it('refuses an update that fixes one of two invalid labels, naming the one left', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ oldLabels: enforce('foo', 'bar'), newLabels: enforce('foo', 'v1.30') }));

    // Assess
    expect(result).toMatchObject({
      allowed: false,
      message: 'Namespace "team-a" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "foo": must be one of privileged, baseline, restricted',
    });
  });

  it('refuses an update that changes the value of a label that was already invalid', () => {
    expect(evaluateNamespaceUpdate(update({ oldLabels: enforce('foo'), newLabels: enforce('fooo') })).allowed).toBe(false);
  });

  it('evaluates pods at restricted when an invalid enforce level stays and the version changes', () => {
    // Act
    const warnings = warningsOf(update({ oldLabels: enforce('foo', 'v1.20'), newLabels: enforce('foo', 'v1.30'), pods: [pod('db', mayRunAsRoot)] }));

    // Assess
    expect(warnings).toEqual(['existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:v1.30"', 'db: runAsNonRoot != true']);
  });

  it('does not evaluate pods when an invalid enforce level is fixed to a looser level', () => {
    // Act: the old invalid label counted as restricted:latest.
    const result = evaluateNamespaceUpdate(update({ oldLabels: enforce('foo'), newLabels: enforce('baseline'), pods: violatingPods }));

    // Assess
    expect(result).toMatchObject({ allowed: true, warnings: [], podCheck: { because: 'enforce-same-version-not-stricter' } });
  });
});

describe('evaluateNamespaceUpdate: pod warnings', () => {
  it('gives no warnings when every pod complies', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ pods: [pod('a'), pod('b')] }));

    // Assess
    expect(result).toEqual({ allowed: true, warnings: [], podCheck: { kind: 'evaluated', enforce: { level: 'restricted', version: expect.anything() }, checkedPods: 2, totalPods: 2 } });
  });

  it('names the alphabetically first pod of a reason set and counts the others', () => {
    // Prepare
    const pods = [pod('web-2', privileged), pod('web-1', privileged), pod('api', hostNetwork), pod('api-2', hostNetwork), pod('api-3', hostNetwork), pod('db', mayRunAsRoot)];

    // Act
    const warnings = warningsOf(update({ pods }));

    // Assess
    expect(warnings).toEqual([
      'existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:latest"',
      'api (and 2 other pods): host namespaces',
      'db: runAsNonRoot != true',
      'web-1 (and 1 other pod): privileged',
    ]);
  });

  it('joins a pod’s reasons, baseline before restricted, and groups only identical reason sets', () => {
    // Prepare
    const pods = [pod('a', privileged, mayRunAsRoot), pod('b', privileged)];

    // Act
    const warnings = warningsOf(update({ pods }));

    // Assess
    expect(warnings.slice(1)).toEqual(['a: privileged, runAsNonRoot != true', 'b: privileged']);
  });

  it('sorts lines as whole strings, so a pod name that is a prefix of another sorts by what follows', () => {
    // Prepare: "web (and 1 other pod)" vs "web-x:" — space sorts before "-", "-" before ":".
    const pods = [pod('web-x', hostNetwork), pod('web', privileged), pod('zz', privileged), pod('web-', mayRunAsRoot)];

    // Act
    const warnings = warningsOf(update({ pods }));

    // Assess
    expect(warnings.slice(1)).toEqual(['web (and 1 other pod): privileged', 'web-: runAsNonRoot != true', 'web-x: host namespaces']);
  });

  it('skips pods whose runtime class is exempt and leaves them out of the totals', () => {
    // Prepare
    const config = withExemptions({ runtimeClasses: ['kata'] });
    const pods = [pod('sandboxed', privileged, runtimeClass('kata')), pod('plain', privileged, runtimeClass('runc'))];

    // Act
    const result = evaluateNamespaceUpdate(update({ config, pods }));

    // Assess
    expect(result).toMatchObject({
      warnings: ['existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:latest"', 'plain: privileged'],
      podCheck: { checkedPods: 1, totalPods: 1 },
    });
  });

  it('says how many pods it checked even when none of them violate', () => {
    // Act
    const warnings = warningsOf(update({ pods: [pod('a'), pod('b', privileged)], budget: { podsEvaluatedWithinTime: 1 } }));

    // Assess
    expect(warnings).toEqual(['new PodSecurity enforce level only checked against the first 1 of 2 existing pods']);
  });

  it('checks at most 3000 pods and says so first', () => {
    // Prepare
    const pods = Array.from({ length: 3001 }, (_, i) => pod(`p${String(i).padStart(4, '0')}`, privileged));

    // Act
    const warnings = warningsOf(update({ pods }));

    // Assess
    expect(warnings).toEqual([
      'new PodSecurity enforce level only checked against the first 3000 of 3001 existing pods',
      'existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:latest"',
      'p0000 (and 2999 other pods): privileged',
    ]);
  });

  it('checks one pod per controller before further replicas', () => {
    // Prepare: two replicas of one ReplicaSet listed first, then a second ReplicaSet and a bare pod.
    const pods = [pod('rs1-a', hostNetwork, ownedBy('1')), pod('rs1-b', hostNetwork, ownedBy('1')), pod('rs2-a', privileged, ownedBy('2')), pod('bare', mayRunAsRoot)];

    // Act
    const warnings = warningsOf(update({ pods, budget: { podsEvaluatedWithinTime: 3 } }));

    // Assess
    expect(warnings).toEqual([
      'new PodSecurity enforce level only checked against the first 3 of 4 existing pods',
      'existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:latest"',
      'bare: runAsNonRoot != true',
      'rs1-a: host namespaces',
      'rs2-a: privileged',
    ]);
  });

  it('treats an owner reference not marked controller as no controller', () => {
    // Prepare
    const pods = [pod('a', hostNetwork, ownedBy('1', false)), pod('b', hostNetwork, ownedBy('1', false)), pod('c', privileged)];

    // Act
    const warnings = warningsOf(update({ pods, budget: { podsEvaluatedWithinTime: 2 } }));

    // Assess
    expect(warnings.at(-1)).toBe('a (and 1 other pod): host namespaces');
  });

  it('stops where the time budget runs out, having evaluated at least one pod', () => {
    // Prepare
    const pods = [pod('a', privileged), pod('b', privileged)];

    // Act
    const warnings = warningsOf(update({ pods, budget: { podsEvaluatedWithinTime: 0 } }));

    // Assess
    expect(warnings).toEqual([
      'new PodSecurity enforce level only checked against the first 1 of 2 existing pods',
      'existing pods in namespace "team-a" violate the new PodSecurity enforce level "restricted:latest"',
      'a: privileged',
    ]);
  });

  it('says only that listing failed when the pods cannot be listed', () => {
    // Act
    const result = evaluateNamespaceUpdate(update({ pods: violatingPods, podListFailed: true }));

    // Assess
    expect(result).toMatchObject({ allowed: true, warnings: ['failed to list pods while checking new PodSecurity enforce level'], podCheck: { kind: 'list-failed' } });
  });
});
