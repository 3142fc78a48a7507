// hostNamespaces (baseline): upstream policy/check_hostNamespaces.go.
//
// Sharing the host network, PID or IPC namespace is forbidden.
// Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC
// Allowed: undefined, false
// v1.0: one definition for every version.

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';

function hostNamespaces1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  if (spec.hostNetwork !== true && spec.hostPID !== true && spec.hostIPC !== true) return ALLOWED;
  const shared: string[] = [];
  if (spec.hostNetwork === true) shared.push('hostNetwork=true');
  if (spec.hostPID === true) shared.push('hostPID=true');
  if (spec.hostIPC === true) shared.push('hostIPC=true');
  return forbidden('host namespaces', shared.join(', '));
}

export const hostNamespaces: CheckDefinition = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), checkPod: hostNamespaces1_0 }],
};
