// Offline attribution: every listed pod and every workload template evaluated by the engine at
// the level:version the server would use, violations attributed to the owning workload. This is
// what names every violating pod when the server's answer is aggregated (one pod per reason set),
// limited (3000 pods) or cut (the warning budget), and what sees templates the server never
// evaluates (scaled-to-zero Deployments, suspended CronJobs).
import { isExemptRuntimeClass, type AdmissionConfig } from '../pss/admission/admission-config.ts';
import { evaluatePod, type EvaluatePod } from '../pss/evaluate.ts';
import type { LevelVersion } from '../pss/level-version.ts';
import type { Violation } from '../pss/verdict.ts';
import type { WorkloadVerdict } from '../snapshot/snapshot-schema.ts';
import { compareCodePoints } from '../pss/go-string-order.ts';
import type { PodRecord, WorkloadRecord } from './cluster-reader.ts';
import type { OwnerResolver, WorkloadRef } from './owners.ts';

export interface Attribution {
  readonly evaluatedPods: number;
  readonly violatingPods: number;
  readonly violatingTemplates: number;
  /** Workloads with a violating pod or template, sorted by kind then name. */
  readonly workloads: WorkloadVerdict[];
}

/** Pods PodSecurity evaluates: all but those of exempt runtime classes (completed pods count too). */
export function podsEvaluated(pods: readonly PodRecord[], config: AdmissionConfig): PodRecord[] {
  return pods.filter((pod) => !isExemptRuntimeClass(config, pod.spec.runtimeClassName));
}

/**
 * Templates that decide future pods: workloads nobody listed controls (an owned ReplicaSet or Job
 * is its Deployment's or CronJob's template at an older revision), minus exempt runtime classes.
 */
export function templatesEvaluated(workloads: readonly WorkloadRecord[], config: AdmissionConfig): WorkloadRecord[] {
  const listed = new Set(workloads.map((w) => w.uid));
  return workloads.filter((w) => {
    const controller = w.ownerReferences.find((ref) => ref.controller === true);
    if (controller?.uid !== undefined && listed.has(controller.uid)) return false;
    return !isExemptRuntimeClass(config, w.template.spec?.runtimeClassName);
  });
}

interface Entry {
  readonly ref: WorkloadRef;
  readonly groups: Map<string, { pods: string[]; violations: Violation[] }>;
  template: WorkloadVerdict['template'];
}

function violationsKey(violations: readonly Violation[]): string {
  // Violations are plain {check, reason, detail} objects (evaluate.ts): their JSON names them whole.
  return JSON.stringify(violations);
}

export function attribute(
  evaluatedAs: LevelVersion,
  pods: readonly PodRecord[],
  templates: readonly WorkloadRecord[],
  owners: OwnerResolver,
  evaluate: EvaluatePod = evaluatePod,
): Attribution {
  const entries = new Map<string, Entry>();
  const entryFor = (ref: WorkloadRef): Entry => {
    const key = `${ref.kind}/${ref.name}`;
    let entry = entries.get(key);
    if (entry === undefined) entries.set(key, (entry = { ref, groups: new Map(), template: null }));
    return entry;
  };

  let violatingPods = 0;
  for (const pod of pods) {
    const verdict = evaluate(evaluatedAs, pod);
    if (verdict.allowed) continue;
    violatingPods++;
    const groups = entryFor(owners.ownerOfPod(pod)).groups;
    const key = violationsKey(verdict.violations);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { pods: [pod.metadata.name], violations: [...verdict.violations] });
    else group.pods.push(pod.metadata.name);
  }

  let violatingTemplates = 0;
  for (const workload of templates) {
    const verdict = evaluate(evaluatedAs, workload.template);
    if (verdict.allowed) continue;
    violatingTemplates++;
    const ref = owners.ownerOfWorkload(workload) ?? { kind: workload.kind, name: workload.name };
    entryFor(ref).template = { violations: [...verdict.violations], replicas: workload.replicas ?? null, suspended: workload.suspended ?? null };
  }

  const workloads = [...entries.values()]
    .map(
      (entry): WorkloadVerdict => ({
        kind: entry.ref.kind,
        name: entry.ref.name,
        pods: [...entry.groups.values()]
          .map((group) => ({ pods: group.pods.sort(compareCodePoints), violations: group.violations }))
          .sort((a, b) => compareCodePoints(a.pods[0] ?? '', b.pods[0] ?? '')),
        template: entry.template,
      }),
    )
    .sort((a, b) => compareCodePoints(a.kind, b.kind) || compareCodePoints(a.name, b.name));
  return { evaluatedPods: pods.length, violatingPods, violatingTemplates, workloads };
}
