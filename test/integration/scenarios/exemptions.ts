// Exemptions from the harness's PodSecurityConfiguration (test/harness/servers.ts
// HARNESS_POD_SECURITY): exempt namespaces answer an enforce change with a single warning when
// their labels set a non-privileged policy (admission.go exemptNamespaceWarning); pods of an
// exempt runtime class are skipped (prioritizePods).

import { hostNetwork, plainPod, privileged, runtimeClass, tweak } from './pods.ts';
import { AUDIT, ENFORCE, ENFORCE_VERSION, WARN, type Scenario } from './scenario.ts';

/** In HARNESS_POD_SECURITY.exemptions.runtimeClasses. */
export const EXEMPT_RUNTIME_CLASS = 'psa-exempt-runtime';
/** A runtime class that is not exempt. */
export const OTHER_RUNTIME_CLASS = 'psa-other-runtime';

export const EXEMPTION_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 'psa-exempt-1',
    title: 'an exempt namespace without labels: enforcing restricted gives only the exempt warning',
    labels: {},
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: ['namespace "psa-exempt-1" is exempt from Pod Security, and the policy (enforce=restricted:latest) will be ignored'],
    },
  },
  {
    namespace: 'psa-exempt-2',
    title: 'an exempt namespace with labels: the warning lists the explicitly set modes',
    labels: { [ENFORCE]: 'baseline' },
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.30', [AUDIT]: 'baseline', [WARN]: 'restricted' },
    expected: {
      warnings: [
        'namespace "psa-exempt-2" is exempt from Pod Security, and the policy (enforce=restricted:v1.30, audit=baseline:latest, warn=restricted:latest) will be ignored',
      ],
    },
  },
  {
    namespace: 'psa-exempt-3',
    title: 'an exempt namespace whose enforce label does not change gets no exempt warning',
    labels: {},
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [WARN]: 'restricted' },
    expected: { warnings: [] },
  },
  {
    namespace: 'psa-exempt-4',
    title: 'an exempt namespace relaxed to privileged gets no exempt warning',
    labels: { [ENFORCE]: 'restricted' },
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'privileged' },
    expected: { warnings: [] },
  },
  {
    namespace: 'e05-exempt-runtime-class',
    title: 'pods of an exempt runtime class are skipped; the others are evaluated',
    labels: {},
    pods: [
      tweak(plainPod('sandboxed-a'), privileged, runtimeClass(EXEMPT_RUNTIME_CLASS)),
      tweak(plainPod('sandboxed-b'), privileged, runtimeClass(EXEMPT_RUNTIME_CLASS)),
      tweak(plainPod('web'), hostNetwork),
    ],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "e05-exempt-runtime-class" violate the new PodSecurity enforce level "baseline:latest"',
        'web: host namespaces',
      ],
    },
  },
  {
    namespace: 'e06-only-exempt-runtime-class',
    title: 'a namespace whose only violating pods have an exempt runtime class comes back clean',
    labels: {},
    pods: [tweak(plainPod('sandboxed'), privileged, runtimeClass(EXEMPT_RUNTIME_CLASS))],
    patch: { [ENFORCE]: 'restricted' },
    expected: { warnings: [] },
  },
  {
    namespace: 'e07-other-runtime-class',
    title: 'a runtime class that is not exempt does not protect its pods',
    labels: {},
    pods: [tweak(plainPod('kata'), privileged, runtimeClass(OTHER_RUNTIME_CLASS))],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "e07-other-runtime-class" violate the new PodSecurity enforce level "baseline:latest"',
        'kata: privileged',
      ],
    },
  },
];
