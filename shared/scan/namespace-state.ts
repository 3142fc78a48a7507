// The one state a person reads for a namespace, and the line that says why. Precedence follows
// what needs attention first: exemption and missing evidence, then violations of the enforce level
// already in place, then the missing label, then the way to the target.
import { checkSetKey } from '../pss/evaluate.ts';
import { compareLevels } from '../pss/level.ts';
import { levelVersionString, type LevelVersion } from '../pss/level-version.ts';
import { versionOnServer, type Version } from '../pss/version.ts';
import type { NamespaceState, Sweep } from '../snapshot/snapshot-schema.ts';
import { violatorCount, workloadList } from '../snapshot/sweep-facts.ts';
import type { NamespaceTarget } from './namespace-target.ts';

export interface StateInput {
  readonly exempt: boolean;
  readonly enforce: LevelVersion;
  readonly enforceLabelled: boolean;
  readonly target: NamespaceTarget;
  readonly current: Sweep;
  readonly atTarget: Sweep;
  readonly serverVersion: Version;
}

/** Enforce already is the target or stricter: a stricter level, or the same level with the same checks. */
export function targetReached(enforce: LevelVersion, target: LevelVersion, serverVersion: Version): boolean {
  const order = compareLevels(enforce.level, target.level);
  if (order !== 0) return order > 0;
  const onServer = (lv: LevelVersion): LevelVersion => ({ level: lv.level, version: versionOnServer(lv.version, serverVersion) });
  return checkSetKey(onServer(enforce)) === checkSetKey(onServer(target));
}

export function namespaceState(input: StateInput): { state: NamespaceState; why: string } {
  const { current, atTarget, target } = input;
  const enforceText = levelVersionString(input.enforce);
  const targetText = levelVersionString(target.target);
  if (input.exempt) return { state: 'exempt', why: 'exempt from Pod Security by the cluster configuration; nothing is enforced' };
  if (current.compliant === null) {
    return { state: 'not-evaluated', why: `no verdict at the enforce level ${enforceText}: ${current.because ?? 'unknown'}` };
  }
  if (input.enforce.level === 'privileged' && target.allowPrivileged) {
    return { state: 'privileged-allowed', why: `effectively privileged, allowed by the fleet policy (${target.rule ?? 'rule'})` };
  }
  if (!current.compliant) {
    return {
      state: 'enforced-lingering-violations',
      why: `${violatorCount(current)} violate the enforce level ${enforceText} already in place (${workloadList(current.workloads)}); admitted before the label, they need a fix and a rollout`,
    };
  }
  if (!input.enforceLabelled) {
    const verdict = atTarget.compliant === null ? 'not evaluated' : atTarget.compliant ? 'clean' : `${violatorCount(atTarget)} would be rejected`;
    return { state: 'unlabelled', why: `no enforce label: the cluster default ${enforceText} applies; at target ${targetText}: ${verdict}` };
  }
  if (!targetReached(input.enforce, target.target, input.serverVersion)) {
    if (atTarget.compliant === null) {
      return { state: 'not-evaluated', why: `no verdict at the target ${targetText}: ${atTarget.because ?? 'unknown'}` };
    }
    if (!atTarget.compliant) {
      return { state: 'blocked-at-target', why: `${violatorCount(atTarget)} would be rejected at ${targetText} (${workloadList(atTarget.workloads)})` };
    }
    return { state: 'ready-to-promote', why: `clean at the target ${targetText}; enforce is ${enforceText}` };
  }
  if (input.enforce.level === 'privileged') {
    // Its own labels ask for nothing stricter, and no policy rule gave it a target or allowed it.
    return {
      state: 'enforced-compliant',
      why: `labelled enforce=privileged: Pod Security checks nothing here, and no fleet policy rule allows it or gives it a target`,
    };
  }
  return { state: 'enforced-compliant', why: `enforces ${enforceText}${targetText === enforceText ? '' : ` (target ${targetText})`}; nothing violates it` };
}
