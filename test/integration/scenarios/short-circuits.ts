// Updates that do not evaluate existing pods at all (admission.go ValidateNamespace, DESIGN.md
// fact 1): enforce policy unchanged; new enforce level privileged; same version with an equal or
// looser level. Every namespace here holds pods that would violate the new level.

import { plainPod, privileged, tweak } from './pods.ts';
import { AUDIT, ENFORCE, ENFORCE_VERSION, WARN, type Scenario } from './scenario.ts';

const NONE = { warnings: [] } as const;

export const SHORT_CIRCUIT_SCENARIOS: readonly Scenario[] = [
  {
    namespace: 'u01-reapply-current-enforce',
    title: 're-applying the current enforce label comes back clean although pods violate it',
    labels: { [ENFORCE]: 'restricted' },
    pods: [plainPod('api'), tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'restricted' },
    expected: NONE,
  },
  {
    namespace: 'u02-explicit-default-version',
    title: 'adding enforce-version=latest to an unversioned label leaves the policy unchanged',
    labels: { [ENFORCE]: 'baseline' },
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE_VERSION]: 'latest' },
    expected: NONE,
  },
  {
    namespace: 'u03-only-warn-and-audit',
    title: 'changing only warn and audit does not evaluate pods',
    labels: { [ENFORCE]: 'baseline' },
    pods: [plainPod('api')],
    patch: { [WARN]: 'restricted', [AUDIT]: 'restricted' },
    expected: NONE,
  },
  {
    namespace: 'u04-relaxed-same-version',
    title: 'relaxing restricted to baseline at the same version does not evaluate pods',
    labels: { [ENFORCE]: 'restricted' },
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'baseline' },
    expected: NONE,
  },
  {
    namespace: 'u05-relaxed-to-privileged',
    title: 'relaxing to privileged does not evaluate pods',
    labels: { [ENFORCE]: 'baseline' },
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'privileged' },
    expected: NONE,
  },
  {
    namespace: 'u06-new-level-privileged',
    title: 'a new enforce level of privileged at another version does not evaluate pods',
    labels: {},
    pods: [tweak(plainPod('web'), privileged)],
    patch: { [ENFORCE]: 'privileged', [ENFORCE_VERSION]: 'v1.25' },
    expected: NONE,
  },
  {
    namespace: 'u07-enforce-label-removed',
    title: 'removing the enforce label falls back to the default (privileged): no evaluation',
    labels: { [ENFORCE]: 'restricted' },
    pods: [plainPod('api')],
    patch: { [ENFORCE]: null },
    expected: NONE,
  },
  {
    namespace: 'u08-unrelated-label',
    title: 'a label unrelated to Pod Security does not evaluate pods',
    labels: {},
    pods: [tweak(plainPod('web'), privileged)],
    patch: { team: 'payments' },
    expected: NONE,
  },
];
