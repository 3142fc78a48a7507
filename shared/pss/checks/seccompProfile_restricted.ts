// seccompProfile_restricted (restricted): upstream policy/check_seccompProfile_restricted.go.
//
// A seccomp profile must be specified, and only the runtime default and localhost profiles are allowed.
// Fields: spec.securityContext.seccompProfile.type
//         spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type
// Allowed: "RuntimeDefault", "Localhost"; a container may leave seccompProfile unset when the pod
//   level sets an allowed type.
// Explicit bad types (pod or container) are reported before containers that merely leave it unset.
// v1.19: as above (annotations are not read); overrides seccompProfile_baseline at restricted.
// v1.25: pods with spec.os.name "windows" pass; still overrides seccompProfile_baseline.

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase, joinQuote } from './detail-format.ts';
import { containerName, forEachContainer, isWindowsPod } from './pod-fields.ts';
import { validSeccompType } from './seccompProfile_baseline.ts';

const REASON = 'seccompProfile';

function seccompProfileRestricted1_19(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  let badTypes: string[] | undefined;
  let podIsBad = false;
  let podSetsValid = false;
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile != null) {
    if (validSeccompType(podProfile.type ?? '')) {
      podSetsValid = true;
    } else {
      podIsBad = true;
      badTypes = [podProfile.type ?? ''];
    }
  }

  let explicitlyBad: string[] | undefined;
  let implicitlyBad: string[] | undefined;
  forEachContainer(spec, (container) => {
    const profile = container.securityContext?.seccompProfile;
    if (profile != null) {
      if (!validSeccompType(profile.type ?? '')) {
        (explicitlyBad ??= []).push(containerName(container));
        (badTypes ??= []).push(profile.type ?? '');
      }
    } else if (!podSetsValid) {
      (implicitlyBad ??= []).push(containerName(container));
    }
  });

  if (podIsBad || explicitlyBad !== undefined) {
    const setters: string[] = [];
    if (podIsBad) setters.push('pod');
    if (explicitlyBad !== undefined) setters.push(containersPhrase(explicitlyBad));
    return forbidden(
      REASON,
      `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedDistinct(badTypes ?? []))}`,
    );
  }
  if (implicitlyBad !== undefined) {
    return forbidden(
      REASON,
      `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    );
  }
  return ALLOWED;
}

function seccompProfileRestricted1_25(metadata: ObjectMeta, spec: PodSpec): CheckResult {
  if (isWindowsPod(spec)) return ALLOWED;
  return seccompProfileRestricted1_19(metadata, spec);
}

export const seccompProfile_restricted: CheckDefinition = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(19), checkPod: seccompProfileRestricted1_19, overrides: ['seccompProfile_baseline'] },
    { minimumVersion: v1(25), checkPod: seccompProfileRestricted1_25, overrides: ['seccompProfile_baseline'] },
  ],
};
