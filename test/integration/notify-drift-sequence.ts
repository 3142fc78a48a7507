// A scripted drift sequence on a real apiserver, for the alert tests: the scanner scans the cluster
// after each step and diffSnapshots turns consecutive snapshots into the findings an alert carries.
//
//   baseline   shop (enforce baseline, clean at restricted), web (enforce restricted, clean),
//              legacy (unlabelled, a privileged Deployment)
//   relabel    web relabelled enforce=privileged                    -> enforcement removed
//   violate    a root pod in shop; legacy labelled enforce=baseline -> new target violation, violations in place
//   fix        the root pod and the privileged Deployment deleted, web restricted again -> good news only
//   unchanged  nothing                                               -> no findings
//
// Each step waits until PodSecurity's informer cache shows what the step did (DESIGN.md fact 5),
// so a scan never races the cache.
import { KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { FindingKind } from '../../shared/drift/finding-catalogue.ts';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import { parsePodSecurityConfiguration } from '../../shared/pss/admission/admission-config.ts';
import { podSecurityConfigurationDocument, type PodSecurityConfiguration } from '../../shared/pss/admission/pod-security-configuration.ts';
import { LATEST } from '../../shared/pss/version.ts';
import { scanCluster } from '../../shared/scan/scan-cluster.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import type { ClusterPolicy } from '../../shared/targets/cluster-policy.ts';
import type { ServersInfo } from '../harness/servers.ts';
import { PRIVILEGED_SPEC, RESTRICTED_SPEC, ROOT_SPEC } from '../support/playbook/playbook-cluster.ts';
import { adminApis, createBarePod, createDeployment, type AdminApis } from '../support/playbook/workloads.ts';
import { coreApi, eventually, patchNamespaceLabels } from './support/kube.ts';

/** Kubernetes' defaults: privileged for every mode, nothing exempt. */
export const DRIFT_POD_SECURITY: PodSecurityConfiguration = {
  defaults: { enforce: 'privileged', 'enforce-version': 'latest', audit: 'privileged', 'audit-version': 'latest', warn: 'privileged', 'warn-version': 'latest' },
  exemptions: { namespaces: [], runtimeClasses: [], usernames: [] },
};

/** An EKS-like identity, so subjects and attributes carry an account and a region. */
export const DRIFT_CLUSTER: ClusterIdentity = { account: '123456789012', region: 'eu-west-1', name: 'payments' };

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** The apiserver's own namespaces may stay privileged; every other one should reach restricted:latest. */
export function driftClusterPolicy(): ClusterPolicy {
  const parsed = parsePodSecurityConfiguration(podSecurityConfigurationDocument(DRIFT_POD_SECURITY));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return {
    admission: parsed.config,
    targetFor: (namespace) =>
      SYSTEM_NAMESPACES.has(namespace.name)
        ? { target: undefined, allowPrivileged: true, source: 'clusters[0].namespaces[0]' }
        : { target: { level: 'restricted', version: LATEST }, allowPrivileged: false, source: 'clusters[0].namespaces[1]' },
  };
}

/** One scan of the whole cluster as the scanner identity, through the real kube client. */
export async function scanDriftCluster(servers: Pick<ServersInfo, 'scannerKubeconfig' | 'apiserverUrl'>): Promise<ClusterSnapshot> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(servers.scannerKubeconfig);
  const reader = createKubeClusterReader({ identity: DRIFT_CLUSTER, kubeConfig });
  try {
    return await scanCluster(reader, {
      identity: DRIFT_CLUSTER,
      server: servers.apiserverUrl,
      policy: { cluster: driftClusterPolicy(), digest: 'notify-test', source: null },
      scannerVersion: '0.0.0-test',
      now: () => new Date(),
    });
  } finally {
    await reader.close();
  }
}

/**
 * Waits until a dry-run of enforce=restricted on `namespace` names (or no longer names) the pod
 * `pod`: PodSecurity evaluates the pods in its cache, so this is when a scan sees them too.
 */
