// Evidence drawn from a snapshot's sweeps: the workloads that violate, named the way a person
// fixes them, and small helpers for reading namespace facts back out of a snapshot.
import { parseLevel, type Level } from '../pss/level.ts';
import type { NamespaceResult, Sweep } from '../snapshot/snapshot-schema.ts';
import type { WorkloadEvidence } from './finding.ts';

const NAMED_PODS = 20;

export function workloadEvidence(sweep: Sweep): WorkloadEvidence[] {
  return sweep.workloads.map((w) => {
    const pods = w.pods.flatMap((group) => group.pods);
    const reasons = new Set([...w.pods.flatMap((g) => g.violations), ...(w.template?.violations ?? [])].map((v) => v.reason));
    return {
      kind: w.kind,
      name: w.name,
      pods: pods.slice(0, NAMED_PODS),
      podCount: pods.length,
      reasons: [...reasons],
      template: (w.template?.violations.length ?? 0) > 0,
    };
  });
}

export function workloadKey(w: { kind: string; name: string }): string {
  return `${w.kind}/${w.name}`;
}

/** Workloads violating in `after` that did not in `before`. */
export function newWorkloads(before: Sweep | undefined, after: Sweep): WorkloadEvidence[] {
  const known = new Set((before?.workloads ?? []).map(workloadKey));
  return workloadEvidence(after).filter((w) => !known.has(workloadKey(w)));
}

/** The level of a `level:version` string. */
export function levelOf(levelVersion: string): Level {
  const parsed = parseLevel(levelVersion.split(':')[0] ?? '');
  return parsed.ok ? parsed.level : 'privileged';
}

export function versionOf(levelVersion: string): string {
  return levelVersion.split(':')[1] ?? 'latest';
}

/** The namespace is neither exempt nor allowed to be privileged: it should be protected. */
export function shouldBeProtected(namespace: NamespaceResult): boolean {
  return !namespace.exempt && !namespace.target.allowPrivileged;
}
