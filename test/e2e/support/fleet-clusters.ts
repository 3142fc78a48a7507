// The clusters of the local fleet: two real kube-apiservers (each with its etcd and an EKS token
// authenticator that maps its member account's scanner role to the group psa-scanner, as an EKS
// access entry does), sharing one moto, built with the migration playbook's situations; and a
// third cluster that exists only in EKS (moto), tagged to opt out. Also the drift applied between
// the two runs, and the fleet policy that matches how the apiservers are configured.
import { readFile } from 'node:fs/promises';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { PodSecurityConfiguration } from '../../../shared/pss/admission/pod-security-configuration.ts';
import type { NamespaceState } from '../../../shared/snapshot/snapshot-schema.ts';
import { startServers, type Servers } from '../../harness/servers.ts';
import { startMoto } from '../../harness/moto/moto-server.ts';
import { stopServer } from '../../harness/servers-process.ts';
import { buildPlaybookCluster, EXEMPT_NAMESPACE, playbookNamespaces, ROOT_SPEC, SYSTEM_NAMESPACE, type PlaybookNamespace } from '../../support/playbook/playbook-cluster.ts';
import { adminApis, createBarePod } from '../../support/playbook/workloads.ts';
import { warningTexts } from '../../support/warning-texts.ts';
import { clusterArn, memberRoleArn, type EksClusterSpec } from './fleet-aws.ts';

/** Pods of pb-big: enough to be a crowd, few enough to build in a second (the 3000-pod limit has its own test). */
const BIG_PODS = 12;

export interface FleetCluster extends EksClusterSpec {
  /** The playbook namespaces it is built with; none: the cluster exists in EKS only (it opts out). */
  readonly namespaces: readonly PlaybookNamespace[];
}

const PLAYBOOK = playbookNamespaces({ bigPods: BIG_PODS });
const only = (names: readonly string[]): PlaybookNamespace[] => PLAYBOOK.filter((n) => names.includes(n.name));

export const OPT_OUT_TAG = { 'psa-fleet-scanner/opt-out': 'true' } as const;

export const FLEET: readonly FleetCluster[] = [
  { name: 'prod-eu', account: '400000000001', region: 'eu-west-1', tags: { environment: 'production' }, namespaces: PLAYBOOK },
  {
    name: 'staging-us',
    account: '400000000002',
    region: 'us-east-2',
    tags: { environment: 'staging' },
    namespaces: only(['pb-payments', 'pb-checkout', 'pb-legacy', 'pb-ready', 'pb-frontend', 'pb-big']),
  },
  { name: 'sandbox-us', account: '400000000002', region: 'us-east-2', tags: OPT_OUT_TAG, namespaces: [] },
];

export const SCANNED_CLUSTERS = FLEET.filter((c) => c.namespaces.length > 0);

/** How both apiservers are configured; the fleet policy says the same (EKS does not show it). */
export const FLEET_POD_SECURITY: PodSecurityConfiguration = {
  defaults: { enforce: 'privileged', 'enforce-version': 'latest', audit: 'privileged', 'audit-version': 'latest', warn: 'privileged', 'warn-version': 'latest' },
  exemptions: { namespaces: [EXEMPT_NAMESPACE], runtimeClasses: [], usernames: [] },
};

export const FLEET_POLICY_YAML = `# The fleet policy of the local fleet: the apiservers' PodSecurity configuration, and the one
# namespace that may stay privileged. Every other namespace's target comes from its labels.
apiVersion: psa-fleet-scanner/v1
kind: FleetPolicy
clusters:
  - match: {}
    podSecurity:
      defaults: { enforce: privileged, enforce-version: latest, audit: privileged, audit-version: latest, warn: privileged, warn-version: latest }
      exemptions: { namespaces: [${EXEMPT_NAMESPACE}], runtimeClasses: [], usernames: [] }
    namespaces:
      - match: { names: [${SYSTEM_NAMESPACE}] }
        allowPrivileged: true
`;

