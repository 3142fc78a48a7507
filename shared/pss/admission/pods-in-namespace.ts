// What the apiserver says about existing pods when a namespace update tightens enforce
// (admission/admission.go EvaluatePodsInNamespace, prioritizePods, decoratePodWarnings).
import { evaluatePod, forbiddenReasons, type EvaluatePod } from '../evaluate.ts';
import { levelVersionString, type LevelVersion } from '../level-version.ts';
import type { OwnerReference, PodUnderTest } from '../pod.ts';
import { isExemptRuntimeClass, NAMESPACE_MAX_PODS_TO_CHECK, type AdmissionConfig } from './admission-config.ts';
import { compareCodePoints } from '../go-string-order.ts';
import { versionOnServer, type Version } from '../version.ts';

export const POD_LIST_FAILED_WARNING = 'failed to list pods while checking new PodSecurity enforce level';

export interface PodCheckBudget {
  /**
   * How many pods the server evaluates before its time budget (1 s, or half the request's remaining deadline) runs
   * out; unlimited by default. The real server stops on a clock, so a large or slow namespace may
   * be cut earlier than this model predicts. It checks the clock after each pod, so at least one
   * pod is always evaluated.
   */
  readonly podsEvaluatedWithinTime?: number;
}

export interface PodsInNamespaceReport {
  readonly warnings: string[];
  /** Pods evaluated. */
  readonly checkedPods: number;
  /** Pods that would have been evaluated without limits (exempt runtime classes excluded). */
  readonly totalPods: number;
}

/** The first owner reference marked controller (metav1.GetControllerOfNoCopy). */
function controllerOf(pod: PodUnderTest): OwnerReference | undefined {
  return pod.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/**
 * Drops pods of exempt runtime classes, then orders the rest: pods with no controller and the
 * first pod seen of each controller (by owner UID) keep their list order; further replicas follow,
 * also in list order. The real server lists from its informer cache, whose order is arbitrary, so
 * which replica counts as "first" (and which pods fall past a limit) is not deterministic there.
 */
export function prioritizePods(pods: readonly PodUnderTest[], config: AdmissionConfig): PodUnderTest[] {
  const prioritized: PodUnderTest[] = [];
  const replicas: PodUnderTest[] = [];
  const seenControllers = new Set<string>();
  for (const pod of pods) {
    if (isExemptRuntimeClass(config, pod.spec?.runtimeClassName)) continue;
    const controller = controllerOf(pod);
    if (controller === undefined) {
      prioritized.push(pod);
      continue;
    }
    const uid = controller.uid ?? '';
    if (seenControllers.has(uid)) {
      replicas.push(pod);
      continue;
    }
    seenControllers.add(uid);
    prioritized.push(pod);
  }
  return [...prioritized, ...replicas];
}

/** `POD: R`, `POD (and 1 other pod): R`, `POD (and N other pods): R`. */
function podWarning(firstPod: string, podCount: number, reasons: string): string {
  if (podCount === 1) return `${firstPod}: ${reasons}`;
  if (podCount === 2) return `${firstPod} (and 1 other pod): ${reasons}`;
  return `${firstPod} (and ${podCount - 1} other pods): ${reasons}`;
}

export function evaluatePodsInNamespace(
  namespaceName: string,
  enforce: LevelVersion,
  pods: readonly PodUnderTest[],
  config: AdmissionConfig,
  budget: PodCheckBudget = {},
  serverVersion?: Version,
  evaluate: EvaluatePod = evaluatePod,
): PodsInNamespaceReport {
  // The checks are the server's (an older server knows no newer definitions); the text names the label's version.
  const evaluated = serverVersion === undefined ? enforce : { level: enforce.level, version: versionOnServer(enforce.version, serverVersion) };
  const prioritized = prioritizePods(pods, config);
  const totalPods = prioritized.length;
  const withinTime = Math.max(1, budget.podsEvaluatedWithinTime ?? Infinity);
  const checked = prioritized.slice(0, Math.min(NAMESPACE_MAX_PODS_TO_CHECK, withinTime));

  // One entry per distinct reason string: the alphabetically first pod name and how many pods.
  const byReasons = new Map<string, { firstPod: string; podCount: number }>();
  for (const pod of checked) {
    const verdict = evaluate(evaluated, pod);
    if (verdict.allowed) continue;
    const reasons = forbiddenReasons(verdict);
    const name = pod.metadata?.name ?? '';
    const entry = byReasons.get(reasons);
    if (entry === undefined) byReasons.set(reasons, { firstPod: name, podCount: 1 });
    else {
      entry.podCount++;
      if (compareCodePoints(name, entry.firstPod) < 0) entry.firstPod = name;
    }
  }

  const warnings: string[] = [];
  if (checked.length < totalPods) {
    warnings.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${totalPods} existing pods`);
  }
  if (byReasons.size > 0) {
    warnings.push(
      `existing pods in namespace ${JSON.stringify(namespaceName)} violate the new PodSecurity enforce level ${JSON.stringify(levelVersionString(enforce))}`,
    );
  }
  // Sorted as whole lines (Go sort.Strings), so by pod name first, then by reasons.
  const podWarnings = [...byReasons].map(([reasons, { firstPod, podCount }]) => podWarning(firstPod, podCount, reasons));
  warnings.push(...podWarnings.sort(compareCodePoints));
  return { warnings, checkedPods: checked.length, totalPods };
}
