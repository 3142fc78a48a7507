// The migration playbook's enterprise case in small, built on a real apiserver: one namespace per
// situation the scanner must get right, each with the state it must end in. Pods are created before
// the namespace is labelled, so violating pods can be "admitted before the label", as on a cluster
// that was labelled after the fact.
import { PatchStrategy, setHeaderOptions, type V1PodSpec } from '@kubernetes/client-node';
import type { NamespaceState } from '../../../shared/snapshot/snapshot-schema.ts';
import { adminApis, createBarePod, createCronJob, createDaemonSet, createDeployment, type AdminApis } from './workloads.ts';

const IMAGE = 'registry.k8s.io/pause:3.10';
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';
const AUDIT = 'pod-security.kubernetes.io/audit';
const WARN = 'pod-security.kubernetes.io/warn';

/** Passes restricted at every version. */
export const RESTRICTED_SPEC: V1PodSpec = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'app', image: IMAGE, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
};
/** No security settings: passes baseline, fails restricted (runs as root, may escalate, keeps capabilities, no seccomp). */
export const ROOT_SPEC: V1PodSpec = { containers: [{ name: 'app', image: IMAGE }] };
export const PRIVILEGED_SPEC: V1PodSpec = { containers: [{ name: 'app', image: IMAGE, securityContext: { privileged: true } }] };
/** What a log-shipping DaemonSet does: mounts the node's /var/log. */
export const HOST_PATH_SPEC: V1PodSpec = {
  containers: [{ name: 'shipper', image: IMAGE, volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }] }],
  volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
};
/** Allowed at baseline from v1.37 only (sysctls check, v1.37 definition). */
export const SYSCTL_137_SPEC: V1PodSpec = {
  securityContext: { sysctls: [{ name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' }] },
  containers: [{ name: 'app', image: IMAGE }],
};

export interface PlaybookNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** What a scan must conclude. */
  readonly state: NamespaceState;
  readonly build: (apis: AdminApis, namespace: string) => Promise<void>;
}

export const EXEMPT_NAMESPACE = 'pb-exempt';
/** The fleet policy allows this one to stay privileged. */
export const SYSTEM_NAMESPACE = 'pb-system';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The namespaces, each with what makes it that case. `bigPods` sizes the namespace past the 3000-pod limit. */
export function playbookNamespaces(options: { bigPods?: number } = {}): PlaybookNamespace[] {
  const bigPods = options.bigPods ?? 3001;
  return [
    {
      name: 'pb-payments',
      // enforce=baseline with restricted audit/warn: on its way to restricted, blocked by root pods
      labels: { [ENFORCE]: 'baseline', [AUDIT]: 'restricted', [WARN]: 'restricted' },
      state: 'blocked-at-target',
      build: (apis, ns) => createDeployment(apis, ns, 'api', 3, ROOT_SPEC),
    },
    {
      name: 'pb-checkout',
      // enforce=restricted put on after a violating pod was running: the label alone proves nothing
      labels: { [ENFORCE]: 'restricted' },
      state: 'enforced-lingering-violations',
      build: async (apis, ns) => {
        await createDeployment(apis, ns, 'web', 2, RESTRICTED_SPEC);
        await createBarePod(apis, ns, 'debug-shell', ROOT_SPEC);
      },
    },
    {
      name: 'pb-logging',
      labels: { [WARN]: 'baseline' },
      state: 'unlabelled',
      build: (apis, ns) => createDaemonSet(apis, ns, 'log-shipper', 2, HOST_PATH_SPEC),
    },
    {
      name: 'pb-legacy',
      labels: {},
      state: 'unlabelled',
      build: (apis, ns) => createDeployment(apis, ns, 'monolith', 1, PRIVILEGED_SPEC),
    },
    {
      name: 'pb-frontend',
      labels: { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'latest' },
      state: 'enforced-compliant',
      build: (apis, ns) => createDeployment(apis, ns, 'spa', 2, RESTRICTED_SPEC),
    },
    {
      name: 'pb-tuned',
      // pinned newer than the server: evaluated as the server's own version
      labels: { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.40' },
      state: 'enforced-compliant',
      build: (apis, ns) => createDeployment(apis, ns, 'cache', 1, SYSCTL_137_SPEC),
    },
    {
      name: 'pb-batch',
      // nothing runs, so a dry-run comes back clean; the templates say otherwise
      labels: { [ENFORCE]: 'baseline', [WARN]: 'restricted' },
      state: 'blocked-at-target',
      build: async (apis, ns) => {
        await createDeployment(apis, ns, 'reports', 0, ROOT_SPEC);
        await createCronJob(apis, ns, 'nightly-export', ROOT_SPEC, { suspend: true, runs: 0 });
      },
    },
    {
      name: 'pb-ready',
      labels: { [ENFORCE]: 'baseline', [WARN]: 'restricted' },
      state: 'ready-to-promote',
      build: (apis, ns) => createDeployment(apis, ns, 'worker', 2, RESTRICTED_SPEC),
    },
    {
      name: EXEMPT_NAMESPACE,
      labels: { [ENFORCE]: 'restricted' },
      state: 'exempt',
      build: (apis, ns) => createBarePod(apis, ns, 'node-agent', PRIVILEGED_SPEC),
    },
    {
      name: SYSTEM_NAMESPACE,
      // a CNI-like agent: privileged by necessity, and the fleet policy allows it
      labels: {},
      state: 'privileged-allowed',
      build: (apis, ns) => createDaemonSet(apis, ns, 'cni-agent', 2, PRIVILEGED_SPEC),
    },
    {
      name: 'pb-big',
      labels: { [WARN]: 'restricted' },
      state: 'unlabelled',
      build: (apis, ns) => createDeployment(apis, ns, 'fleet', bigPods, ROOT_SPEC),
    },
  ];
}

/** Creates every namespace's objects, then labels the namespaces (pods first: see the header). */
export async function buildPlaybookCluster(adminKubeconfig: string, namespaces: readonly PlaybookNamespace[]): Promise<void> {
  const apis = adminApis(adminKubeconfig);
  for (const namespace of namespaces) {
    await apis.core.createNamespace({ body: { metadata: { name: namespace.name } } });
    await namespace.build(apis, namespace.name);
  }
  for (const namespace of namespaces) {
    if (Object.keys(namespace.labels).length === 0) continue;
    await apis.core.patchNamespace({ name: namespace.name, body: { metadata: { labels: namespace.labels } } }, MERGE_PATCH);
  }
}
