// capabilities_restricted (restricted): upstream policy/check_capabilities_restricted.go.
//
// Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.
// Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.drop
//   Allowed: must include "ALL" (exactly; "all" does not count)
// Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add
//   Allowed: undefined, empty, "NET_BIND_SERVICE"
// A container without securityContext.capabilities is only reported as missing drop ALL.
// v1.22: as above; overrides capabilities_baseline at restricted.
// v1.25: pods with spec.os.name "windows" pass; still overrides capabilities_baseline.

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase, joinQuote } from './detail-format.ts';
import { containerName, forEachContainer, isWindowsPod } from './pod-fields.ts';

const ALL = 'ALL';
const NET_BIND_SERVICE = 'NET_BIND_SERVICE';

function capabilitiesRestricted1_22(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  let missingDropAll: string[] | undefined;
  let addingForbidden: string[] | undefined;
  let forbiddenCapabilities: string[] | undefined;

  forEachContainer(spec, (container) => {
    const capabilities = container.securityContext?.capabilities;
    if (capabilities == null) {
      (missingDropAll ??= []).push(containerName(container));
      return;
    }
    if (!(capabilities.drop ?? []).includes(ALL)) (missingDropAll ??= []).push(containerName(container));

    const added = capabilities.add;
    if (added == null) return;
    let addedForbidden = false;
    for (let i = 0; i < added.length; i++) {
      const capability = added[i] ?? '';
      if (capability !== NET_BIND_SERVICE) {
        addedForbidden = true;
        (forbiddenCapabilities ??= []).push(capability);
      }
    }
    if (addedForbidden) (addingForbidden ??= []).push(containerName(container));
  });

  if (missingDropAll === undefined && addingForbidden === undefined) return ALLOWED;
  const details: string[] = [];
  if (missingDropAll !== undefined) {
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden !== undefined) {
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedDistinct(forbiddenCapabilities ?? []))} in securityContext.capabilities.add`,
    );
  }
  return forbidden('unrestricted capabilities', details.join('; '));
}

function capabilitiesRestricted1_25(metadata: ObjectMeta, spec: PodSpec): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return capabilitiesRestricted1_22(metadata, spec);
}

export const capabilities_restricted: CheckDefinition = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(22), checkPod: capabilitiesRestricted1_22, overrides: ['capabilities_baseline'] },
    { minimumVersion: v1(25), checkPod: capabilitiesRestricted1_25, overrides: ['capabilities_baseline'] },
  ],
};