/** What the drift between the two runs does to prod-eu, and what the second scan must see. */
export const DRIFT = {
  cluster: 'prod-eu',
  /** Enforcing restricted, relabelled privileged: enforcement removed. */
  relabelled: { namespace: 'pb-frontend', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
  /** Ready to promote to restricted until a root pod turns up: now blocked at its target. */
  newPod: { namespace: 'pb-ready', name: 'debug-tools' },
  statesAfter: { 'pb-ready': 'blocked-at-target' } as Partial<Record<string, NamespaceState>>,
} as const;

export interface RunningCluster {
  readonly spec: FleetCluster;
  readonly servers: Servers;
}

export interface FleetServers {
  readonly moto: string;
  readonly clusters: readonly RunningCluster[];
  /** EKS endpoint overrides: each moto cluster's ARN -> its harness apiserver and CA. */
  endpointOverrides(): Promise<Record<string, { endpointUrl: string; certificateAuthorityData: string; tlsServerName: string }>>;
  stop(): Promise<void>;
}

/**
 * moto first (the EKS token authenticators check tokens against it; its log goes to `workDir`),
 * then both clusters side by side, each in a harness work directory of its own.
 */
export async function startFleetServers(workDir: string): Promise<FleetServers> {
  const moto = await startMoto(workDir, false);
  const started: Servers[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(started.map((s) => s.stop()));
    await stopServer(moto.process);
  };
  try {
    const clusters = await Promise.all(
      SCANNED_CLUSTERS.map(async (spec) => {
        const servers = await startServers({
          podSecurity: FLEET_POD_SECURITY,
          sharedMoto: moto.endpoint,
          eksAuthenticator: { clusterName: spec.name, mappings: [{ arn: memberRoleArn(spec.account), username: 'psa-scanner', groups: ['psa-scanner'] }] },
        });
        started.push(servers);
        return { spec, servers };
      }),
    );
    return {
      moto: moto.endpoint,
      clusters,
      endpointOverrides: async () =>
        Object.fromEntries(
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
        ),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The warnings of a dry-run `enforce=restricted` on `namespace`, as the admin. */
async function dryRunRestricted(adminKubeconfig: string, namespace: string): Promise<string[]> {
  const response = await adminApis(adminKubeconfig).core.patchNamespaceWithHttpInfo(
    { name: namespace, body: { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }, dryRun: 'All' },
    MERGE_PATCH,
  );
  return warningTexts(response.headers['warning']);
}

/**
 * PodSecurity judges the pods in the apiserver's informer cache, which lags a create: wait until a
 * dry-run sees what `seen` looks for, so a scan right after never misses a pod just made.
 */
export async function untilPodSecuritySees(adminKubeconfig: string, namespace: string, seen: (warnings: readonly string[]) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (seen(await dryRunRestricted(adminKubeconfig, namespace))) return;
    if (Date.now() > deadline) throw new Error(`PodSecurity did not see the pods of ${namespace} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Builds each cluster's playbook namespaces (pb-big last) and waits until PodSecurity sees every pod. */
export async function buildFleetClusters(clusters: readonly RunningCluster[]): Promise<void> {
  await Promise.all(
    clusters.map(async ({ spec, servers }) => {
      await buildPlaybookCluster(servers.adminKubeconfig, spec.namespaces);
      const last = spec.namespaces.at(-1)?.name ?? '';
      await untilPodSecuritySees(servers.adminKubeconfig, last, (w) => w.some((line) => line.includes(`(and ${BIG_PODS - 1} other pods)`)));
    }),
  );
}

/** The drift of DRIFT on its cluster, waited for until PodSecurity sees the new pod. */
export async function applyDrift(clusters: readonly RunningCluster[]): Promise<void> {
  const target = clusters.find((c) => c.spec.name === DRIFT.cluster);
  if (target === undefined) throw new Error(`no cluster ${DRIFT.cluster}`);
  const apis = adminApis(target.servers.adminKubeconfig);
  await apis.core.patchNamespace({ name: DRIFT.relabelled.namespace, body: { metadata: { labels: DRIFT.relabelled.labels } } }, MERGE_PATCH);
  await createBarePod(apis, DRIFT.newPod.namespace, DRIFT.newPod.name, ROOT_SPEC);
  await untilPodSecuritySees(target.servers.adminKubeconfig, DRIFT.newPod.namespace, (w) => w.some((line) => line.startsWith(`${DRIFT.newPod.name}:`)));
}
