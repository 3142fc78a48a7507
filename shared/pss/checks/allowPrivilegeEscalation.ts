// allowPrivilegeEscalation (restricted): upstream policy/check_allowPrivilegeEscalation.go.
//
// Privilege escalation (such as via set-user-ID or set-group-ID file mode) must be disabled.
// Fields: spec.initContainers[*].securityContext.allowPrivilegeEscalation
//         spec.containers[*].securityContext.allowPrivilegeEscalation
//         spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation
// Allowed: false. Unset fails: the kernel default lets a process gain privileges.
// v1.8:  every container must set it (the field appeared in 1.8).
// v1.25: pods with spec.os.name "windows" pass; the API rejects the field on them.

import type { Container, ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase } from './detail-format.ts';
import { containersWhere, isWindowsPod } from './pod-fields.ts';
import { v1 } from '../version.ts';

function escalationNotDisabled(container: Container): boolean {
  return container.securityContext?.allowPrivilegeEscalation !== false;
}

function allowPrivilegeEscalation1_8(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = containersWhere(spec, escalationNotDisabled);
  if (bad === undefined) return ALLOWED;
  return forbidden(
    'allowPrivilegeEscalation != false',
    `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  );
}

function allowPrivilegeEscalation1_25(metadata: ObjectMeta, spec: PodSpec): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return allowPrivilegeEscalation1_8(metadata, spec);
}

export const allowPrivilegeEscalation: CheckDefinition = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(8), checkPod: allowPrivilegeEscalation1_8 },
    { minimumVersion: v1(25), checkPod: allowPrivilegeEscalation1_25 },
  ],
};
