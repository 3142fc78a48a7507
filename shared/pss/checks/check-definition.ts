// The shape of a Pod Security check, as upstream policy/checks.go defines it: an ID, the level it
// belongs to, and one or more versioned definitions, each in force from its minimum version until
// the next one's.

import type { Level } from '../level.ts';
import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { isOlder, type Version } from '../version.ts';

/** Upstream CheckID, e.g. `capabilities_restricted`. */
export type CheckId = string;

/**
 * Decides one pod. Takes metadata and spec apart, like upstream CheckPodFn, so the evaluator
 * replaces a missing `metadata` or `spec` once per pod rather than once per check.
 */
export type CheckPod = (metadata: ObjectMeta, spec: PodSpec) => CheckResult;

export interface VersionedCheck {
  /** First policy version this definition applies to; never `latest`. */
  readonly minimumVersion: Version;
  readonly checkPod: CheckPod;
  /** Baseline checks skipped at restricted while this definition is in force (restricted checks only). */
  readonly overrides?: readonly CheckId[];
}

export interface CheckDefinition {
  readonly id: CheckId;
  /** `baseline` or `restricted`; baseline checks also run at restricted. */
  readonly level: Level;
  /** Strictly increasing minimum versions. */
  readonly versions: readonly VersionedCheck[];
}

/** The one allowed result every check returns, so the allowed path allocates nothing. */
export const ALLOWED: CheckResult = Object.freeze({ allowed: true });

export function forbidden(forbiddenReason: string, forbiddenDetail: string): CheckResult {
  return { allowed: false, forbiddenReason, forbiddenDetail };
}

/** The definition in force at `version` (the last whose minimum is not newer), if any. */
export function definitionInForce(check: CheckDefinition, version: Version): VersionedCheck | undefined {
  let inForce: VersionedCheck | undefined;
  for (const definition of check.versions) {
    if (isOlder(version, definition.minimumVersion)) break;
    inForce = definition;
  }
  return inForce;
}
