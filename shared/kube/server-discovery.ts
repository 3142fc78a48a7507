// What the API server says about itself: `/version`, and whether `/apis` still lists
// policy/v1beta1 (PodSecurityPolicy, served up to 1.24; the whole group version is gone from 1.25).
import type { ServerVersion } from '../scan/cluster-reader.ts';
import { isRecord, MalformedObjectError } from './read-answer.ts';

/** `1`, `37`, and the `30+` EKS and GKE report for their minors, as numbers. */
function versionNumber(info: Record<string, unknown>, key: string): number {
  const value = info[key];
  const match = typeof value === 'string' ? /^(\d+)\+?$/.exec(value) : null;
  if (match === null) throw new MalformedObjectError(key, `is not a version number (${JSON.stringify(value)})`);
  return Number(match[1]);
}

/** The body of `GET /version` (k8s.io/apimachinery pkg/version Info). */
export function serverVersion(info: Record<string, unknown>): ServerVersion {
  const gitVersion = info['gitVersion'];
  if (typeof gitVersion !== 'string' || gitVersion === '') throw new MalformedObjectError('gitVersion', 'is not a non-empty string');
  return { gitVersion, major: versionNumber(info, 'major'), minor: versionNumber(info, 'minor') };
}

/** Whether the body of `GET /apis` (APIGroupList) lists the group version policy/v1beta1. */
export function servesPolicyV1beta1(groupList: Record<string, unknown>): boolean {
  const groups = groupList['groups'];
  if (!Array.isArray(groups)) throw new MalformedObjectError('groups', 'is not a list');
  return groups.some(
    (group) =>
      isRecord(group) &&
      group['name'] === 'policy' &&
      Array.isArray(group['versions']) &&
      group['versions'].some((version) => isRecord(version) && version['groupVersion'] === 'policy/v1beta1'),
  );
}
