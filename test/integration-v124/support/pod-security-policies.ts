// PodSecurityPolicies (policy/v1beta1, served up to 1.24) for tests against the 1.24 apiserver, and
// the RBAC that lets an identity `use` one. With the PodSecurityPolicy admission plugin on, a pod
// is created only if a PSP admits it that its creator (or its service account) may use; members of
// system:masters may use every PSP, but while none exists even they are refused.
//
// PSP admission tries the policies that admit a pod unchanged first (by name), then the mutating
// ones (by name) (kubernetes pkg/security/podsecuritypolicy, plugin/pkg/admission/security/podsecuritypolicy
// admission.go computeSecurityContext): a permissive, non-mutating PSP lets a test create exactly the
// pod it asks for. Every admitted pod gets the annotation `kubernetes.io/psp: <policy name>`.
//
// client-node 2 has no typed API for policy/v1beta1: PSPs go through CustomObjectsApi.

import {
  CustomObjectsApi,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type RbacV1Subject,
} from '@kubernetes/client-node';

export const PSP_GROUP = 'policy';
export const PSP_VERSION = 'v1beta1';
export const PSP_PLURAL = 'podsecuritypolicies';
/** The annotation PSP admission writes on each pod it admits. */
export const PSP_ANNOTATION = 'kubernetes.io/psp';

/** The policy/v1beta1 PodSecurityPolicy fields the tests set (the API has more). */
export interface PodSecurityPolicy {
  readonly apiVersion: `${typeof PSP_GROUP}/${typeof PSP_VERSION}`;
  readonly kind: 'PodSecurityPolicy';
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: Readonly<Record<string, unknown>>;
}

/**
 * Admits every pod and changes none: no rule generates a value (RunAsAny everywhere, no default
 * capabilities, no default seccomp or AppArmor profile). The seccomp annotation is needed: without
 * an allowed-profiles list, PSP refuses any pod that sets a seccomp profile.
 */
export const PRIVILEGED_PSP: PodSecurityPolicy = {
  apiVersion: 'policy/v1beta1',
  kind: 'PodSecurityPolicy',
  metadata: {
    name: 'psa-harness-privileged',
    annotations: { 'seccomp.security.alpha.kubernetes.io/allowedProfileNames': '*' },
  },
  spec: {
    privileged: true,
    allowPrivilegeEscalation: true,
    allowedCapabilities: ['*'],
    volumes: ['*'],
    hostNetwork: true,
    hostPorts: [{ min: 0, max: 65535 }],
    hostIPC: true,
    hostPID: true,
    allowedUnsafeSysctls: ['*'],
    allowedProcMountTypes: ['Default', 'Unmasked'],
    runAsUser: { rule: 'RunAsAny' },
    seLinux: { rule: 'RunAsAny' },
    supplementalGroups: { rule: 'RunAsAny' },
    fsGroup: { rule: 'RunAsAny' },
  },
};

/**
 * The "restricted" example of the Kubernetes PSP documentation: it mutates what it admits. A pod
 * that sets nothing gets allowPrivilegeEscalation: false, capabilities.drop [ALL] and runAsNonRoot:
 * true on each container, fsGroup and supplementalGroups, and the runtime/default seccomp profile.
 * Pods admitted this way look compliant while the templates they came from are not: the
 * PSP-removal regression in miniature.
 */
export const RESTRICTED_MUTATING_PSP: PodSecurityPolicy = {
  apiVersion: 'policy/v1beta1',
  kind: 'PodSecurityPolicy',
  metadata: {
    name: 'psa-harness-restricted',
    annotations: {
      'seccomp.security.alpha.kubernetes.io/allowedProfileNames': 'docker/default,runtime/default',
      'seccomp.security.alpha.kubernetes.io/defaultProfileName': 'runtime/default',
    },
  },
  spec: {
    privileged: false,
    allowPrivilegeEscalation: false,
    requiredDropCapabilities: ['ALL'],
    volumes: ['configMap', 'emptyDir', 'projected', 'secret', 'downwardAPI', 'csi', 'persistentVolumeClaim', 'ephemeral'],
    hostNetwork: false,
    hostIPC: false,
    hostPID: false,
    runAsUser: { rule: 'MustRunAsNonRoot' },
    seLinux: { rule: 'RunAsAny' },
    supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 65535 }] },
    fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 65535 }] },
    readOnlyRootFilesystem: false,
  },
};

export async function createPodSecurityPolicy(config: KubeConfig, policy: PodSecurityPolicy): Promise<void> {
  await config.makeApiClient(CustomObjectsApi).createClusterCustomObject({ group: PSP_GROUP, version: PSP_VERSION, plural: PSP_PLURAL, body: policy });
}

/** Lets `subjects` use the PSP `policyName` (a ClusterRole and its binding, both named after the policy). */
export async function allowUse(config: KubeConfig, policyName: string, subjects: readonly RbacV1Subject[]): Promise<void> {
  const rbac = config.makeApiClient(RbacAuthorizationV1Api);
  const name = `psp-use-${policyName}`;
  await rbac.createClusterRole({
    body: {
      metadata: { name },
      rules: [{ apiGroups: [PSP_GROUP], resources: [PSP_PLURAL], resourceNames: [policyName], verbs: ['use'] }],
    },
  });
  await rbac.createClusterRoleBinding({
    body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [...subjects] },
  });
}

/**
 * Creates the privileged PSP: from then on the harness admin (system:masters, which may use every
 * PSP without a binding) creates pods exactly as sent; `users` may use it too.
 */
export async function admitEveryPodUnchanged(admin: KubeConfig, users: readonly string[] = []): Promise<void> {
  await createPodSecurityPolicy(admin, PRIVILEGED_PSP);
  if (users.length === 0) return;
  await allowUse(
    admin,
    PRIVILEGED_PSP.metadata.name,
    users.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name })),
  );
}
