// The PodSecurity admission plugin's configuration (k8s.io/pod-security-admission admission/api:
// types.go, v1/defaults.go, validation/validation.go) and the limits the kube-apiserver fixes for
// namespace updates (admission/admission.go defaultNamespaceMaxPodsToCheck / PodCheckTimeout).
import type { Policy } from '../namespace-policy.ts';
import { LATEST } from '../version.ts';
import { parseConfigDefaults } from './config-defaults.ts';
import { parseConfigExemptions } from './config-exemptions.ts';
import { checkKnownFields, isPlainObject } from './config-fields.ts';

export interface PodSecurityExemptions {
  readonly usernames: readonly string[];
  readonly namespaces: readonly string[];
  readonly runtimeClasses: readonly string[];
}

export interface AdmissionConfig {
  /** What a mode is when its namespace labels leave it unset. */
  readonly defaults: Policy;
  readonly exemptions: PodSecurityExemptions;
}

/** At most this many pods are evaluated when a namespace update tightens enforce. */
export const NAMESPACE_MAX_PODS_TO_CHECK = 3000;
/** ...and for at most this long (further capped by half the request's remaining deadline). */
export const NAMESPACE_POD_CHECK_TIMEOUT_MS = 1000;

/** The time the apiserver gives pod checks: 1 s, or half the request's remaining time if less. */
export function namespacePodCheckTimeoutMs(requestRemainingMs?: number): number {
  if (requestRemainingMs === undefined) return NAMESPACE_POD_CHECK_TIMEOUT_MS;
  return Math.min(NAMESPACE_POD_CHECK_TIMEOUT_MS, requestRemainingMs / 2);
}

const PRIVILEGED_LATEST = { level: 'privileged', version: LATEST } as const;

/** What an apiserver started without a PodSecurity configuration uses: privileged:latest for every mode. */
export const DEFAULT_ADMISSION_CONFIG: AdmissionConfig = Object.freeze({
  defaults: { enforce: PRIVILEGED_LATEST, audit: PRIVILEGED_LATEST, warn: PRIVILEGED_LATEST },
  exemptions: { usernames: [], namespaces: [], runtimeClasses: [] },
});

export const POD_SECURITY_CONFIGURATION_GROUP = 'pod-security.admission.config.k8s.io';
export const POD_SECURITY_CONFIGURATION_KIND = 'PodSecurityConfiguration';
/** Every version the plugin's scheme registers; all three have the same fields and defaults. */
export const POD_SECURITY_CONFIGURATION_API_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'].map(
  (v) => `${POD_SECURITY_CONFIGURATION_GROUP}/${v}`,
);

export type ParsedAdmissionConfig = { ok: true; config: AdmissionConfig } | { ok: false; errors: string[] };

/**
 * Reads a PodSecurityConfiguration object (already decoded from YAML or JSON): checks apiVersion
 * and kind, refuses unknown fields as the plugin's strict decoder does, fills unset defaults with
 * privileged / latest, and validates values. Each error names its field.
 */
export function parsePodSecurityConfiguration(value: unknown): ParsedAdmissionConfig {
  if (!isPlainObject(value)) return { ok: false, errors: ['PodSecurityConfiguration: must be an object'] };
  const errors: string[] = [];
  if (typeof value['apiVersion'] !== 'string' || !POD_SECURITY_CONFIGURATION_API_VERSIONS.includes(value['apiVersion'])) {
    errors.push(`apiVersion: Unsupported value: ${JSON.stringify(value['apiVersion'] ?? null)}: supported values: ${POD_SECURITY_CONFIGURATION_API_VERSIONS.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if (value['kind'] !== POD_SECURITY_CONFIGURATION_KIND) {
    errors.push(`kind: Unsupported value: ${JSON.stringify(value['kind'] ?? null)}: supported values: "${POD_SECURITY_CONFIGURATION_KIND}"`);
  }
  errors.push(...checkKnownFields(value, '', ['apiVersion', 'kind', 'defaults', 'exemptions']));

  const defaults = parseConfigDefaults(value['defaults']);
  const exemptions = parseConfigExemptions(value['exemptions']);
  errors.push(...defaults.errors, ...exemptions.errors);
  if (errors.length > 0 || defaults.policy === undefined || exemptions.exemptions === undefined) return { ok: false, errors };
  return { ok: true, config: { defaults: defaults.policy, exemptions: exemptions.exemptions } };
}

export function isExemptNamespace(config: AdmissionConfig, namespace: string): boolean {
  return namespace !== '' && config.exemptions.namespaces.includes(namespace);
}

export function isExemptUser(config: AdmissionConfig, userName: string | undefined): boolean {
  return userName !== undefined && userName !== '' && config.exemptions.usernames.includes(userName);
}

export function isExemptRuntimeClass(config: AdmissionConfig, runtimeClassName: string | undefined): boolean {
  return runtimeClassName !== undefined && runtimeClassName !== '' && config.exemptions.runtimeClasses.includes(runtimeClassName);
}
