// One namespace whose enforced checks move with the upgrade: every pod and template it holds,
// evaluated offline at today's check set and at the target's. Newly rejected is what today's
// checks allow and the target's refuse; what violates already today is counted apart (today's
// scan reports it as lingering violations), not reported again as new.
import type { AdmissionConfig } from '../pss/admission/admission-config.ts';
import { evaluatePod } from '../pss/evaluate.ts';
import { levelVersionString } from '../pss/level-version.ts';
import { ENFORCE_LEVEL_LABEL, type Policy } from '../pss/namespace-policy.ts';
import type { PodUnderTest } from '../pss/pod.ts';
import { attribute } from '../scan/attribute.ts';
import { checkSetChanges } from './check-set-change.ts';
import type { EnforceMove } from './enforce-move.ts';
import { evaluationInput, type NamespaceContents } from './namespace-contents.ts';
import { verifiedToday } from './verified-today.ts';
import type { MovingNamespace } from './what-if-schema.ts';

export function movingNamespace(contents: NamespaceContents, effective: Policy, move: EnforceMove, config: AdmissionConfig): MovingNamespace {
  const input = evaluationInput(contents, config);
  const allowedToday = (subject: PodUnderTest): boolean => evaluatePod(move.from, subject).allowed;
  const podsAllowed = input.pods.filter((pod) => allowedToday(pod));
  const templatesAllowed = input.templates.filter((workload) => allowedToday(workload.template));
  const after = attribute(move.evaluatedAs, podsAllowed, templatesAllowed, input.owners);
  return {
    name: contents.namespace.name,
    enforce: levelVersionString(effective.enforce),
    enforceLabelled: Object.hasOwn(contents.namespace.labels, ENFORCE_LEVEL_LABEL),
    from: levelVersionString(move.from),
    to: levelVersionString(move.to),
    evaluatedAs: levelVersionString(move.evaluatedAs),
    why: move.why,
    checkChanges: checkSetChanges(move.from, move.evaluatedAs),
    today: verifiedToday(contents.today?.sweeps.current),
    state: contents.today?.state ?? null,
    complete: input.complete,
    because: input.because,
    pods: { evaluated: input.pods.length, alreadyRejected: input.pods.length - podsAllowed.length, newlyRejected: after.violatingPods },
    templates: { evaluated: input.templates.length, alreadyRejected: input.templates.length - templatesAllowed.length, newlyRejected: after.violatingTemplates },
    newlyRejected: after.workloads,
    errors: [...input.errors],
  };
}
