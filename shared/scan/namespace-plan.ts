// What a scan will ask about one namespace, from its labels and the policy alone: the policy the
// apiserver applies, the target, and the one or two level:versions to sweep (the enforce level in
// place, and the target when it asks something else). Known as soon as the namespaces are listed.
import { isExemptNamespace } from '../pss/admission/admission-config.ts';
import { identicalLevelVersions, type LevelVersion } from '../pss/level-version.ts';
import { policyToEvaluate, type EvaluatedPolicy } from '../pss/namespace-policy.ts';
import type { ClusterPolicy } from '../targets/cluster-policy.ts';
import type { NamespaceRecord } from './cluster-reader.ts';
import { namespaceTarget, type NamespaceTarget } from './namespace-target.ts';

export interface NamespacePlan {
  readonly evaluated: EvaluatedPolicy;
  readonly exempt: boolean;
  readonly target: NamespaceTarget;
  /** The enforce level in place; the target too, unless it asks the same. */
  readonly sweeps: readonly [LevelVersion] | readonly [LevelVersion, LevelVersion];
}

// A scan plans each namespace twice (to send its dry-runs early, then to sweep it): kept per
// namespace record and policy.
const PLANS = new WeakMap<NamespaceRecord, { readonly policy: ClusterPolicy; readonly plan: NamespacePlan }>();

export function planNamespace(namespace: NamespaceRecord, policy: ClusterPolicy): NamespacePlan {
  const kept = PLANS.get(namespace);
  if (kept?.policy === policy) return kept.plan;
  const plan = freshPlan(namespace, policy);
  PLANS.set(namespace, { policy, plan });
  return plan;
}

function freshPlan(namespace: NamespaceRecord, policy: ClusterPolicy): NamespacePlan {
  const evaluated = policyToEvaluate(namespace.labels, policy.admission.defaults);
  const target = namespaceTarget(namespace.labels, evaluated.policy, policy.targetFor(namespace));
  const enforce = evaluated.policy.enforce;
  return {
    evaluated,
    exempt: isExemptNamespace(policy.admission, namespace.name),
    target,
    // The target sweep repeats the current one when they ask the same thing: one dry-run, not two.
    sweeps: identicalLevelVersions(enforce, target.target) ? [enforce] : [enforce, target.target],
  };
}
