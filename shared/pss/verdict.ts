// One result shape everywhere: allowed or not, a short stable reason, a specific detail.

/** What one check says about one pod (policy.CheckResult upstream). */
export interface CheckResult {
  readonly allowed: boolean;
  /** Short and stable, e.g. `privileged`; this is what the apiserver aggregates in warnings. */
  readonly forbiddenReason?: string;
  /** Names containers and fields, e.g. `container "app" must not set securityContext.privileged=true`. */
  readonly forbiddenDetail?: string;
}

export interface Violation {
  /** Check ID, e.g. `capabilities_restricted`. */
  readonly check: string;
  readonly reason: string;
  readonly detail: string;
}

/** A pod at one level:version: violations in the apiserver's order (baseline checks by ID, then restricted by ID). */
export interface PodVerdict {
  readonly allowed: boolean;
  readonly violations: readonly Violation[];
}
