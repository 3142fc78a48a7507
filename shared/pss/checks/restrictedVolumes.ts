// restrictedVolumes (restricted): upstream policy/check_restrictedVolumes.go.
//
// Inline volume sources are limited to those that do not reach the node or external storage.
// Fields: spec.volumes[*] source fields.
// Allowed: a volume with any of configMap, csi, downwardAPI, emptyDir, ephemeral, image,
//   persistentVolumeClaim, projected, secret set (non-null) passes, whatever else it sets.
// Any other volume fails; its type is the first of hostPath, gcePersistentDisk,
//   awsElasticBlockStore, gitRepo, nfs, iscsi, glusterfs, rbd, flexVolume, cinder, cephfs, flocker,
//   fc, azureFile, vsphereVolume, quobyte, azureDisk, photonPersistentDisk, portworxVolume,
//   scaleIO, storageos that it sets, else "unknown" (no source, or one this API does not know).
// v1.0: one definition for every version; overrides hostPathVolumes at restricted.

import type { ObjectMeta, PodSpec, Volume } from '../pod.ts';
import type { CheckResult } from '../verdict.ts';
import { v1 } from '../version.ts';
import { ALLOWED, forbidden, type CheckDefinition } from './check-definition.ts';
import { joinQuote, pluralize } from './detail-format.ts';
import { sortedDistinct } from './sorted-set.ts';

const ALLOWED_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

// Upstream's order, which decides the type reported for a volume that sets several.
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

const NO_VOLUME: Volume = Object.freeze({});

function usesAllowedSource(volume: Volume): boolean {
  for (const source of ALLOWED_SOURCES) {
    if (volume[source] != null) return true;
  }
  return false;
}

function restrictedType(volume: Volume): string {
  for (const source of RESTRICTED_SOURCES) {
    if (volume[source] != null) return source;
  }
  return 'unknown';
}

export function restrictedVolumes1_0(_metadata: ObjectMeta, spec: PodSpec): CheckResult {
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
