// Versions (DESIGN.md facts 6-7): a pinned version evaluates that version's check definitions;
// `latest` and any version newer than the server's are evaluated with the server's newest (1.37)
// while the warning still names the label's version; a version change evaluates pods even when
// the level is relaxed.

import { plainPod, privileged, probeHost, restrictedPod, sysctlNewIn137, tweak } from './pods.ts';
import { ENFORCE, ENFORCE_VERSION, type Scenario } from './scenario.ts';

export const VERSION_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 'v01-pinned-v1-36',
    title: 'a sysctl allowed from v1.37 is forbidden when pinned to v1.36',
    labels: {},
    pods: [tweak(plainPod('tuned'), sysctlNewIn137)],
    patch: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.36' },
    expected: {
      warnings: [
        'existing pods in namespace "v01-pinned-v1-36" violate the new PodSecurity enforce level "baseline:v1.36"',
        'tuned: forbidden sysctls',
      ],
    },
  },
  {
    namespace: 'v02-latest',
    title: 'the same sysctl passes at latest (the server is 1.37)',
    labels: {},
    pods: [tweak(plainPod('tuned'), sysctlNewIn137)],
    patch: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'latest' },
    expected: { warnings: [] },
  },
  {
    namespace: 'v03-newer-than-server',
    title: 'a version newer than the server is evaluated as 1.37 but named as written',
    labels: {},
    pods: [tweak(plainPod('tuned'), sysctlNewIn137), tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.40' },
    expected: {
      warnings: [
        'existing pods in namespace "v03-newer-than-server" violate the new PodSecurity enforce level "baseline:v1.40"',
        'web: privileged',
      ],
    },
  },
  {
    namespace: 'v04-restricted-v1-7',
    title: 'restricted at v1.7 predates allowPrivilegeEscalation, capabilities and seccomp checks',
    labels: {},
    pods: [plainPod('api')],
    patch: { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.7' },
    expected: {
      warnings: [
        'existing pods in namespace "v04-restricted-v1-7" violate the new PodSecurity enforce level "restricted:v1.7"',
        'api: runAsNonRoot != true',
      ],
    },
  },
  {
    namespace: 'v05-version-change-level-relaxed',
    title: 'relaxing the level while changing the version still evaluates pods',
    labels: { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.30' },
    pods: [tweak(plainPod('web'), privileged), plainPod('api')],
    patch: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'latest' },
    expected: {
      warnings: [
        'existing pods in namespace "v05-version-change-level-relaxed" violate the new PodSecurity enforce level "baseline:latest"',
        'web: privileged',
      ],
    },
  },
  {
    namespace: 'v06-version-only-change',
    title: 'moving a pinned version to latest evaluates pods at latest',
    labels: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.36' },
    pods: [tweak(plainPod('tuned'), sysctlNewIn137), tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE_VERSION]: 'latest' },
    expected: {
      warnings: [
        'existing pods in namespace "v06-version-only-change" violate the new PodSecurity enforce level "baseline:latest"',
        'web: privileged',
      ],
    },
  },
  {
    namespace: 'v07-before-host-probe-check',
    title: 'a probe host passes baseline at v1.33 (the check starts at v1.34)',
    labels: {},
    pods: [tweak(restrictedPod('probe'), probeHost)],
    patch: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.33' },
    expected: { warnings: [] },
  },
  {
    namespace: 'v08-host-probe-check',
    title: 'a probe host fails baseline at v1.34',
    labels: {},
    pods: [tweak(restrictedPod('probe'), probeHost)],
    patch: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.34' },
    expected: {
      warnings: [
        'existing pods in namespace "v08-host-probe-check" violate the new PodSecurity enforce level "baseline:v1.34"',
        'probe: probe or lifecycle host',
      ],
    },
  },
];
