// The defaults the apiserver applies while decoding, before PodSecurity sees the object, where
// they change what a check reads (k8s.io/kubernetes pkg/apis/core/v1/defaults.go, v1.37). The
// evaluator, like upstream's policy package, judges what it is given and defaults nothing.
import { ALLOWED_VOLUME_SOURCES, RESTRICTED_VOLUME_SOURCES } from '../pss/volume-sources.ts';
import { isJsonObject, type JsonObject } from './json-value.ts';

/** Every field of core/v1 VolumeSource (k8s.io/api core/v1 types.go). */
const VOLUME_SOURCES: ReadonlySet<string> = new Set([...ALLOWED_VOLUME_SOURCES, ...RESTRICTED_VOLUME_SOURCES]);

/**
 * The spec PodSecurity would see for this template. `isPod` because some defaults apply to Pods
 * only, "for historical reasons" not to pod templates (SetDefaults_Pod vs SetDefaults_PodSpec).
 * Expects a spec without nulls (JSON null is an absent field to Go).
 */
export function withApiserverDefaults(spec: JsonObject, isPod: boolean): JsonObject {
  const defaulted: JsonObject = { ...spec };
  if (Array.isArray(spec['volumes'])) defaulted['volumes'] = spec['volumes'].map(defaultVolume);
  if (isPod && spec['hostNetwork'] === true) {
    for (const list of ['containers', 'initContainers'] as const) {
      if (Array.isArray(spec[list])) defaulted[list] = spec[list].map(defaultHostNetworkPorts);
    }
  }
  return defaulted;
}

/**
 * SetDefaults_Volume: a volume with no source the API knows becomes an emptyDir. Go drops unknown
 * fields while decoding, so a misspelt source (`hostpath:`) is an emptyDir to the apiserver too.
 */
function defaultVolume(volume: unknown): unknown {
  // A volume has a few fields, the sources are many: its own fields are the ones looked up.
  if (!isJsonObject(volume) || Object.keys(volume).some((field) => VOLUME_SOURCES.has(field) && volume[field] !== undefined)) return volume;
  return { ...volume, emptyDir: {} };
}

/** SetDefaults_Pod -> defaultHostNetworkPorts: on the host network, a container port is a host port. */
function defaultHostNetworkPorts(container: unknown): unknown {
  if (!isJsonObject(container) || !Array.isArray(container['ports'])) return container;
  return {
    ...container,
    ports: container['ports'].map((port: unknown) =>
      isJsonObject(port) && (port['hostPort'] === undefined || port['hostPort'] === 0) && port['containerPort'] !== undefined
        ? { ...port, hostPort: port['containerPort'] }
        : port,
    ),
  };
}
