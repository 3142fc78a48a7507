// runAsNonRoot (restricted): upstream policy/check_runAsNonRoot.go.
//
// Containers must run as non-root users.
// Fields: spec.securityContext.runAsNonRoot
//         spec.{initContainers,containers,ephemeralContainers}[*].securityContext.runAsNonRoot
// Allowed: true; undefined at container level when the pod level is true.
// Explicit false (pod or container) is reported before containers that merely leave it unset.
// v1.0:  as above.
// v1.35: any value is allowed when spec.hostUsers is false (user namespace). Upstream moved this
//   relaxation here from a feature gate on the v1.0 definition (KEP-127).

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase } from './detail-format.ts';
import { containerName, forEachContainer, inUserNamespace } from './pod-fields.ts';

const REASON = 'runAsNonRoot != true';

function runAsNonRoot1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  const podSetting = spec.securityContext?.runAsNonRoot;
  const podSetsFalse = podSetting === false;
  const podSetsTrue = podSetting === true;

  let explicitlyBad: string[] | undefined;
  let implicitlyBad: string[] | undefined;
  forEachContainer(spec, (container) => {
    const setting = container.securityContext?.runAsNonRoot;
    if (setting != null) {
      if (setting === false) (explicitlyBad ??= []).push(containerName(container));
    } else if (!podSetsTrue) {
      (implicitlyBad ??= []).push(containerName(container));
    }
  });

  if (podSetsFalse || explicitlyBad !== undefined) {
    const setters: string[] = [];
    if (podSetsFalse) setters.push('pod');
    if (explicitlyBad !== undefined) setters.push(containersPhrase(explicitlyBad));
    return forbidden(REASON, `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`);
  }
  if (implicitlyBad !== undefined) {
    return forbidden(REASON, `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`);
  }
  return ALLOWED;
}

function runAsNonRoot1_35(metadata: ObjectMeta, spec: PodSpec): CheckResult {
  if (inUserNamespace(spec)) return ALLOWED;
  return runAsNonRoot1_0(metadata, spec);
}

export const runAsNonRoot: CheckDefinition = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(0), checkPod: runAsNonRoot1_0 },
    { minimumVersion: v1(35), checkPod: runAsNonRoot1_35 },
  ],
};
