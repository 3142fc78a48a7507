// A cluster whose API server changed minor version: which namespaces now enforce something else
// without a label changing (those at `latest`, or pinned past the old server), and what they say now.
import { checkSetKey } from '../pss/evaluate.ts';
import { parseVersion, v1, versionOnServer } from '../pss/version.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { violatorCount } from '../snapshot/sweep-facts.ts';
import { levelOf, versionOf } from './evidence.ts';
import type { Finding } from './finding.ts';

type Draft = Omit<Finding, 'severity' | 'cluster'>;

export function clusterUpgradeFindings(previous: ClusterSnapshot, current: ClusterSnapshot): Draft[] {
  const from = previous.cluster.version;
  const to = current.cluster.version;
  if (from === null || to === null || from.minor === to.minor) return [];
  const moved: string[] = [];
  const nowViolating: string[] = [];
  for (const namespace of current.namespaces) {
    const level = levelOf(namespace.effective.enforce);
    const parsed = parseVersion(versionOf(namespace.effective.enforce));
    if (level === 'privileged' || namespace.exempt || !parsed.ok) continue;
    const before = checkSetKey({ level, version: versionOnServer(parsed.version, v1(from.minor)) });
    const after = checkSetKey({ level, version: versionOnServer(parsed.version, v1(to.minor)) });
    if (before === after) continue;
    moved.push(`${namespace.name} (${namespace.effective.enforce})`);
    if (namespace.sweeps.current.compliant === false) nowViolating.push(`${namespace.name}: ${violatorCount(namespace.sweeps.current)}`);
  }
  const tail = moved.length === 0 ? 'no namespace enforces anything new' : `${moved.length} namespaces now enforce new checks${nowViolating.length > 0 ? `, ${nowViolating.length} with violations` : ''}`;
  return [
    {
      kind: 'cluster-upgraded',
      namespace: null,
      summary: `upgraded ${from.gitVersion} -> ${to.gitVersion}: ${tail}`,
      evidence: { details: { fromVersion: from.gitVersion, toVersion: to.gitVersion, namespacesWithNewChecks: moved, violatingNow: nowViolating } },
    },
  ];
}
