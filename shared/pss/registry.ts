// Builds, once at load, the table of which check definitions run at each level and version, and
// refuses bad check data with an error naming the check. Rules and order follow upstream
// policy/registry.go (validateChecks, populate).

import type { CheckDefinition, CheckId, CheckPod, VersionedCheck } from './checks/check-definition.ts';
import { definitionInForce } from './checks/check-definition.ts';
import type { LevelVersion } from './level-version.ts';
import { compareCodePoints } from './go-string-order.ts';
import { isOlder, sameVersion, v1, versionString, type Version } from './version.ts';

/** One check definition scheduled to run at a level:version. */
export interface ScheduledCheck {
  readonly id: CheckId;
  readonly minimumVersion: Version;
  readonly checkPod: CheckPod;
}

/** The checks that run at one level:version, in upstream's order, and a key naming exactly them. */
export interface CheckSet {
  readonly checks: readonly ScheduledCheck[];
  /** Equal keys mean equal definitions, so every pod gets the same verdict. */
  readonly key: string;
}

export interface CheckRegistry {
  /** The newest minimum version of any definition; newer versions and `latest` evaluate as this one. */
  readonly newestVersion: Version;
  checkSet(lv: LevelVersion): CheckSet;
}

export class InvalidCheckError extends Error {
  readonly checkId: CheckId;

  constructor(checkId: CheckId, message: string) {
    super(message);
    this.name = 'InvalidCheckError';
    this.checkId = checkId;
  }
}

/** Privileged runs no checks; no numbered version has an empty check set, so the key is unique. */
const PRIVILEGED: CheckSet = Object.freeze({ checks: Object.freeze([]), key: 'privileged' });
const NO_CHECKS: CheckSet = Object.freeze({ checks: Object.freeze([]), key: '' });

/** The newest minimum version (its minor) of any of these definitions, at least v1.0. */
export function newestMinimumMinor(definitions: readonly CheckDefinition[]): number {
  let newestMinor = 0;
  for (const check of definitions) {
    const last = check.versions[check.versions.length - 1];
    if (last !== undefined) newestMinor = Math.max(newestMinor, last.minimumVersion.minor);
  }
  return newestMinor;
}

export function buildCheckRegistry(definitions: readonly CheckDefinition[]): CheckRegistry {
  validateChecks(definitions);

  const newestMinor = newestMinimumMinor(definitions);

  // Baseline IDs sorted, then restricted IDs sorted: the order of reasons in apiserver warnings.
  const byId = (a: CheckDefinition, b: CheckDefinition): number => compareCodePoints(a.id, b.id);
  const baseline = definitions.filter((check) => check.level === 'baseline').sort(byId);
  const restricted = definitions.filter((check) => check.level === 'restricted').sort(byId);

  const baselineSets: CheckSet[] = [];
  const restrictedSets: CheckSet[] = [];
  for (let minor = 0; minor <= newestMinor; minor++) {
    const version = v1(minor);
    const baselineInForce = inForce(baseline, version);
    const restrictedInForce = inForce(restricted, version);
    const overridden = new Set(restrictedInForce.flatMap((scheduled) => scheduled.definition.overrides ?? []));
    baselineSets.push(checkSetOf(baselineInForce));
    restrictedSets.push(
      checkSetOf([...baselineInForce.filter((scheduled) => !overridden.has(scheduled.id)), ...restrictedInForce]),
    );
  }

  const newestVersion = v1(newestMinor);
  return {
    newestVersion,
    checkSet(lv: LevelVersion): CheckSet {
      if (lv.level === 'privileged') return PRIVILEGED;
      const sets = lv.level === 'baseline' ? baselineSets : restrictedSets;
      const { version } = lv;
      // Upstream clamps anything newer than its newest version, `latest` included.
      if (version.latest || isOlder(newestVersion, version)) return sets[newestMinor] ?? NO_CHECKS;
      // Upstream has no entry for versions below v1.0 (none parse from a label): nothing runs.
      if (version.major !== 1) return NO_CHECKS;
      return sets[version.minor] ?? NO_CHECKS;
    },
  };
}

interface InForce {
  readonly id: CheckId;
  readonly definition: VersionedCheck;
}

function inForce(checks: readonly CheckDefinition[], version: Version): InForce[] {
  const found: InForce[] = [];
  for (const check of checks) {
    const definition = definitionInForce(check, version);
    if (definition !== undefined) found.push({ id: check.id, definition });
  }
  return found;
}

function checkSetOf(scheduled: readonly InForce[]): CheckSet {
  const checks = scheduled.map(
    ({ id, definition }): ScheduledCheck =>
      Object.freeze({ id, minimumVersion: definition.minimumVersion, checkPod: definition.checkPod }),
  );
  const key = checks.map((check) => `${check.id}@${versionString(check.minimumVersion)}`).join(',');
  return Object.freeze({ checks: Object.freeze(checks), key });
}

function validateChecks(definitions: readonly CheckDefinition[]): void {
  const levels = new Map<CheckId, string>();
  for (const check of definitions) {
    const { id } = check;
    if (typeof id !== 'string' || id === '') throw new InvalidCheckError(String(id), 'check with an empty ID');
    if (levels.has(id)) throw new InvalidCheckError(id, `multiple checks registered for ID ${id}`);
    levels.set(id, check.level);
    if (check.level !== 'baseline' && check.level !== 'restricted') {
      throw new InvalidCheckError(id, `check ${id}: invalid level ${String(check.level)}`);
    }
    if (check.versions.length === 0) throw new InvalidCheckError(id, `check ${id}: empty`);
    let previous: Version | undefined;
    for (const { minimumVersion } of check.versions) {
      if (minimumVersion.latest) throw new InvalidCheckError(id, `check ${id}: version cannot be 'latest'`);
      // Upstream assumes one major version when it expands minimum versions into a table.
      if (minimumVersion.major !== 1 || !Number.isSafeInteger(minimumVersion.minor) || minimumVersion.minor < 0) {
        throw new InvalidCheckError(id, `check ${id}: invalid version ${versionString(minimumVersion)}`);
      }
      if (previous !== undefined && sameVersion(previous, minimumVersion)) {
        throw new InvalidCheckError(id, `check ${id}: duplicate version ${versionString(minimumVersion)}`);
      }
      if (previous !== undefined && !isOlder(previous, minimumVersion)) {
        throw new InvalidCheckError(id, `check ${id}: versions must be strictly increasing`);
      }
      previous = minimumVersion;
    }
  }

  for (const check of definitions) {
    for (const { overrides } of check.versions) {
      if (overrides === undefined || overrides.length === 0) continue;
      if (check.level !== 'restricted') {
        throw new InvalidCheckError(check.id, `check ${check.id}: only restricted checks may set overrides`);
      }
      for (const overridden of overrides) {
        const overriddenLevel = levels.get(overridden);
        // Upstream ignores an override naming no registered check; a typo here would silently run
        // the baseline check, so refuse it.
        if (overriddenLevel === undefined) {
          throw new InvalidCheckError(check.id, `check ${check.id}: overrides unknown check ${overridden}`);
        }
        if (overriddenLevel !== 'baseline') {
          throw new InvalidCheckError(check.id, `check ${check.id}: overrides ${overriddenLevel} check ${overridden}`);
        }
      }
    }
  }
}
