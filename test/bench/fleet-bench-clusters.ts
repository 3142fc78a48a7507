// The bench fleet's clusters: each a real kube-apiserver with its etcd and EKS token authenticator
// (the harness's startServers), all sharing one moto, configured as the local fleet's are
// (test/e2e/support/fleet-clusters.ts: Kubernetes' defaults, pb-exempt exempt), then filled with
// the planned namespaces (fleet-bench-plan.ts) through the admin identity. A namespace's objects
// are created before its labels, as on a cluster labelled after the fact.
import { readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { startServers, type Servers } from '../harness/servers.ts';
import { FLEET_POD_SECURITY, untilPodSecuritySees } from '../e2e/support/fleet-clusters.ts';
import { clusterArn, memberRoleArn } from '../e2e/support/fleet-aws.ts';
import { adminApis } from '../support/playbook/workloads.ts';
import { serverMemory, type ProcessMemory } from './fleet-bench-machine.ts';
import { BIG_PODS, BUSY_REPLICAS, BUSY_SERVICES, BUSY_SITUATION, namespacePlan, type BenchCluster } from './fleet-bench-plan.ts';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
/** Namespaces built at once on one cluster (each builds its pods 16 at a time). */
const NAMESPACES_AT_ONCE = 8;

export interface RunningBenchCluster {
  readonly spec: BenchCluster;
  readonly servers: Servers;
}

export async function startBenchCluster(spec: BenchCluster, moto: string): Promise<RunningBenchCluster> {
  const servers = await startServers({
    podSecurity: FLEET_POD_SECURITY,
    sharedMoto: moto,
    eksAuthenticator: { clusterName: spec.name, mappings: [{ arn: memberRoleArn(spec.account), username: 'psa-scanner', groups: ['psa-scanner'] }] },
  });
  return { spec, servers };
}

/** What a built cluster holds, counted through the API (not from the plan). */
export interface ClusterContents {
  readonly namespaces: number;
  readonly pods: number;
  /** Bytes of the pods' JSON as the apiserver lists them, per pod. */
  readonly podJsonBytes: number;
}

async function contents(adminKubeconfig: string): Promise<ClusterContents> {
  const config = new KubeConfig();
  config.loadFromFile(adminKubeconfig);
  const core = config.makeApiClient(CoreV1Api);
  const [namespaces, pods] = await Promise.all([core.listNamespace(), core.listPodForAllNamespaces()]);
  const bytes = pods.items.reduce((total, pod) => total + Buffer.byteLength(JSON.stringify(pod)), 0);
  return { namespaces: namespaces.items.length, pods: pods.items.length, podJsonBytes: pods.items.length === 0 ? 0 : bytes / pods.items.length };
}

/**
 * Builds the cluster's planned namespaces and waits until PodSecurity's informer cache holds the
 * pods of the last one of its largest situation (pb-big, or a busy namespace), so the night sees
 * every pod.
 */
export async function populateCluster(cluster: RunningBenchCluster): Promise<ClusterContents> {
  const apis = adminApis(cluster.servers.adminKubeconfig);
  const plan = namespacePlan(cluster.spec.namespaceCount, cluster.spec.profile);
  const limit = pLimit(NAMESPACES_AT_ONCE);
  await Promise.all(
    plan.map(({ name, situation }) =>
      limit(async () => {
        await apis.core.createNamespace({ body: { metadata: { name } } });
        await situation.build(apis, name);
        if (Object.keys(situation.labels).length > 0) {
          await apis.core.patchNamespace({ name, body: { metadata: { labels: situation.labels } } }, MERGE_PATCH);
        }
      }),
    ),
  );
  const lastBig = plan.findLast((n) => n.situation.name === 'pb-big');
  const lastBusy = plan.findLast((n) => n.situation === BUSY_SITUATION);
  // Every pod of a namespace has the same reasons: one warning line counts them all.
  const sentinel = lastBusy ?? lastBig;
  const pods = lastBusy === undefined ? BIG_PODS : BUSY_SERVICES * BUSY_REPLICAS;
  if (sentinel !== undefined) {
    await untilPodSecuritySees(cluster.servers.adminKubeconfig, sentinel.name, (w) => w.some((line) => line.includes(`(and ${pods - 1} other pods)`)));
  }
  return contents(cluster.servers.adminKubeconfig);
}

/** Memory of the cluster's own servers (the apiserver, its etcd, its EKS token authenticator). */
export interface ClusterServersMemory {
  readonly apiserver: ProcessMemory | undefined;
  readonly etcd: ProcessMemory | undefined;
  readonly authenticator: ProcessMemory | undefined;
  /** The three resident sets now. */
  readonly totalRssMb: number;
}

export function clusterServersMemory(cluster: RunningBenchCluster): ClusterServersMemory {
  const pid = (name: string): number | undefined => cluster.servers.pids[name];
  const of = (name: string): ProcessMemory | undefined => {
    const watchdog = pid(name);
    return watchdog === undefined ? undefined : serverMemory(watchdog);
  };
  const apiserver = of('kube-apiserver');
  const etcd = of('etcd');
  const authenticator = of('eks-authenticator');
  return { apiserver, etcd, authenticator, totalRssMb: [apiserver, etcd, authenticator].reduce((total, m) => total + (m?.rssMb ?? 0), 0) };
}

/** FLEET_CONFIG.endpointOverrides: each moto cluster's ARN -> its harness apiserver and CA. */
export async function endpointOverrides(clusters: readonly RunningBenchCluster[]): Promise<Record<string, { endpointUrl: string; certificateAuthorityData: string; tlsServerName: string }>> {
  return Object.fromEntries(
    await Promise.all(
      clusters.map(async ({ spec, servers }) => [
        clusterArn(spec),
        {
          endpointUrl: servers.apiserverUrl,
          certificateAuthorityData: (await readFile(servers.caCert)).toString('base64'),
          // The harness serving certificate names DNS:kubernetes and 127.0.0.1, not moto's made-up hostname.
          tlsServerName: 'kubernetes',
        },
      ]),
    ),
  );
}
