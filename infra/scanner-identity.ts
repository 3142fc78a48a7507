// The names both stacks must agree on. The scanner's roles are named, not generated: each member
// account's trust policy names them (member-account-stack.ts), and it is deployed in other
// accounts, where a reference to the scanner stack cannot reach. IAM names are global to an
// account: a second scanner in the same account needs another prefix.

export interface ScannerRoleNames {
  readonly dispatch: string;
  readonly scan: string;
}

export function scannerRoleNames(prefix: string): ScannerRoleNames {
  return { dispatch: `${prefix}-dispatch`, scan: `${prefix}-scan` };
}

/** The role the scanner assumes in each member account (FLEET_CONFIG's roleArn names it). */
export const DEFAULT_MEMBER_ROLE_NAME = 'psa-fleet-scanner-member';

/**
 * The Kubernetes group the member role is mapped to by its EKS access entries: the subject of the
 * ClusterRoleBinding in infra/onboarding/rbac.yaml and of the match condition in
 * infra/onboarding/deny-real-writes.yaml.
 */
export const SCANNER_KUBERNETES_GROUP = 'psa-scanner';
