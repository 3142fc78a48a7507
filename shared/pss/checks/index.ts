// Every Pod Security check upstream registers by default (k8s.io/pod-security-admission v0.37.2,
// policy/check_*.go). Order here does not matter: the registry orders checks by level and ID.

import { allowPrivilegeEscalation } from './allowPrivilegeEscalation.ts';
import { appArmorProfile } from './appArmorProfile.ts';
import { capabilities_baseline } from './capabilities_baseline.ts';
import { capabilities_restricted } from './capabilities_restricted.ts';
import type { CheckDefinition } from './check-definition.ts';
import { hostNamespaces } from './hostNamespaces.ts';
import { hostPathVolumes } from './hostPathVolumes.ts';
import { hostPorts } from './hostPorts.ts';
import { hostProbesAndHostLifecycle } from './hostProbesAndHostLifecycle.ts';
import { privileged } from './privileged.ts';
import { procMount } from './procMount.ts';
import { procMount_restricted } from './procMount_restricted.ts';
import { restrictedVolumes } from './restrictedVolumes.ts';
import { runAsNonRoot } from './runAsNonRoot.ts';
import { runAsUser } from './runAsUser.ts';
import { seLinuxOptions } from './seLinuxOptions.ts';
import { seccompProfile_baseline } from './seccompProfile_baseline.ts';
import { seccompProfile_restricted } from './seccompProfile_restricted.ts';
import { sysctls } from './sysctls.ts';
import { windowsHostProcess } from './windowsHostProcess.ts';

export const ALL_CHECKS: readonly CheckDefinition[] = [
  allowPrivilegeEscalation,
  appArmorProfile,
  capabilities_baseline,
  capabilities_restricted,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  procMount_restricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seLinuxOptions,
  seccompProfile_baseline,
  seccompProfile_restricted,
  sysctls,
  windowsHostProcess,
];
