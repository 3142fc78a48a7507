// appArmorProfile (baseline): upstream policy/check_appArmorProfile.go.
//
// The default AppArmor profile must not be overridden or disabled, except with a localhost profile.
// Fields: metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']
//   Allowed: "runtime/default", "localhost/*", "" (empty), undefined
// Fields: spec.securityContext.appArmorProfile.type
//         spec.{initContainers,containers,ephemeralContainers}[*].securityContext.appArmorProfile.type
//   Allowed: "RuntimeDefault", "Localhost", undefined appArmorProfile. A profile object without a
//   type has type "" and fails.
// v1.0: one definition for every version.

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct, sortedStrings } from '../go-string-order.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { containersPhrase, goQuote, joinQuote, pluralize } from './detail-format.ts';
import { containerName, forEachContainer } from './pod-fields.ts';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function allowedProfileType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function appArmorProfile1_0(metadata: ObjectMeta, spec: PodSpec): CheckResult {
  let badTypes: string[] | undefined;
  let podIsBad = false;
  const podProfile = spec.securityContext?.appArmorProfile;
  if (podProfile != null && !allowedProfileType(podProfile.type ?? '')) {
    podIsBad = true;
    badTypes = [podProfile.type ?? ''];
  }

  let badContainers: string[] | undefined;
  forEachContainer(spec, (container) => {
    const profile = container.securityContext?.appArmorProfile;
    if (profile != null && !allowedProfileType(profile.type ?? '')) {
      (badContainers ??= []).push(containerName(container));
      (badTypes ??= []).push(profile.type ?? '');
    }
  });

  const badAnnotations = forbiddenAnnotationsOf(metadata);
  if (!podIsBad && badContainers === undefined && badAnnotations === undefined) return ALLOWED;

  const badSetters: string[] = [];
  if (podIsBad) badSetters.push('pod');
  if (badContainers !== undefined) badSetters.push(containersPhrase(badContainers));
  // Types first (distinct, sorted), then the sorted `key="value"` annotations.
  const badValues = sortedDistinct(badTypes ?? []);
  if (badAnnotations !== undefined) {
    badValues.push(...sortedStrings(badAnnotations));
    badSetters.push(pluralize('annotation', 'annotations', badAnnotations.length));
  }
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValues.length),
    `${badSetters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValues)}`,
  );
}

function forbiddenAnnotationsOf(metadata: ObjectMeta): string[] | undefined {
  const annotations = metadata.annotations;
  if (annotations == null) return undefined;
  let found: string[] | undefined;
  for (const key in annotations) {
    if (!key.startsWith(ANNOTATION_PREFIX) || !Object.hasOwn(annotations, key)) continue;
    // A null value decodes in Go to "", which is allowed.
    const value = annotations[key] ?? '';
    if (!allowedAnnotationValue(value)) (found ??= []).push(`${key}=${goQuote(value)}`);
  }
  return found;
}

export const appArmorProfile: CheckDefinition = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), checkPod: appArmorProfile1_0 }],
};
