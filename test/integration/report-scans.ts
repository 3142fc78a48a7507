// A small fleet over several nights for the auditor report's tests, made by the real scanner on
// real apiservers (never by hand): two clusters, each its own kube-apiserver, scanned night after
// night while their namespaces change. The scans run now; the clock handed to the scanner is moved
// to the night each stands for (a fixed offset, so every duration stays real).
//
//   payments (an EKS-like identity), target restricted:latest for its own namespaces
//     11-24  rpt-shop baseline, clean (ready-to-promote); rpt-web restricted, clean; rpt-legacy
//            unlabelled with a privileged Deployment
//     11-25  a root Deployment `worker` in rpt-shop (blocked at the target); scanned twice that
//            night, the second scan (a retry) is the night's
//     11-26  rpt-legacy labelled enforce=baseline: the privileged Deployment lingers in place
//     11-27  unchanged
//     11-28  `worker` removed from rpt-shop
//   a hostile kubeconfig context name (starts with `-`, holds markup), target baseline:latest
//     11-24  rpt-tools enforce=privileged with a pod adding capabilities whose names are a
//            spreadsheet formula and a script element (the apiserver takes any capability name)
//     11-25  unchanged;  11-26 not scanned;  11-27 unchanged;  not scanned 11-28
import { KubeConfig, PatchStrategy, setHeaderOptions, type V1PodSpec } from '@kubernetes/client-node';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import { parsePodSecurityConfiguration } from '../../shared/pss/admission/admission-config.ts';
import { podSecurityConfigurationDocument, type PodSecurityConfiguration } from '../../shared/pss/admission/pod-security-configuration.ts';
import { LATEST } from '../../shared/pss/version.ts';
import type { Level } from '../../shared/pss/level.ts';
import { scanCluster } from '../../shared/scan/scan-cluster.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import type { ClusterPolicy } from '../../shared/targets/cluster-policy.ts';
import type { ServersInfo } from '../harness/servers.ts';
import { PRIVILEGED_SPEC, RESTRICTED_SPEC, ROOT_SPEC } from '../support/playbook/playbook-cluster.ts';
import { adminApis, createBarePod, createDeployment, type AdminApis } from '../support/playbook/workloads.ts';
import { coreApi, eventually, patchNamespaceLabels } from './support/kube.ts';

export const REPORT_POD_SECURITY: PodSecurityConfiguration = {
  defaults: { enforce: 'privileged', 'enforce-version': 'latest', audit: 'privileged', 'audit-version': 'latest', warn: 'privileged', 'warn-version': 'latest' },
  exemptions: { namespaces: [], runtimeClasses: [], usernames: [] },
};

export const PAYMENTS: ClusterIdentity = { account: '123456789012', region: 'eu-west-1', name: 'payments' };
/** A kubeconfig context name may be any text: this one is a formula to a spreadsheet and markup to a page. */
export const HOSTILE_NAME = '-2+3 <img src=x onerror="alert(1)"> ops';
export const HOSTILE: ClusterIdentity = { account: 'local', region: 'local', name: HOSTILE_NAME };
export const HOSTILE_CAPABILITIES = ["=HYPERLINK(\"http://evil.invalid\",\"x\")", '<script>alert("cap")</script>'];

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export type ReportClusterName = 'payments' | 'hostile';

function clusterPolicy(target: Level): ClusterPolicy {
  const parsed = parsePodSecurityConfiguration(podSecurityConfigurationDocument(REPORT_POD_SECURITY));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return {
    admission: parsed.config,
    targetFor: (namespace) =>
      SYSTEM_NAMESPACES.has(namespace.name)
        ? { target: undefined, allowPrivileged: true, source: 'clusters[0].namespaces[0]' }
        : { target: { level: target, version: LATEST }, allowPrivileged: false, source: 'clusters[0].namespaces[1]' },
  };
}

const TOOLBOX_SPEC: V1PodSpec = {
  containers: [{ name: 'toolbox', image: 'registry.k8s.io/pause:3.10', securityContext: { capabilities: { add: HOSTILE_CAPABILITIES } } }],
};

async function label(apis: AdminApis, namespace: string, labels: Record<string, string | null>): Promise<void> {
  await apis.core.patchNamespace({ name: namespace, body: { metadata: { labels } } }, MERGE_PATCH);
}

/** Until a dry-run of enforce=restricted on `namespace` names (or no longer names) a pod starting with `pod` (DESIGN.md fact 5). */
async function untilPodSecuritySees(adminKubeconfig: string, namespace: string, pod: string, present: boolean): Promise<void> {
  const admin = coreApi(adminKubeconfig);
  const mentions = (warnings: readonly string[]): boolean => warnings.some((w) => w.startsWith(pod));
  const outcome = await eventually(
    () => patchNamespaceLabels(admin, namespace, { [ENFORCE]: 'restricted' }, { dryRun: true }),
    (o) => mentions(o.warnings) === present,
    30_000,
  );
  if (mentions(outcome.warnings) !== present) throw new Error(`PodSecurity's cache never ${present ? 'showed' : 'dropped'} ${namespace}/${pod}: ${outcome.warnings.join(' | ')}`);
}

