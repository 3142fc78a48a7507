// seccompProfile_baseline (baseline): upstream policy/check_seccompProfile_baseline.go.
//
// If a seccomp profile is specified, only the runtime default and localhost profiles are allowed.
// v1.0 (to v1.18), the alpha annotations:
//   Fields: metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']
//           metadata.annotations['container.seccomp.security.alpha.kubernetes.io/<container name>']
//           for each container visited (init, regular, ephemeral)
//   Allowed: "runtime/default", "docker/default", "localhost/*", undefined. A present but empty
//   annotation fails.
// v1.19, the securityContext fields (annotations are no longer read):
//   Fields: spec.securityContext.seccompProfile.type
//           spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type
//   Allowed: "RuntimeDefault", "Localhost", undefined seccompProfile. A profile without a type fails.
// At restricted, seccompProfile_restricted overrides this check from v1.19.

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase, goQuote, joinQuote, pluralize } from './detail-format.ts';
import { containerName, forEachContainer } from './pod-fields.ts';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** Shared with seccompProfile_restricted: the profile types both levels accept. */
export function validSeccompType(type: string): boolean {
  return type === 'Localhost' || type === 'RuntimeDefault';
}

function seccompProfileBaseline1_0(metadata: ObjectMeta, spec: PodSpec): CheckResult {
  const annotations = metadata.annotations;
  if (annotations == null) return ALLOWED;
  let badAnnotations: string[] | undefined;
  const inspect = (key: string): void => {
    if (!Object.hasOwn(annotations, key)) return;
    // A null value decodes in Go to "", which is present and invalid.
    const value = annotations[key] ?? '';
    if (!validAnnotationValue(value)) (badAnnotations ??= []).push(`${key}=${goQuote(value)}`);
  };
  inspect(POD_ANNOTATION);
  forEachContainer(spec, (container) => inspect(CONTAINER_ANNOTATION_PREFIX + containerName(container)));

  if (badAnnotations === undefined) return ALLOWED;
  const listed = sortedDistinct(badAnnotations);
  return forbidden(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', listed.length)} ${listed.join(', ')}`,
  );
}

function seccompProfileBaseline1_19(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  let badTypes: string[] | undefined;
  let podIsBad = false;
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile != null && !validSeccompType(podProfile.type ?? '')) {
    podIsBad = true;
    badTypes = [podProfile.type ?? ''];
  }

  let badContainers: string[] | undefined;
  forEachContainer(spec, (container) => {
    const profile = container.securityContext?.seccompProfile;
    if (profile != null && !validSeccompType(profile.type ?? '')) {
      (badContainers ??= []).push(containerName(container));
      (badTypes ??= []).push(profile.type ?? '');
    }
  });

  if (!podIsBad && badContainers === undefined) return ALLOWED;
  const setters: string[] = [];
  if (podIsBad) setters.push('pod');
  if (badContainers !== undefined) setters.push(containersPhrase(badContainers));
  return forbidden(
    'seccompProfile',
    `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedDistinct(badTypes ?? []))}`,
  );
}

export const seccompProfile_baseline: CheckDefinition = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { minimumVersion: v1(0), checkPod: seccompProfileBaseline1_0 },
    { minimumVersion: v1(19), checkPod: seccompProfileBaseline1_19 },
  ],
};
