// Builds policies for tests from YAML text, failing loudly on any error.
import { formatFleetPolicyError, parseFleetPolicy } from './parse-fleet-policy.ts';
import type { FleetPolicy } from './fleet-policy.ts';

export const HEADER = 'apiVersion: psa-fleet-scanner/v1\nkind: FleetPolicy\n';

export function policyFrom(text: string): FleetPolicy {
  const parsed = parseFleetPolicy(text, 'test.yaml');
  if (!parsed.ok) throw new Error(`test policy refused:\n${parsed.errors.map(formatFleetPolicyError).join('\n')}`);
  return parsed.policy;
}

/** The errors of a refused document, formatted; [] when it is accepted. */
export function errorsOf(text: string, file = 'policy.yaml'): string[] {
  const parsed = parseFleetPolicy(text, file);
  return parsed.ok ? [] : parsed.errors.map(formatFleetPolicyError);
}
