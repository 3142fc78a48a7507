// Shared by the check tests: one minimal pod valid at every level and version, `tweak` to derive a
// case from it, and `runCheck` to run the definition of a check in force at a version.

import { expect } from 'vitest';
import type { Container, PodSecurityContext, PodSpec, PodUnderTest, SecurityContext } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { versionString, type Version } from '../version.ts';
import { definitionInForce, type CheckDefinition } from './check-definition.ts';

/** A container that passes every restricted check once its pod sets runAsNonRoot and seccomp. */
export function restrictedContainer(name: string): Container {
  return {
    name,
    image: 'registry.k8s.io/pause',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

/** Allowed at restricted (so also baseline) at every version. Frozen: derive cases with `tweak`. */
export const BASE_POD: PodUnderTest = deepFreeze({
  metadata: { name: 'base' },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [restrictedContainer('init')],
    containers: [restrictedContainer('app')],
  },
});

/** A copy of `base` changed by `mutate`; `base` itself is left alone. */
export function tweak(base: PodUnderTest, mutate: (pod: PodUnderTest) => void): PodUnderTest {
  const copy = structuredClone(base);
  mutate(copy);
  return copy;
}

export function specOf(pod: PodUnderTest): PodSpec {
  return (pod.spec ??= {});
}

export function podSecurityContext(pod: PodUnderTest): PodSecurityContext {
  return (specOf(pod).securityContext ??= {});
}

/** The container of that name in any list (init, regular, ephemeral). */
export function containerNamed(pod: PodUnderTest, name: string): Container {
  const spec = specOf(pod);
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  const found = all.find((container) => container.name === name);
  if (found === undefined) throw new Error(`test pod has no container ${name}`);
  return found;
}

export function securityContextOf(pod: PodUnderTest, containerName: string): SecurityContext {
  return (containerNamed(pod, containerName).securityContext ??= {});
}

/** Runs the definition of `check` in force at `version`; fails the test when none is. */
export function runCheck(check: CheckDefinition, version: Version, pod: PodUnderTest): CheckResult {
  const definition = definitionInForce(check, version);
  if (definition === undefined) throw new Error(`${check.id} has no definition at ${versionString(version)}`);
  return definition.checkPod(pod.metadata ?? {}, pod.spec ?? {});
}

export function expectAllowed(result: CheckResult): void {
  expect(result).toEqual({ allowed: true });
}

export function expectForbidden(result: CheckResult, reason: string, detail: string): void {
  expect(result).toEqual({ allowed: false, forbiddenReason: reason, forbiddenDetail: detail });
}

/** A JSON null where the types only allow a missing field: Go decodes both to nil or zero. */
export const JSON_NULL = JSON.parse('null') as never;

/** Minimum versions of every upstream check definition (DESIGN.md fact 7, policy/check_*.go). */
export const UPSTREAM_CHECK_VERSIONS: Readonly<Record<string, { level: 'baseline' | 'restricted'; minors: readonly number[] }>> = {
  allowPrivilegeEscalation: { level: 'restricted', minors: [8, 25] },
  appArmorProfile: { level: 'baseline', minors: [0] },
  capabilities_baseline: { level: 'baseline', minors: [0] },
  capabilities_restricted: { level: 'restricted', minors: [22, 25] },
  hostNamespaces: { level: 'baseline', minors: [0] },
  hostPathVolumes: { level: 'baseline', minors: [0] },
  hostPorts: { level: 'baseline', minors: [0] },
  hostProbesAndHostLifecycle: { level: 'baseline', minors: [34] },
  privileged: { level: 'baseline', minors: [0] },
  procMount: { level: 'baseline', minors: [0, 35] },
  procMount_restricted: { level: 'restricted', minors: [35] },
  restrictedVolumes: { level: 'restricted', minors: [0] },
  runAsNonRoot: { level: 'restricted', minors: [0, 35] },
  runAsUser: { level: 'restricted', minors: [23, 35] },
  seLinuxOptions: { level: 'baseline', minors: [0, 31] },
  seccompProfile_baseline: { level: 'baseline', minors: [0, 19] },
  seccompProfile_restricted: { level: 'restricted', minors: [19, 25] },
  sysctls: { level: 'baseline', minors: [0, 27, 29, 32, 37] },
  windowsHostProcess: { level: 'baseline', minors: [0] },
};
