// The names both stacks must agree on. The scanner's roles are named, not generated: each member
// account's trust policy names them (member-account-stack.ts), and it is deployed in other
// accounts, where a reference to the scanner stack cannot reach. IAM names are global to an
// account: a second scanner in the same account needs another prefix.

/** The scanner's functions, each a handler in lambdas/<name>/handler.ts. */
export const FUNCTION_NAMES = ['dispatch', 'scan', 'adhoc', 'report', 'watchdog'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export type ScannerRoleNames = Readonly<Record<FunctionName, string>>;

export function scannerRoleNames(prefix: string): ScannerRoleNames {
  return { dispatch: `${prefix}-dispatch`, scan: `${prefix}-scan`, adhoc: `${prefix}-adhoc`, report: `${prefix}-report`, watchdog: `${prefix}-watchdog` };
}

/** Each function's Powertools service name (its logs' `service`, its metrics' dimension). */
export function serviceName(fn: FunctionName): string {
  return `psa-fleet-scanner-${fn}`;
}

/** The roles that reach into member accounts: discovery (dispatch), the nightly scan, the ad-hoc what-if. */
export function memberTrustedRoleNames(prefix: string): readonly string[] {
  const names = scannerRoleNames(prefix);
  return [names.dispatch, names.scan, names.adhoc];
}

/** The role the scanner assumes in each member account (FLEET_CONFIG's roleArn names it). */
export const DEFAULT_MEMBER_ROLE_NAME = 'psa-fleet-scanner-member';

/**
 * The Kubernetes group the member role is mapped to by its EKS access entries: the subject of the
 * ClusterRoleBinding in infra/onboarding/rbac.yaml and of the match condition in
 * infra/onboarding/deny-real-writes.yaml.
 */
export const SCANNER_KUBERNETES_GROUP = 'psa-scanner';
