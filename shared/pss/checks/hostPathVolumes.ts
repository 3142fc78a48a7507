// hostPathVolumes (baseline): upstream policy/check_hostPathVolumes.go.
//
// hostPath volumes are forbidden.
// Fields: spec.volumes[*].hostPath
// Allowed: undefined, null
// v1.0: one definition for every version. At restricted, restrictedVolumes overrides it (and
//   reports hostPath itself).

import type { ObjectMeta, PodSpec } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { joinQuote, pluralize } from './detail-format.ts';

function hostPathVolumes1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  const volumes = spec.volumes;
  if (volumes == null) return ALLOWED;
  let hostVolumes: string[] | undefined;
  for (let i = 0; i < volumes.length; i++) {
    const volume = volumes[i];
    if (volume?.hostPath != null) (hostVolumes ??= []).push(volume.name ?? '');
  }
  if (hostVolumes === undefined) return ALLOWED;
  return forbidden('hostPath volumes', `${pluralize('volume', 'volumes', hostVolumes.length)} ${joinQuote(hostVolumes)}`);
}

export const hostPathVolumes: CheckDefinition = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), checkPod: hostPathVolumes1_0 }],
};
