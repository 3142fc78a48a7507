// Violations of the baseline level. Reasons are ordered by check ID within the level
// (policy/registry.go populate): appArmorProfile, capabilities_baseline, hostNamespaces,
// hostPathVolumes, hostPorts, hostProbesAndHostLifecycle, privileged, procMount, seLinuxOptions,
// seccompProfile_baseline, sysctls, windowsHostProcess.

import {
  addNetAdmin, appArmorUnconfined, hostNetwork, hostPathVolume, hostPort, plainPod, privileged, privilegedInit,
  probeHost, restrictedPod, seLinuxSpcType, seccompUnconfined, tweak, unsafeSysctl,
} from './pods.ts';
import { AUDIT, ENFORCE, WARN, type Scenario } from './scenario.ts';

export const BASELINE_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 'b01-privileged',
    title: 'a privileged container violates baseline',
    labels: {},
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "b01-privileged" violate the new PodSecurity enforce level "baseline:latest"',
        'web: privileged',
      ],
    },
  },
  {
    namespace: 'b02-every-baseline-check',
    title: 'one pod failing ten baseline checks gets one line with the reasons in check-ID order',
    labels: {},
    pods: [
      tweak(
        plainPod('agent'),
        privileged, hostNetwork, hostPathVolume, hostPort, addNetAdmin, seLinuxSpcType, appArmorUnconfined,
        unsafeSysctl, probeHost, seccompUnconfined,
      ),
    ],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "b02-every-baseline-check" violate the new PodSecurity enforce level "baseline:latest"',
        'agent: forbidden AppArmor profile, non-default capabilities, host namespaces, hostPath volumes, hostPort, probe or lifecycle host, privileged, seLinuxOptions, seccompProfile, forbidden sysctls',
      ],
    },
  },
  {
    namespace: 'b03-baseline-clean',
    title: 'pods that pass baseline give no warnings even though they fail restricted',
    labels: {},
    pods: [plainPod('api'), plainPod('worker'), restrictedPod('hardened')],
    patch: { [ENFORCE]: 'baseline' },
    expected: { warnings: [] },
  },
  {
    namespace: 'b04-init-container',
    title: 'init containers are checked like app containers',
    labels: {},
    pods: [tweak(plainPod('migrate'), privilegedInit)],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "b04-init-container" violate the new PodSecurity enforce level "baseline:latest"',
        'migrate: privileged',
      ],
    },
  },
  {
    namespace: 'b05-warn-audit-not-evaluated',
    title: 'only the enforce level is evaluated against existing pods, not warn or audit',
    labels: {},
    pods: [plainPod('api'), tweak(plainPod('db'), hostPathVolume)],
    patch: { [ENFORCE]: 'baseline', [WARN]: 'restricted', [AUDIT]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "b05-warn-audit-not-evaluated" violate the new PodSecurity enforce level "baseline:latest"',
        'db: hostPath volumes',
      ],
    },
  },
  {
    namespace: 'b06-added-capability',
    title: 'an added capability is "non-default capabilities" at baseline',
    labels: {},
    pods: [tweak(restrictedPod('net'), addNetAdmin)],
    patch: { [ENFORCE]: 'baseline' },
    expected: {
      warnings: [
        'existing pods in namespace "b06-added-capability" violate the new PodSecurity enforce level "baseline:latest"',
        'net: non-default capabilities',
      ],
    },
  },
];
