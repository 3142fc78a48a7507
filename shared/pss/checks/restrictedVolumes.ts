// restrictedVolumes (restricted): upstream policy/check_restrictedVolumes.go.
//
// Inline volume sources are limited to those that do not reach the node or external storage.
// Fields: spec.volumes[*] source fields.
// Allowed: a volume with any of ALLOWED_VOLUME_SOURCES (configMap, csi, ..., secret; see
//   ../volume-sources.ts) set (non-null) passes, whatever else it sets.
// Any other volume fails; its type is the first of RESTRICTED_VOLUME_SOURCES (hostPath, ...,
//   storageos) that it sets, else "unknown" (no source, or one this API does not know).
// v1.0: one definition for every version; overrides hostPathVolumes at restricted.

import type { ObjectMeta, PodSpec, Volume } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { sortedDistinct } from '../go-string-order.ts';
import { ALLOWED_VOLUME_SOURCES, RESTRICTED_VOLUME_SOURCES } from '../volume-sources.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { joinQuote, pluralize } from './detail-format.ts';

const NO_VOLUME: Volume = Object.freeze({});

function usesAllowedSource(volume: Volume): boolean {
  for (const source of ALLOWED_VOLUME_SOURCES) {
    if (volume[source] != null) return true;
  }
  return false;
}

function restrictedType(volume: Volume): string {
  for (const source of RESTRICTED_VOLUME_SOURCES) {
    if (volume[source] != null) return source;
  }
  return 'unknown';
}

function restrictedVolumes1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
  const volumes = spec.volumes;
  if (volumes == null) return ALLOWED;
  let badVolumes: string[] | undefined;
  let badTypes: string[] | undefined;
  for (let i = 0; i < volumes.length; i++) {
    // A null entry decodes in Go to a volume with no name and no source.
    const volume = volumes[i] ?? NO_VOLUME;
    if (usesAllowedSource(volume)) continue;
    (badVolumes ??= []).push(volume.name ?? '');
    (badTypes ??= []).push(restrictedType(volume));
  }

  if (badVolumes === undefined) return ALLOWED;
  const types = sortedDistinct(badTypes ?? []);
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ${pluralize('uses', 'use', badVolumes.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
  );
}

export const restrictedVolumes: CheckDefinition = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minimumVersion: v1(0), checkPod: restrictedVolumes1_0, overrides: ['hostPathVolumes'] }],
};
