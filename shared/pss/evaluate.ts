// Evaluates pods against a Pod Security Standards level:version, as the apiserver's PodSecurity
// admission does (upstream policy/registry.go EvaluatePod and policy/checks.go AggregateCheckResults).

import { ALL_CHECKS } from './checks/index.ts';
import type { CheckDefinition } from './checks/check-definition.ts';
import type { LevelVersion } from './level-version.ts';
import type { ObjectMeta, PodSpec, PodUnderTest } from './pod.ts';
import { buildCheckRegistry } from './registry.ts';
import type { PodVerdict, Violation } from './verdict.ts';

/** Upstream UnknownForbiddenReason: stands in for a failing check that gave no reason. */
const UNKNOWN_FORBIDDEN_REASON = 'unknown forbidden reason';

/** What judges one pod at a level:version: evaluatePod, or a memoizing wrapper of it. */
export type EvaluatePod = (lv: LevelVersion, pod: PodUnderTest) => PodVerdict;

export interface PodEvaluator {
  evaluatePod(lv: LevelVersion, pod: PodUnderTest): PodVerdict;
  checkSetKey(lv: LevelVersion): string;
}

const ALLOWED_VERDICT: PodVerdict = Object.freeze({ allowed: true, violations: Object.freeze([]) });
const NO_METADATA: ObjectMeta = Object.freeze({});
const NO_SPEC: PodSpec = Object.freeze({});

/** An evaluator over the given checks; the table is built (and the checks validated) here, once. */
export function createEvaluator(definitions: readonly CheckDefinition[]): PodEvaluator {
  const registry = buildCheckRegistry(definitions);
  return {
    evaluatePod(lv: LevelVersion, pod: PodUnderTest): PodVerdict {
      const { checks } = registry.checkSet(lv);
      if (checks.length === 0) return ALLOWED_VERDICT;
      const metadata = pod.metadata ?? NO_METADATA;
      const spec = pod.spec ?? NO_SPEC;
      let violations: Violation[] | undefined;
      for (let i = 0; i < checks.length; i++) {
        const check = checks[i];
        if (check === undefined) continue;
        const result = check.checkPod(metadata, spec);
        if (result.allowed) continue;
        (violations ??= []).push({
          check: check.id,
          reason: result.forbiddenReason || UNKNOWN_FORBIDDEN_REASON,
          detail: result.forbiddenDetail ?? '',
        });
      }
      return violations === undefined ? ALLOWED_VERDICT : { allowed: false, violations };
    },
    checkSetKey(lv: LevelVersion): string {
      return registry.checkSet(lv).key;
    },
  };
}

const standard = createEvaluator(ALL_CHECKS);

/**
 * The apiserver's verdict on a pod at a level:version. Privileged allows everything; `latest` and
 * versions newer than the newest known (v1.37) evaluate as the newest. Violations come baseline
 * checks first, then restricted, each group by check ID.
 */
export function evaluatePod(lv: LevelVersion, pod: PodUnderTest): PodVerdict {
  return standard.evaluatePod(lv, pod);
}

/**
 * Names exactly the check definitions in force at a level:version. Two versions of a level with
 * equal keys evaluate every pod identically (used to find a version whose dry-run is not a no-op).
 */
export function checkSetKey(lv: LevelVersion): string {
  return standard.checkSetKey(lv);
}

/** `reason1, reason2` (upstream AggregateCheckResult.ForbiddenReason). */
export function forbiddenReasons(verdict: PodVerdict): string {
  return verdict.violations.map((violation) => violation.reason).join(', ');
}

/** `reason1 (detail1), reason2`: details in parentheses, omitted when empty (upstream ForbiddenDetail). */
export function forbiddenDetail(verdict: PodVerdict): string {
  return verdict.violations
    .map((violation) => (violation.detail === '' ? violation.reason : `${violation.reason} (${violation.detail})`))
    .join(', ');
}
