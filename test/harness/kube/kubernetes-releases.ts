// The Kubernetes releases the harness can start, and what a test set-up must do differently for
// each: `current` (KUBE_VERSION, built by `npm run setup`) and `1.24` (KUBE_1_24_VERSION, the last
// release that serves PodSecurityPolicy, built only for the tests that need it).

import { POD_SECURITY_CONFIGURATION_GROUP } from '../../../shared/pss/admission/pod-security-configuration.ts';
import { binaryPath, KUBE_1_24_VERSION, KUBE_VERSION } from '../setup-go.ts';

export type KubernetesRelease = 'current' | '1.24';

export const KUBERNETES_RELEASES: readonly KubernetesRelease[] = ['current', '1.24'];

export interface ReleaseProfile {
  readonly release: KubernetesRelease;
  /** What /version reports (set at build time, setup-go.ts). */
  readonly gitVersion: string;
  readonly apiserverBinary: string;
  readonly kubectlBinary: string;
  /** `--enable-admission-plugins`. */
  readonly admissionPlugins: readonly string[];
  /** The PodSecurityConfiguration version the release reads. */
  readonly podSecurityConfigurationApiVersion: string;
  /** admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (GA in 1.30): deny-real-writes.yaml applies. */
  readonly servesValidatingAdmissionPolicy: boolean;
  /** The command that builds the binaries when they are missing. */
  readonly buildCommand: string;
}

export const RELEASE_PROFILES: Readonly<Record<KubernetesRelease, ReleaseProfile>> = {
  current: {
    release: 'current',
    gitVersion: KUBE_VERSION,
    apiserverBinary: binaryPath('kube-apiserver'),
    kubectlBinary: binaryPath('kubectl'),
    admissionPlugins: ['PodSecurity'],
    podSecurityConfigurationApiVersion: `${POD_SECURITY_CONFIGURATION_GROUP}/v1`,
    servesValidatingAdmissionPolicy: true,
    buildCommand: 'npm run setup',
  },
  '1.24': {
    release: '1.24',
    gitVersion: KUBE_1_24_VERSION,
    apiserverBinary: binaryPath('kube-apiserver-1.24'),
    kubectlBinary: binaryPath('kubectl-1.24'),
    // PodSecurityPolicy (policy/v1beta1, removed in 1.25) beside PodSecurity (beta in 1.23-1.24).
    // With it on, every pod creation needs a PSP its creator may `use`, system:masters included.
    admissionPlugins: ['PodSecurityPolicy', 'PodSecurity'],
    // pod-security.admission.config.k8s.io/v1 arrived in 1.25; a 1.24 apiserver given it exits at start.
    podSecurityConfigurationApiVersion: `${POD_SECURITY_CONFIGURATION_GROUP}/v1beta1`,
    servesValidatingAdmissionPolicy: false,
    buildCommand: 'node test/harness/kube-1.24/ensure-binaries.ts',
  },
};

export function isKubernetesRelease(value: string): value is KubernetesRelease {
  return (KUBERNETES_RELEASES as readonly string[]).includes(value);
}
