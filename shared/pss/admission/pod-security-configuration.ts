// The PodSecurityConfiguration wire format (k8s.io/pod-security-admission admission/api/v1
// types.go): the document an apiserver's AdmissionConfiguration carries for the PodSecurity
// plugin. Plain data; parsePodSecurityConfiguration (admission-config.ts) reads it.

export const POD_SECURITY_CONFIGURATION_GROUP = 'pod-security.admission.config.k8s.io';
export const POD_SECURITY_CONFIGURATION_KIND = 'PodSecurityConfiguration';
/** The version the harness writes and the examples use. */
export const POD_SECURITY_CONFIGURATION_API_VERSION = `${POD_SECURITY_CONFIGURATION_GROUP}/v1`;
/** Every version the plugin's scheme registers; all three have the same fields and defaults. */
export const POD_SECURITY_CONFIGURATION_API_VERSIONS: readonly string[] = ['v1', 'v1beta1', 'v1alpha1'].map(
  (v) => `${POD_SECURITY_CONFIGURATION_GROUP}/${v}`,
);

export type PodSecurityLevelName = 'privileged' | 'baseline' | 'restricted';

/** `defaults`: a level and a version (`latest` or `v1.N`) per mode. */
export interface PodSecurityDefaults {
  readonly enforce: PodSecurityLevelName;
  readonly 'enforce-version': string;
  readonly audit: PodSecurityLevelName;
  readonly 'audit-version': string;
  readonly warn: PodSecurityLevelName;
  readonly 'warn-version': string;
}

/** `exemptions`. */
export interface PodSecurityExemptions {
  readonly usernames: readonly string[];
  readonly runtimeClasses: readonly string[];
  readonly namespaces: readonly string[];
}

/** The document without its type metadata, as the harness configures a cluster. */
export interface PodSecurityConfiguration {
  readonly defaults: PodSecurityDefaults;
  readonly exemptions: PodSecurityExemptions;
}

/** The whole document, with apiVersion and kind. */
export interface PodSecurityConfigurationDocument extends PodSecurityConfiguration {
  readonly apiVersion: string;
  readonly kind: typeof POD_SECURITY_CONFIGURATION_KIND;
}

/** Kubernetes' own defaults (and EKS's): privileged:latest for every mode, nothing exempt. */
export const KUBERNETES_DEFAULT_POD_SECURITY: PodSecurityConfiguration = Object.freeze({
  defaults: Object.freeze({
    enforce: 'privileged',
    'enforce-version': 'latest',
    audit: 'privileged',
    'audit-version': 'latest',
    warn: 'privileged',
    'warn-version': 'latest',
  }),
  exemptions: Object.freeze({ usernames: [], runtimeClasses: [], namespaces: [] }),
});

/** `configuration` with apiVersion and kind: what the apiserver reads (and the parser expects). */
export function podSecurityConfigurationDocument(configuration: PodSecurityConfiguration): PodSecurityConfigurationDocument {
  return {
    apiVersion: POD_SECURITY_CONFIGURATION_API_VERSION,
    kind: POD_SECURITY_CONFIGURATION_KIND,
    defaults: configuration.defaults,
    exemptions: configuration.exemptions,
  };
}
