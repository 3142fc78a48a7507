// windowsHostProcess (baseline): upstream policy/check_windowsHostProcess.go.
//
// Windows HostProcess containers give privileged access to the host and are forbidden.
// Fields: spec.securityContext.windowsOptions.hostProcess
//         spec.{initContainers,containers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess
// Allowed: false, undefined, null
// Checked on every pod, whatever spec.os.name says.
// v1.0: one definition for every version.

import type { Container, ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase } from './detail-format.ts';
import { containersWhere } from './pod-fields.ts';

function isHostProcess(container: Container): boolean {
  return container.securityContext?.windowsOptions?.hostProcess === true;
}

function windowsHostProcess1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  const badContainers = containersWhere(spec, isHostProcess);
  const podIsBad = spec.securityContext?.windowsOptions?.hostProcess === true;
  if (!podIsBad && badContainers === undefined) return ALLOWED;
  const setters: string[] = [];
  if (podIsBad) setters.push('pod');
  if (badContainers !== undefined) setters.push(containersPhrase(badContainers));
  return forbidden('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`);
}

export const windowsHostProcess: CheckDefinition = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), checkPod: windowsHostProcess1_0 }],
};