async function untilPodSecuritySees(adminKubeconfig: string, namespace: string, pod: string, present: boolean): Promise<void> {
  const admin = coreApi(adminKubeconfig);
  const mentions = (warnings: readonly string[]): boolean => warnings.some((w) => w.startsWith(`${pod}`));
  const outcome = await eventually(
    () => patchNamespaceLabels(admin, namespace, { [ENFORCE]: 'restricted' }, { dryRun: true }),
    (o) => mentions(o.warnings) === present,
    30_000,
  );
  if (mentions(outcome.warnings) !== present) throw new Error(`PodSecurity's cache never ${present ? 'showed' : 'dropped'} ${namespace}/${pod}: ${outcome.warnings.join(' | ')}`);
}

async function label(apis: AdminApis, namespace: string, labels: Record<string, string | null>): Promise<void> {
  await apis.core.patchNamespace({ name: namespace, body: { metadata: { labels } } }, MERGE_PATCH);
}

export interface DriftStep {
  readonly name: string;
  /** The finding kinds diffSnapshots gives for this step against the one before (worst first). */
  readonly kinds: readonly FindingKind[];
  readonly apply: (apis: AdminApis, adminKubeconfig: string) => Promise<void>;
}

export const DRIFT_STEPS: readonly DriftStep[] = [
  {
    name: 'baseline',
    kinds: ['baseline'],
    apply: async (apis, adminKubeconfig) => {
      for (const name of ['shop', 'web', 'legacy']) await apis.core.createNamespace({ body: { metadata: { name } } });
      await createDeployment(apis, 'shop', 'api', 2, RESTRICTED_SPEC);
      await createDeployment(apis, 'web', 'spa', 2, RESTRICTED_SPEC);
      await createDeployment(apis, 'legacy', 'monolith', 1, PRIVILEGED_SPEC);
      await label(apis, 'shop', { [ENFORCE]: 'baseline' });
      await label(apis, 'web', { [ENFORCE]: 'restricted' });
      await untilPodSecuritySees(adminKubeconfig, 'legacy', 'monolith-', true);
    },
  },
  {
    name: 'relabel',
    kinds: ['enforcement-removed', 'ready-to-promote'],
    apply: async (apis) => {
      await label(apis, 'web', { [ENFORCE]: 'privileged' });
    },
  },
  {
    name: 'violate',
    kinds: ['violations-in-place', 'target-violations-new'],
    apply: async (apis, adminKubeconfig) => {
      await createBarePod(apis, 'shop', 'debug', ROOT_SPEC);
      await label(apis, 'legacy', { [ENFORCE]: 'baseline' });
      await untilPodSecuritySees(adminKubeconfig, 'shop', 'debug', true);
    },
  },
  {
    name: 'fix',
    kinds: ['ready-to-promote', 'violations-resolved'],
    apply: async (apis, adminKubeconfig) => {
      await apis.core.deleteNamespacedPod({ name: 'debug', namespace: 'shop', gracePeriodSeconds: 0 });
      // No garbage collector runs here: the ReplicaSet (unlabelled, as workloads.ts makes it) and the pods go too.
      await apis.apps.deleteNamespacedDeployment({ name: 'monolith', namespace: 'legacy' });
      const replicaSets = await apis.apps.listNamespacedReplicaSet({ namespace: 'legacy' });
      for (const rs of replicaSets.items) await apis.apps.deleteNamespacedReplicaSet({ name: rs.metadata?.name ?? '', namespace: 'legacy' });
      await apis.core.deleteCollectionNamespacedPod({ namespace: 'legacy', labelSelector: 'app=monolith', gracePeriodSeconds: 0 });
      await label(apis, 'web', { [ENFORCE]: 'restricted' });
      await untilPodSecuritySees(adminKubeconfig, 'shop', 'debug', false);
      await untilPodSecuritySees(adminKubeconfig, 'legacy', 'monolith-', false);
    },
  },
  {
    name: 'unchanged',
    kinds: [],
    apply: async () => {},
  },
];

/** Runs `step` and scans. */
export async function applyAndScan(step: DriftStep, servers: Pick<ServersInfo, 'adminKubeconfig' | 'scannerKubeconfig' | 'apiserverUrl'>): Promise<ClusterSnapshot> {
  await step.apply(adminApis(servers.adminKubeconfig), servers.adminKubeconfig);
  return scanDriftCluster(servers);
}
