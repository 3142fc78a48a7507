// The PodSecurity admission plugin's configuration (k8s.io/pod-security-admission admission/api:
// types.go, v1/defaults.go, validation/validation.go), read from its wire format
// (pod-security-configuration.ts), and the pod limit the kube-apiserver fixes for namespace
// updates (admission/admission.go defaultNamespaceMaxPodsToCheck).
import type { Policy } from '../namespace-policy.ts';
import { LATEST } from '../version.ts';
import { parseConfigDefaults } from './config-defaults.ts';
import { parseConfigExemptions } from './config-exemptions.ts';
import { isJsonObject } from '../../manifest/json-value.ts';
import { checkKnownFields } from './config-fields.ts';
import {
  POD_SECURITY_CONFIGURATION_API_VERSIONS,
  POD_SECURITY_CONFIGURATION_KIND,
  type PodSecurityExemptions,
} from './pod-security-configuration.ts';

export interface AdmissionConfig {
  /** What a mode is when its namespace labels leave it unset. */
  readonly defaults: Policy;
  readonly exemptions: PodSecurityExemptions;
}

/**
 * At most this many pods are evaluated when a namespace update tightens enforce (and for at most
 * 1 s, or half the request's remaining time: a budget only the server can measure).
 */
export const NAMESPACE_MAX_PODS_TO_CHECK = 3000;

const PRIVILEGED_LATEST = { level: 'privileged', version: LATEST } as const;

/** What an apiserver started without a PodSecurity configuration uses: privileged:latest for every mode. */
export const DEFAULT_ADMISSION_CONFIG: AdmissionConfig = Object.freeze({
  defaults: { enforce: PRIVILEGED_LATEST, audit: PRIVILEGED_LATEST, warn: PRIVILEGED_LATEST },
  exemptions: { usernames: [], namespaces: [], runtimeClasses: [] },
});

export type ParsedAdmissionConfig = { ok: true; config: AdmissionConfig } | { ok: false; errors: string[] };

/**
 * Reads a PodSecurityConfiguration object (already decoded from YAML or JSON): checks apiVersion
 * and kind, refuses unknown fields as the plugin's strict decoder does, fills unset defaults with
 * privileged / latest, and validates values. Each error names its field.
 */
export function parsePodSecurityConfiguration(value: unknown): ParsedAdmissionConfig {
  if (!isJsonObject(value)) return { ok: false, errors: ['PodSecurityConfiguration: must be an object'] };
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

export function isExemptRuntimeClass(config: AdmissionConfig, runtimeClassName: string | undefined): boolean {
  return runtimeClassName !== undefined && runtimeClassName !== '' && config.exemptions.runtimeClasses.includes(runtimeClassName);
}
