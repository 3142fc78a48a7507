// The level:version a namespace should reach: the fleet policy's, or, without one, the strictest
// level among its own enforce/audit/warn labels at its enforce-version pin (a namespace that warns
// at restricted is on its way there).
import { compareLevels, parseLevel, type Level } from '../pss/level.ts';
import type { LevelVersion } from '../pss/level-version.ts';
import { AUDIT_LEVEL_LABEL, ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL, WARN_LEVEL_LABEL, type Policy } from '../pss/namespace-policy.ts';
import { LATEST, parseVersion } from '../pss/version.ts';
import type { NamespaceTargetRule } from '../targets/cluster-policy.ts';

export interface NamespaceTarget {
  readonly target: LevelVersion;
  readonly source: 'policy' | 'labels';
  readonly rule: string | null;
  readonly allowPrivileged: boolean;
}

const PRIVILEGED: LevelVersion = { level: 'privileged', version: LATEST };

export function namespaceTarget(
  labels: Readonly<Record<string, string>>,
  effective: Policy,
  rule: NamespaceTargetRule | undefined,
): NamespaceTarget {
  const allowPrivileged = rule?.allowPrivileged ?? false;
  if (rule?.target !== undefined) return { target: rule.target, source: 'policy', rule: rule.source, allowPrivileged };
  if (rule !== undefined && allowPrivileged) return { target: PRIVILEGED, source: 'policy', rule: rule.source, allowPrivileged };

  const levels = [ENFORCE_LEVEL_LABEL, AUDIT_LEVEL_LABEL, WARN_LEVEL_LABEL]
    .map((label) => labels[label])
    .flatMap((value): Level[] => {
      const parsed = value === undefined ? undefined : parseLevel(value);
      return parsed?.ok === true ? [parsed.level] : [];
    });
  const level = levels.reduce<Level>((strictest, l) => (compareLevels(l, strictest) > 0 ? l : strictest), levels[0] ?? effective.enforce.level);
  const pin = labels[ENFORCE_VERSION_LABEL];
  const parsedPin = pin === undefined ? undefined : parseVersion(pin);
  const version = parsedPin?.ok === true ? parsedPin.version : LATEST;
  return { target: { level, version }, source: 'labels', rule: rule?.source ?? null, allowPrivileged };
}
