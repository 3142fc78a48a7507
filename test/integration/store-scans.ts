// Snapshots for the store tests, made by the real scanner on a real apiserver (never by hand): a
// small cluster (a namespace enforcing baseline with a clean Deployment, an unlabelled one with a
// privileged pod), scanned as the scanner identity through the real kube client. Scans started
// together overlap in time, as two scans of one cluster racing for its chain do.
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import { parsePodSecurityConfiguration } from '../../shared/pss/admission/admission-config.ts';
import { podSecurityConfigurationDocument, type PodSecurityConfiguration } from '../../shared/pss/admission/pod-security-configuration.ts';
import { scanCluster } from '../../shared/scan/scan-cluster.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import type { ClusterPolicy } from '../../shared/targets/cluster-policy.ts';
import type { ServersInfo } from '../harness/servers.ts';
import { PRIVILEGED_SPEC, RESTRICTED_SPEC } from '../support/playbook/playbook-cluster.ts';
import { adminApis, createBarePod, createDeployment } from '../support/playbook/workloads.ts';
import { coreApi, eventually, patchNamespaceLabels } from './support/kube.ts';

export const STORE_POD_SECURITY: PodSecurityConfiguration = {
  defaults: { enforce: 'privileged', 'enforce-version': 'latest', audit: 'privileged', 'audit-version': 'latest', warn: 'privileged', 'warn-version': 'latest' },
  exemptions: { namespaces: [], runtimeClasses: [], usernames: [] },
};

export const STORE_CLUSTER: ClusterIdentity = { account: '123456789012', region: 'eu-west-1', name: 'store-chain' };

function clusterPolicy(): ClusterPolicy {
  const parsed = parsePodSecurityConfiguration(podSecurityConfigurationDocument(STORE_POD_SECURITY));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return { admission: parsed.config, targetFor: () => undefined };
}

/** Creates the namespaces and waits until PodSecurity's cache shows the privileged pod (DESIGN.md fact 5). */
export async function buildStoreCluster(adminKubeconfig: string): Promise<void> {
  const apis = adminApis(adminKubeconfig);
  await apis.core.createNamespace({ body: { metadata: { name: 'store-shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } } });
  await apis.core.createNamespace({ body: { metadata: { name: 'store-legacy' } } });
  await createDeployment(apis, 'store-shop', 'api', 2, RESTRICTED_SPEC);
  await createBarePod(apis, 'store-legacy', 'root-shell', PRIVILEGED_SPEC);
  const admin = coreApi(adminKubeconfig);
  const seen = await eventually(
    () => patchNamespaceLabels(admin, 'store-legacy', { 'pod-security.kubernetes.io/enforce': 'baseline' }, { dryRun: true }),
    (outcome) => outcome.warnings.some((w) => w.startsWith('root-shell')),
    30_000,
  );
  if (!seen.warnings.some((w) => w.startsWith('root-shell'))) throw new Error(`PodSecurity never saw store-legacy/root-shell: ${seen.warnings.join(' | ')}`);
}

let runs = 0;

/**
 * One scan of the cluster, recorded as `cluster` (so several chains can come from one apiserver).
 * Each gets its own runId, as each fleet run's scan does: two scans finishing in the same
 * millisecond would otherwise be the same document, which the store takes for a retried append.
 */
export async function scanStoreCluster(servers: Pick<ServersInfo, 'scannerKubeconfig' | 'apiserverUrl'>, cluster: ClusterIdentity = STORE_CLUSTER): Promise<ClusterSnapshot> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(servers.scannerKubeconfig);
  const reader = createKubeClusterReader({ identity: cluster, kubeConfig });
  try {
    const snapshot = await scanCluster(reader, {
      identity: cluster,
      server: servers.apiserverUrl,
      policy: { cluster: clusterPolicy(), digest: 'store-test', source: null },
      scannerVersion: '0.0.0-test',
      runId: `store-test-${process.pid}-${++runs}`,
      now: () => new Date(),
    });
    if (snapshot.outcome !== 'complete') throw new Error(`the scan of ${cluster.name} was ${snapshot.outcome}: ${JSON.stringify(snapshot.errors)}`);
    return snapshot;
  } finally {
    await reader.close();
  }
}

/** `count` scans started together: their [startedAt, finishedAt] intervals all overlap. */
export async function scanTogether(servers: Pick<ServersInfo, 'scannerKubeconfig' | 'apiserverUrl'>, count: number, cluster: ClusterIdentity = STORE_CLUSTER): Promise<ClusterSnapshot[]> {
  const snapshots = await Promise.all(Array.from({ length: count }, () => scanStoreCluster(servers, cluster)));
  const lastStart = Math.max(...snapshots.map((s) => Date.parse(s.startedAt)));
  const firstFinish = Math.min(...snapshots.map((s) => Date.parse(s.finishedAt)));
  if (lastStart > firstFinish) throw new Error(`the ${count} scans did not overlap (last start ${lastStart} after first finish ${firstFinish})`);
  return snapshots;
}