export interface ReportNight {
  /** When the scan is recorded as started, ISO. */
  readonly at: string;
  readonly cluster: ReportClusterName;
  readonly change: (apis: AdminApis, adminKubeconfig: string) => Promise<void>;
}

const nothing = async (): Promise<void> => {};

export const REPORT_NIGHTS: readonly ReportNight[] = [
  {
    at: '2026-11-24T01:30:00.000Z',
    cluster: 'payments',
    change: async (apis, adminKubeconfig) => {
      for (const name of ['rpt-shop', 'rpt-web', 'rpt-legacy']) await apis.core.createNamespace({ body: { metadata: { name } } });
      await createDeployment(apis, 'rpt-shop', 'api', 2, RESTRICTED_SPEC);
      await createDeployment(apis, 'rpt-web', 'spa', 1, RESTRICTED_SPEC);
      await createDeployment(apis, 'rpt-legacy', 'monolith', 1, PRIVILEGED_SPEC);
      await label(apis, 'rpt-shop', { [ENFORCE]: 'baseline' });
      await label(apis, 'rpt-web', { [ENFORCE]: 'restricted' });
      await untilPodSecuritySees(adminKubeconfig, 'rpt-legacy', 'monolith-', true);
    },
  },
  {
    at: '2026-11-24T01:31:00.000Z',
    cluster: 'hostile',
    change: async (apis, adminKubeconfig) => {
      await apis.core.createNamespace({ body: { metadata: { name: 'rpt-tools' } } });
      await createBarePod(apis, 'rpt-tools', 'toolbox', TOOLBOX_SPEC);
      await label(apis, 'rpt-tools', { [ENFORCE]: 'privileged' });
      await untilPodSecuritySees(adminKubeconfig, 'rpt-tools', 'toolbox', true);
    },
  },
  {
    at: '2026-11-25T01:30:00.000Z',
    cluster: 'payments',
    change: async (apis, adminKubeconfig) => {
      await createDeployment(apis, 'rpt-shop', 'worker', 2, ROOT_SPEC);
      await untilPodSecuritySees(adminKubeconfig, 'rpt-shop', 'worker-', true);
    },
  },
  { at: '2026-11-25T01:31:00.000Z', cluster: 'hostile', change: nothing },
  { at: '2026-11-25T04:00:00.000Z', cluster: 'payments', change: nothing },
  {
    at: '2026-11-26T01:30:00.000Z',
    cluster: 'payments',
    change: async (apis) => {
      await label(apis, 'rpt-legacy', { [ENFORCE]: 'baseline' });
    },
  },
  { at: '2026-11-27T01:30:00.000Z', cluster: 'payments', change: nothing },
  { at: '2026-11-27T01:31:00.000Z', cluster: 'hostile', change: nothing },
  {
    at: '2026-11-28T01:30:00.000Z',
    cluster: 'payments',
    change: async (apis, adminKubeconfig) => {
      // No controllers run here: the Deployment, its ReplicaSet and its pods go one by one.
      await apis.apps.deleteNamespacedDeployment({ name: 'worker', namespace: 'rpt-shop' });
      // workloads.ts labels the pods, not the ReplicaSet: it is found by name.
      const replicaSets = await apis.apps.listNamespacedReplicaSet({ namespace: 'rpt-shop' });
      for (const rs of replicaSets.items.filter((r) => r.metadata?.name?.startsWith('worker-') === true)) {
        await apis.apps.deleteNamespacedReplicaSet({ name: rs.metadata?.name ?? '', namespace: 'rpt-shop' });
      }
      await apis.core.deleteCollectionNamespacedPod({ namespace: 'rpt-shop', labelSelector: 'app=worker', gracePeriodSeconds: 0 });
      await untilPodSecuritySees(adminKubeconfig, 'rpt-shop', 'worker-', false);
    },
  },
];

const IDENTITIES: Record<ReportClusterName, { readonly identity: ClusterIdentity; readonly target: Level }> = {
  payments: { identity: PAYMENTS, target: 'restricted' },
  hostile: { identity: HOSTILE, target: 'baseline' },
};

/** Applies the night's change to its cluster, then scans it with the clock moved to `night.at`. */
export async function applyAndScanNight(night: ReportNight, servers: Pick<ServersInfo, 'adminKubeconfig' | 'scannerKubeconfig' | 'apiserverUrl'>): Promise<ClusterSnapshot> {
  await night.change(adminApis(servers.adminKubeconfig), servers.adminKubeconfig);
  const { identity, target } = IDENTITIES[night.cluster];
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(servers.scannerKubeconfig);
  const reader = createKubeClusterReader({ identity, kubeConfig });
  const offset = Date.parse(night.at) - Date.now();
  try {
    const snapshot = await scanCluster(reader, {
      identity,
      server: servers.apiserverUrl,
      policy: { cluster: clusterPolicy(target), digest: 'report-test', source: null },
      scannerVersion: '0.0.0-test',
      runId: `report-test-${night.at}`,
      now: () => new Date(Date.now() + offset),
    });
    if (snapshot.outcome !== 'complete') throw new Error(`the scan of ${night.cluster} at ${night.at} was ${snapshot.outcome}: ${JSON.stringify(snapshot.errors)}`);
    return snapshot;
  } finally {
    await reader.close();
  }
}
