// Which check definitions differ between two level:versions: what an upgrade changes in what a
// namespace enforces. Read from the same registry the evaluator runs (registry.ts), so it names
// exactly the definitions whose change can alter a verdict.
import { ALL_CHECKS } from '../pss/checks/index.ts';
import { compareCodePoints } from '../pss/go-string-order.ts';
import type { LevelVersion } from '../pss/level-version.ts';
import { buildCheckRegistry } from '../pss/registry.ts';
import { versionString } from '../pss/version.ts';

export interface CheckChange {
  readonly check: string;
  /** The definition in force before (its minimum version, `v1.N`); null: the check does not run before. */
  readonly from: string | null;
  /** The definition in force after; null: the check no longer runs (a restricted check overrides it). */
  readonly to: string | null;
}

const registry = buildCheckRegistry(ALL_CHECKS);

function definitions(lv: LevelVersion): Map<string, string> {
  return new Map(registry.checkSet(lv).checks.map((check) => [check.id, versionString(check.minimumVersion)]));
}

/** The checks whose definition differs between `before` and `after`, by check ID. */
export function checkSetChanges(before: LevelVersion, after: LevelVersion): CheckChange[] {
  const from = definitions(before);
  const to = definitions(after);
  const ids = [...new Set([...from.keys(), ...to.keys()])].sort(compareCodePoints);
  return ids
    .map((check) => ({ check, from: from.get(check) ?? null, to: to.get(check) ?? null }))
    .filter((change) => change.from !== change.to);
}
