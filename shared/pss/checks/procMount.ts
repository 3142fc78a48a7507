// procMount (baseline): upstream policy/check_procMount_baseline.go (file name differs from the ID).
//
// The default /proc masks reduce attack surface and must be kept.
// Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount
// Allowed: undefined, null, "Default". An explicit "" fails.
// v1.0:  as above, for every pod.
// v1.35: any value is allowed when spec.hostUsers is false (user namespace). At restricted,
//   procMount_restricted overrides this check and keeps the v1.0 rule.

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase, joinQuote } from './detail-format.ts';
import { containerName, forEachContainer, inUserNamespace } from './pod-fields.ts';

/** Forbids any procMount other than "Default", whatever the pod's user namespace. */
export function procMount1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  let badContainers: string[] | undefined;
  let badTypes: string[] | undefined;
  forEachContainer(spec, (container) => {
    const procMount = container.securityContext?.procMount;
    if (procMount != null && procMount !== 'Default') {
      (badContainers ??= []).push(containerName(container));
      (badTypes ??= []).push(procMount);
    }
  });

  if (badContainers === undefined) return ALLOWED;
  return forbidden(
    'procMount',
    `${containersPhrase(badContainers)} must not set securityContext.procMount to ${joinQuote(sortedDistinct(badTypes ?? []))}`,
  );
}

function procMount1_35(metadata: ObjectMeta, spec: PodSpec): CheckResult {
  if (inUserNamespace(spec)) return ALLOWED;
  return procMount1_0(metadata, spec);
}

export const procMount: CheckDefinition = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { minimumVersion: v1(0), checkPod: procMount1_0 },
    { minimumVersion: v1(35), checkPod: procMount1_35 },
  ],
};
