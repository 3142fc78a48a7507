// Violations of the restricted level: the baseline checks it does not override come first, then
// the restricted checks by ID: allowPrivilegeEscalation, capabilities_restricted,
// procMount_restricted, restrictedVolumes, runAsNonRoot, runAsUser, seccompProfile_restricted.
// Overridden baseline checks (capabilities_baseline, hostPathVolumes, seccompProfile_baseline,
// procMount from 1.35) report under the restricted check's reason instead.

import {
  addNetAdmin, allowEscalation, hostPathVolume, keepCapabilities, mayRunAsRoot, noSeccomp, plainPod, privileged,
  restrictedPod, runAsUid0, tweak,
} from './pods.ts';
import { ENFORCE, type Scenario } from './scenario.ts';

const PLAIN_RESTRICTED_REASONS = 'allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile';

export const RESTRICTED_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 'r01-plain-pod',
    title: 'a pod with no security settings fails four restricted checks',
    labels: {},
    pods: [plainPod('api')],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "r01-plain-pod" violate the new PodSecurity enforce level "restricted:latest"',
        `api: ${PLAIN_RESTRICTED_REASONS}`,
      ],
    },
  },
  {
    namespace: 'r02-privileged',
    title: 'baseline reasons come before restricted reasons',
    labels: {},
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "r02-privileged" violate the new PodSecurity enforce level "restricted:latest"',
        `web: privileged, ${PLAIN_RESTRICTED_REASONS}`,
      ],
    },
  },
  {
    namespace: 'r03-host-path',
    title: 'a hostPath volume is "restricted volume types" at restricted',
    labels: {},
    pods: [tweak(restrictedPod('logs'), hostPathVolume)],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "r03-host-path" violate the new PodSecurity enforce level "restricted:latest"',
        'logs: restricted volume types',
      ],
    },
  },
  {
    namespace: 'r04-one-check-each',
    title: 'each restricted check has its own short reason',
    labels: {},
    pods: [
      tweak(restrictedPod('a-escalation'), allowEscalation),
      tweak(restrictedPod('b-capabilities'), keepCapabilities),
      tweak(restrictedPod('c-root'), mayRunAsRoot),
      tweak(restrictedPod('d-uid0'), runAsUid0),
      tweak(restrictedPod('e-seccomp'), noSeccomp),
    ],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "r04-one-check-each" violate the new PodSecurity enforce level "restricted:latest"',
        'a-escalation: allowPrivilegeEscalation != false',
        'b-capabilities: unrestricted capabilities',
        'c-root: runAsNonRoot != true',
        'd-uid0: runAsUser=0',
        'e-seccomp: seccompProfile',
      ],
    },
  },
  {
    namespace: 'r05-added-capability',
    title: 'an added capability is "unrestricted capabilities" at restricted (the baseline check is overridden)',
    labels: {},
    pods: [tweak(restrictedPod('net'), addNetAdmin)],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "r05-added-capability" violate the new PodSecurity enforce level "restricted:latest"',
        'net: unrestricted capabilities',
      ],
    },
  },
  {
    namespace: 'r06-baseline-to-restricted',
    title: 'tightening baseline to restricted at the same version evaluates the pods',
    labels: { [ENFORCE]: 'baseline' },
    pods: [plainPod('api'), restrictedPod('hardened')],
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "r06-baseline-to-restricted" violate the new PodSecurity enforce level "restricted:latest"',
        `api: ${PLAIN_RESTRICTED_REASONS}`,
      ],
    },
  },
  {
    namespace: 'r07-restricted-clean',
    title: 'pods that pass restricted give no warnings',
    labels: {},
    pods: [restrictedPod('api'), restrictedPod('worker')],
    patch: { [ENFORCE]: 'restricted' },
    expected: { warnings: [] },
  },
  {
    namespace: 'r08-no-pods',
    title: 'an empty namespace gives no warnings',
    labels: {},
    pods: [],
    patch: { [ENFORCE]: 'restricted' },
    expected: { warnings: [] },
  },
];
