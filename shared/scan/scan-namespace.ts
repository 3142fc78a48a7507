// One namespace: its effective policy and target, the two sweeps (enforce in place, target), and
// the state they add up to.
import { isExemptNamespace, type AdmissionConfig } from '../pss/admission/admission-config.ts';
import { labelErrorMessage, policyToEvaluate, ENFORCE_LEVEL_LABEL } from '../pss/namespace-policy.ts';
import { identicalLevelVersions, levelVersionString } from '../pss/level-version.ts';
import type { Version } from '../pss/version.ts';
import type { NamespaceResult, ScanError } from '../snapshot/snapshot-schema.ts';
import type { ClusterPolicy } from '../targets/cluster-policy.ts';
import { podsEvaluated, templatesEvaluated } from './attribute.ts';
import type { ClusterReader, NamespaceRecord, PodRecord, WorkloadRecord } from './cluster-reader.ts';
import { namespaceState } from './namespace-state.ts';
import { namespaceTarget } from './namespace-target.ts';
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
  const { policy: effective, errors: labelErrors } = policyToEvaluate(namespace.labels, config.defaults);
  const exempt = isExemptNamespace(config, namespace.name);
  const target = namespaceTarget(namespace.labels, effective, policy.targetFor(namespace));
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

  // The target sweep repeats the current one when they ask the same thing: one dry-run, not two.
  // Otherwise both go out together, so the reader's concurrency stays used.
  const sameSweep = identicalLevelVersions(effective.enforce, target.target);
  const [current, atTarget] = await Promise.all([
    runSweep(effective.enforce, sweepInput),
    sameSweep ? undefined : runSweep(target.target, sweepInput),
  ]).then(([c, t]) => [c, t ?? c] as const);
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
