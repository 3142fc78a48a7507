// procMount_restricted (restricted): upstream policy/check_procMount_restricted.go.
//
// The default /proc masks must be kept, even in a user namespace.
// Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount
// Allowed: undefined, null, "Default"
// v1.35: the baseline v1.0 rule (procMount1_0), unchanged; overrides the baseline procMount check,
//   which from v1.35 relaxes for user namespaces. Before v1.35 baseline procMount already applied
//   this rule at restricted, so the check does not exist there.

import { v1 } from '../version.ts';
import type { CheckDefinition } from './check-definition.ts';
import { procMount1_0 } from './procMount.ts';

export const procMount_restricted: CheckDefinition = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{ minimumVersion: v1(35), checkPod: procMount1_0, overrides: ['procMount'] }],
};
