// Warning size limits (k8s.io/apiserver@v0.37.2 pkg/endpoints/filters/warning.go, DESIGN.md
// fact 4): warnings are counted in runes of their text. Once the total would pass 4096, every
// warning recorded so far is replayed cut to 256 runes and truncation stays on. From then on a
// warning is added (cut to 256) only while the running total is still below 4096: later
// warnings are dropped altogether, which fact 4 does not say.
//
// Pod names here are long (up to 253 characters are allowed) so that a handful of pods crosses
// the limit. Each pod has its own reason set at restricted, so each gets its own line; lines
// sort by pod name (trunc-01 ... trunc-24).

import {
  allowEscalation, appArmorUnconfined, hostNetwork, hostPathVolume, hostPort, keepCapabilities, mayRunAsRoot,
  noSeccomp, probeHost, restrictedPod, runAsUid0, seLinuxSpcType, tweak, unsafeSysctl, type Tweak,
} from './pods.ts';
import { ENFORCE, type Scenario } from './scenario.ts';

/** [tweaks, the reasons they give at restricted:latest] */
const REASON_SETS: ReadonlyArray<readonly [readonly Tweak[], string]> = [
  [[appArmorUnconfined], 'forbidden AppArmor profile'],
  [[hostNetwork], 'host namespaces'],
  [[hostPort], 'hostPort'],
  [[probeHost], 'probe or lifecycle host'],
  [[seLinuxSpcType], 'seLinuxOptions'],
  [[unsafeSysctl], 'forbidden sysctls'],
  [[allowEscalation], 'allowPrivilegeEscalation != false'],
  [[keepCapabilities], 'unrestricted capabilities'],
  [[hostPathVolume], 'restricted volume types'],
  [[mayRunAsRoot], 'runAsNonRoot != true'],
  [[runAsUid0], 'runAsUser=0'],
  [[noSeccomp], 'seccompProfile'],
  [
    [appArmorUnconfined, hostNetwork, hostPort, probeHost, seLinuxSpcType, unsafeSysctl],
    'forbidden AppArmor profile, host namespaces, hostPort, probe or lifecycle host, seLinuxOptions, forbidden sysctls',
  ],
  [
    [allowEscalation, keepCapabilities, hostPathVolume, mayRunAsRoot, runAsUid0, noSeccomp],
    'allowPrivilegeEscalation != false, unrestricted capabilities, restricted volume types, runAsNonRoot != true, runAsUser=0, seccompProfile',
  ],
  [
    [appArmorUnconfined, hostNetwork, hostPort, probeHost, seLinuxSpcType, unsafeSysctl, allowEscalation, keepCapabilities, hostPathVolume, mayRunAsRoot, runAsUid0, noSeccomp],
    'forbidden AppArmor profile, host namespaces, hostPort, probe or lifecycle host, seLinuxOptions, forbidden sysctls, allowPrivilegeEscalation != false, unrestricted capabilities, restricted volume types, runAsNonRoot != true, runAsUser=0, seccompProfile',
  ],
  [[appArmorUnconfined, allowEscalation], 'forbidden AppArmor profile, allowPrivilegeEscalation != false'],
  [[hostNetwork, keepCapabilities], 'host namespaces, unrestricted capabilities'],
  [[hostPort, hostPathVolume], 'hostPort, restricted volume types'],
  [[probeHost, mayRunAsRoot], 'probe or lifecycle host, runAsNonRoot != true'],
  [[seLinuxSpcType, runAsUid0], 'seLinuxOptions, runAsUser=0'],
  [[unsafeSysctl, noSeccomp], 'forbidden sysctls, seccompProfile'],
  [[appArmorUnconfined, hostNetwork], 'forbidden AppArmor profile, host namespaces'],
  [[allowEscalation, noSeccomp], 'allowPrivilegeEscalation != false, seccompProfile'],
  [[hostPort, runAsUid0], 'hostPort, runAsUser=0'],
];

/** A valid pod name (DNS subdomain, labels of at most 63) of exactly `length` characters. */
function longName(index: number, length: number): string {
  const head = `trunc-${String(index).padStart(2, '0')}`;
  let name = head;
  for (const filler of 'abcdefgh') {
    const room = length - name.length - 1;
    if (room <= 0) break;
    name += `.${filler.repeat(Math.min(63, room))}`;
  }
  return name;
}

function cut(line: string): string {
  return line.slice(0, 256); // ASCII only, so characters are runes
}

function podsAndLines(count: number, nameLength: number): { pods: Scenario['pods']; lines: string[] } {
  const rows = REASON_SETS.slice(0, count).map(([tweaks, reasons], i) => {
    const name = longName(i + 1, nameLength);
    return { pod: tweak(restrictedPod(name), ...tweaks), line: `${name}: ${reasons}` };
  });
  return { pods: rows.map((r) => r.pod), lines: rows.map((r) => r.line) };
}

// t01: 16 pod lines, names of 215 characters. Untruncated: header 110 + lines = 4372; the 16th
// pod line crosses 4096, so all are replayed cut to 256: 3967 < 4096, none dropped. Lines 13-16
// are longer than 256 and lose the end of their reasons; the others are intact.
const T01 = podsAndLines(16, 215);
// t02: 24 pod lines, names of 240 characters. The 15th pod line crosses 4096; replayed cut, the
// header and 15 lines total 3939; the 16th line still starts below 4096 and is added (4195);
// lines 17-24 are dropped: 16 of 24 pod lines reach the client.
const T02 = podsAndLines(24, 240);

export const TRUNCATION_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 't01-truncated-lines',
    title: 'past 4096 characters of warnings every warning is cut to 256 characters',
    labels: {},
    pods: T01.pods,
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "t01-truncated-lines" violate the new PodSecurity enforce level "restricted:latest"',
        ...T01.lines.map(cut),
      ],
    },
  },
  {
    namespace: 't02-dropped-lines',
    title: 'once cut warnings fill 4096 characters the remaining warnings are dropped',
    labels: {},
    pods: T02.pods,
    patch: { [ENFORCE]: 'restricted' },
    expected: {
      warnings: [
        'existing pods in namespace "t02-dropped-lines" violate the new PodSecurity enforce level "restricted:latest"',
        ...T02.lines.slice(0, 16).map(cut),
      ],
    },
  },
];
