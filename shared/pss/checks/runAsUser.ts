// runAsUser (restricted): upstream policy/check_runAsUser.go.
//
// Containers must not run as UID 0.
// Fields: spec.securityContext.runAsUser
//         spec.{initContainers,containers,ephemeralContainers}[*].securityContext.runAsUser
// Allowed: any non-zero value, undefined, null
// v1.23: first definition; the check does not exist at earlier versions.
// v1.35: any value is allowed when spec.hostUsers is false (user namespace), see KEP-127.

import type { Container, ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase } from './detail-format.ts';
import { containersWhere, inUserNamespace } from './pod-fields.ts';

function runsAsRoot(container: Container): boolean {
  return container.securityContext?.runAsUser === 0;
}

function runAsUser1_23(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  const podRunsAsRoot = spec.securityContext?.runAsUser === 0;
  const badContainers = containersWhere(spec, runsAsRoot);
  if (!podRunsAsRoot && badContainers === undefined) return ALLOWED;
  const setters: string[] = [];
  if (podRunsAsRoot) setters.push('pod');
  if (badContainers !== undefined) setters.push(containersPhrase(badContainers));
  return forbidden('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`);
}

function runAsUser1_35(metadata: ObjectMeta, spec: PodSpec): CheckResult {
  if (inUserNamespace(spec)) return ALLOWED;
  return runAsUser1_23(metadata, spec);
}

export const runAsUser: CheckDefinition = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(23), checkPod: runAsUser1_23 },
    { minimumVersion: v1(35), checkPod: runAsUser1_35 },
  ],
};
