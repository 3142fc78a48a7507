// A sweep of today's scan, in short: what the server's dry-run (or the offline fallback) said at
// the current version, and how that verdict was reached.
import type { Sweep } from '../snapshot/snapshot-schema.ts';

export interface VerifiedToday {
  readonly levelVersion: string;
  readonly evaluatedAs: string;
  readonly method: Sweep['method'];
  readonly verdictSource: Sweep['verdictSource'];
  readonly modelAgreement: Sweep['modelAgreement'];
  readonly compliant: boolean | null;
}

export function verifiedToday(sweep: Sweep | undefined): VerifiedToday | null {
  if (sweep === undefined) return null;
  const { levelVersion, evaluatedAs, method, verdictSource, modelAgreement, compliant } = sweep;
  return { levelVersion, evaluatedAs, method, verdictSource, modelAgreement, compliant };
}
