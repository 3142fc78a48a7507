// One namespace: its effective policy and target, the two sweeps (enforce in place, target), and
// the state they add up to.
import type { AdmissionConfig } from '../pss/admission/admission-config.ts';
import { labelErrorMessage, ENFORCE_LEVEL_LABEL } from '../pss/namespace-policy.ts';
import { levelVersionString } from '../pss/level-version.ts';
import type { Version } from '../pss/version.ts';
import type { NamespaceResult, ScanError } from '../snapshot/snapshot-schema.ts';
import type { ClusterPolicy } from '../targets/cluster-policy.ts';
import { podsEvaluated, templatesEvaluated } from './attribute.ts';
import type { ClusterReader, NamespaceRecord, PodRecord, WorkloadRecord } from './cluster-reader.ts';
import { namespaceState } from './namespace-state.ts';
import { planNamespace } from './namespace-plan.ts';
import { OwnerResolver } from './owners.ts';
import { runSweep, type SweepInput } from './sweep.ts';
import { memoizedEvaluator } from './pod-verdicts.ts';
import { sortedRecord } from '../snapshot/canonical.ts';

export interface NamespaceScanInput {
  readonly namespace: NamespaceRecord;
  readonly pods: readonly PodRecord[] | undefined;
  readonly workloads: readonly WorkloadRecord[] | undefined;
  readonly errors: readonly ScanError[];
  readonly policy: ClusterPolicy;
  readonly serverVersion: Version;
  readonly reader: ClusterReader;
}

export async function scanNamespace(input: NamespaceScanInput): Promise<NamespaceResult> {
  const { namespace, policy } = input;
  const config: AdmissionConfig = policy.admission;
  const { evaluated, exempt, target, sweeps } = planNamespace(namespace, policy);
  const { policy: effective, errors: labelErrors } = evaluated;
  const pods = input.pods ?? [];
  const sweepInput: SweepInput = {
    namespace,
    pods: input.pods,
    evaluatedPods: podsEvaluated(pods, config),
    templates: input.workloads === undefined ? undefined : templatesEvaluated(input.workloads, config),
    owners: new OwnerResolver(input.workloads ?? []),
    config,
    serverVersion: input.serverVersion,
    reader: input.reader,
    evaluate: memoizedEvaluator(),
  };

  // Both sweeps go out together, so the reader's concurrency stays used.
  const [current, atTarget] = await Promise.all(sweeps.map((lv) => runSweep(lv, sweepInput))).then(([c, t]) => {
    if (c === undefined) throw new Error('a namespace plan without a sweep');
    return [c, t ?? c] as const;
  });
  const enforceLabelled = Object.hasOwn(namespace.labels, ENFORCE_LEVEL_LABEL);
  const { state, why } = namespaceState({
    exempt,
    enforce: effective.enforce,
    enforceLabelled,
    target,
    current: current.sweep,
    atTarget: atTarget.sweep,
    serverVersion: input.serverVersion,
  });
  const errors = [...input.errors, ...current.errors, ...(atTarget === current ? [] : atTarget.errors)];
  return {
    name: namespace.name,
    uid: namespace.uid,
    phase: namespace.phase,
    labels: sortedRecord(namespace.labels),
    labelErrors: labelErrors.map(labelErrorMessage),
    exempt,
    effective: {
      enforce: levelVersionString(effective.enforce),
      audit: levelVersionString(effective.audit),
      warn: levelVersionString(effective.warn),
    },
    enforceLabelled,
    target: {
      levelVersion: levelVersionString(target.target),
      source: target.source,
      rule: target.rule,
      allowPrivileged: target.allowPrivileged,
    },
    state,
    why,
    pods: { total: pods.length, exemptRuntimeClass: pods.length - sweepInput.evaluatedPods.length },
    sweeps: { current: current.sweep, target: atTarget.sweep },
    errors,
  };
}
