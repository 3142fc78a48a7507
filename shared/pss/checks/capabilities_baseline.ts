// capabilities_baseline (baseline): upstream policy/check_capabilities_baseline.go.
//
// Adding NET_RAW or any capability beyond the container runtime's default set is forbidden.
// Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add
// Allowed: undefined, empty, or values from AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL,
//   MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT (exact spelling: no
//   CAP_ prefix, case-sensitive).
// v1.0: one definition for every version. At restricted, capabilities_restricted overrides it
//   from v1.22.

import type { Container, ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase, joinQuote } from './detail-format.ts';
import { containerName, forEachContainer } from './pod-fields.ts';

const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaseline1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  let badContainers: string[] | undefined;
  let nonDefault: string[] | undefined;
  forEachContainer(spec, (container: Container) => {
    const added = container.securityContext?.capabilities?.add;
    if (added == null) return;
    let valid = true;
    for (let i = 0; i < added.length; i++) {
      // A null entry decodes in Go to "", which is not a default capability.
      const capability = added[i] ?? '';
      if (!DEFAULT_CAPABILITIES.has(capability)) {
        valid = false;
        (nonDefault ??= []).push(capability);
      }
    }
    if (!valid) (badContainers ??= []).push(containerName(container));
  });

  if (badContainers === undefined) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${containersPhrase(badContainers)} must not include ${joinQuote(sortedDistinct(nonDefault ?? []))} in securityContext.capabilities.add`,
  );
}

export const capabilities_baseline: CheckDefinition = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), checkPod: capabilitiesBaseline1_0 }],
};
