// hostPorts (baseline): upstream policy/check_hostPorts.go.
//
// Host ports are forbidden.
// Fields: spec.{initContainers,containers,ephemeralContainers}[*].ports[*].hostPort
// Allowed: undefined, 0
// The detail lists distinct ports sorted as strings ("10", "8080", "9"), as upstream's string set does.
// v1.0: one definition for every version.

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase, pluralize } from './detail-format.ts';
import { containerName, forEachContainer } from './pod-fields.ts';

function hostPorts1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  let badContainers: string[] | undefined;
  let hostPorts: string[] | undefined;
  forEachContainer(spec, (container) => {
    const ports = container.ports;
    if (ports == null) return;
    let valid = true;
    for (let i = 0; i < ports.length; i++) {
      const hostPort = ports[i]?.hostPort;
      if (hostPort != null && hostPort !== 0) {
        valid = false;
        (hostPorts ??= []).push(String(hostPort));
      }
    }
    if (!valid) (badContainers ??= []).push(containerName(container));
  });

  if (badContainers === undefined) return ALLOWED;
  const ports = sortedDistinct(hostPorts ?? []);
  return forbidden(
    'hostPort',
    `${containersPhrase(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ${pluralize('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`,
  );
}

export const hostPorts: CheckDefinition = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), checkPod: hostPorts1_0 }],
};
