// One namespace of a snapshot as the report shows it: its state, and each violating workload once,
// with what it violates in place (the enforce level, a sweep of `current`) and what blocks the
// target (the `target` sweep). When the target is the enforce level in place, both sweeps ask the
// same question, so the workload is listed in place only.
import type { NamespaceResult, WorkloadVerdict } from '../snapshot/snapshot-schema.ts';
import type { ReportNamespace, ReportWorkload, ViolationsAt } from './fleet-report-schema.ts';

/** As many pod names as an alert names (drift/evidence.ts). */
const NAMED_PODS = 20;

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function violationsAt(levelVersion: string, workload: WorkloadVerdict): ViolationsAt {
  const podNames = workload.pods.flatMap((group) => group.pods);
  const violations = [...workload.pods.flatMap((group) => group.violations), ...(workload.template?.violations ?? [])];
  return {
    levelVersion,
    pods: podNames.length,
    podNames: podNames.slice(0, NAMED_PODS),
    template: (workload.template?.violations.length ?? 0) > 0,
    reasons: unique(violations.map((v) => v.reason)),
    details: unique(violations.map((v) => v.detail)),
  };
}

const workloadKey = (w: { readonly kind: string; readonly name: string }): string => `${w.kind}\u0000${w.name}`;

export function reportWorkloads(namespace: NamespaceResult): ReportWorkload[] {
  const { current, target } = namespace.sweeps;
  const sameQuestion = current.levelVersion === target.levelVersion;
  const byKey = new Map<string, ReportWorkload>();
  const entry = (w: WorkloadVerdict): ReportWorkload => {
    const key = workloadKey(w);
    const found = byKey.get(key) ?? { kind: w.kind, name: w.name, inPlace: null, atTarget: null };
    byKey.set(key, found);
    return found;
  };
  for (const w of current.workloads) byKey.set(workloadKey(w), { ...entry(w), inPlace: violationsAt(current.levelVersion, w) });
  if (!sameQuestion) for (const w of target.workloads) byKey.set(workloadKey(w), { ...entry(w), atTarget: violationsAt(target.levelVersion, w) });
  return [...byKey.values()].sort((a, b) => (a.kind === b.kind ? compare(a.name, b.name) : compare(a.kind, b.kind)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function reportNamespace(namespace: NamespaceResult): ReportNamespace {
  return {
    name: namespace.name,
    state: namespace.state,
    why: namespace.why,
    enforce: namespace.effective.enforce,
    enforceLabelled: namespace.enforceLabelled,
    target: namespace.target.levelVersion,
    pods: namespace.pods.total,
    workloads: reportWorkloads(namespace),
    errors: namespace.errors.map((e) => `${e.kind}: ${e.message}`),
  };
}
