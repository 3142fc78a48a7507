// privileged (baseline): upstream policy/check_privileged.go.
//
// Privileged containers disable most security mechanisms and are forbidden.
// Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.privileged
// Allowed: false, undefined, null
// v1.0: one definition for every version.

import type { Container, ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase } from './detail-format.ts';
import { containersWhere } from './pod-fields.ts';

function isPrivileged(container: Container): boolean {
  return container.securityContext?.privileged === true;
}

function privileged1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = containersWhere(spec, isPrivileged);
  if (bad === undefined) return ALLOWED;
  return forbidden('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`);
}

export const privileged: CheckDefinition = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), checkPod: privileged1_0 }],
};
