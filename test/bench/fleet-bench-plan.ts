// The shape of the bench fleet, decided before anything starts: which clusters (name, member
// account, region, how many namespaces) and which namespaces each gets. A fleet has small and large
// clusters, so the sizes spread evenly from half the mean to one and a half times it; the largest
// is built first and measured to decide how many clusters fit in memory. The namespaces repeat the
// migration playbook's situations (test/support/playbook/playbook-cluster.ts), each repetition under
// its own name; the exempt namespace and the system one appear once per cluster, as on a real one
// (the apiserver's exemption and the fleet policy name them).
//
// The playbook's pods are small (one container, no settings: ~1.8 KB of JSON) and few (2.8 per
// namespace). A production namespace holds more and bigger pods, and the scanner's memory follows
// the bytes it lists; so one cluster of median size is `busy`: every namespace runs three services
// of five replicas whose pods look like a production service's (two containers with environment,
// probes, resources, mounts: ~6 KB of JSON with the server's managedFields). The calibration
// measures it beside the others, which separates memory per namespace from memory per pod byte.
import type { V1Container, V1PodSpec } from '@kubernetes/client-node';
import { EXEMPT_NAMESPACE, playbookNamespaces, SYSTEM_NAMESPACE, type PlaybookNamespace } from '../support/playbook/playbook-cluster.ts';
import { createDeployment } from '../support/playbook/workloads.ts';
import type { FleetCluster } from '../e2e/support/fleet-clusters.ts';

/** Pods of each repetition of pb-big: a crowd, cheap to build (the 3000-pod limit has its own test). */
export const BIG_PODS = 12;
/** Member accounts hold a few clusters each, in two regions. */
export const CLUSTERS_PER_ACCOUNT = 3;
export const REGIONS = ['eu-west-1', 'us-east-2'] as const;

const SITUATIONS = playbookNamespaces({ bigPods: BIG_PODS });
const ONCE_PER_CLUSTER = new Set([EXEMPT_NAMESPACE, SYSTEM_NAMESPACE]);
/** The situations that repeat, in the playbook's order (pb-big last, as the playbook builds it). */
export const REPEATED_SITUATIONS: readonly PlaybookNamespace[] = SITUATIONS.filter((n) => !ONCE_PER_CLUSTER.has(n.name));

/** Which namespaces a cluster is built with: the playbook's situations, or busy production-like ones. */
export type ClusterProfile = 'playbook' | 'busy';

export interface BenchCluster extends Omit<FleetCluster, 'namespaces'> {
  /** How many namespaces it gets (the exempt and system ones included). */
  readonly namespaceCount: number;
  readonly profile: ClusterProfile;
}

function serviceContainer(name: string, port: number): V1Container {
  return {
    name,
    image: `registry.example.com/payments/${name}:1.42.7`,
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env: Array.from({ length: 16 }, (_, i) => ({ name: `${name.toUpperCase()}_SETTING_${i}`, value: `value-${i}-${'x'.repeat(12)}` })),
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port }, periodSeconds: 10, timeoutSeconds: 2 },
    readinessProbe: { httpGet: { path: '/ready', port }, periodSeconds: 5 },
    volumeMounts: [
      { name: 'config', mountPath: '/etc/app', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
}

/** A production service's pod: non-root and locked down, but without a seccomp profile, so it fails restricted. */
export const BUSY_POD_SPEC: V1PodSpec = {
  securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 },
  containers: [serviceContainer('api', 8080), serviceContainer('proxy', 15001)],
  volumes: [
    { name: 'config', configMap: { name: 'api-config' } },
    { name: 'tmp', emptyDir: {} },
  ],
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'payments', effect: 'NoSchedule' }],
};

export const BUSY_SERVICES = 3;
export const BUSY_REPLICAS = 5;

/** Enforcing baseline on its way to restricted: blocked by the missing seccomp profiles. */
export const BUSY_SITUATION: PlaybookNamespace = {
  name: 'busy',
  labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' },
  state: 'blocked-at-target',
  build: async (apis, namespace) => {
    for (let i = 0; i < BUSY_SERVICES; i++) await createDeployment(apis, namespace, `service-${i}`, BUSY_REPLICAS, BUSY_POD_SPEC);
  },
};

/** Namespace counts for `clusters` clusters around `mean`, ascending: 0.5 x mean .. 1.5 x mean. */
export function clusterSizes(clusters: number, mean: number): number[] {
  if (clusters === 1) return [Math.round(1.5 * mean)];
  return Array.from({ length: clusters }, (_, i) => Math.round(mean * (0.5 + i / (clusters - 1))));
}

function account(index: number): string {
  return `4100000${String(Math.floor(index / CLUSTERS_PER_ACCOUNT) + 1).padStart(5, '0')}`;
}

/**
 * The fleet, largest cluster first (it is the one measured before the others are started); with
 * `busy`, the cluster of median size (or the second of two) is a busy one. Fewer than two clusters
 * have no busy one: the largest is the probe.
 */
export function planFleet(clusters: number, meanNamespaces: number, busy = true): BenchCluster[] {
  const busyIndex = busy && clusters >= 2 ? Math.max(1, Math.floor((clusters - 1) / 2)) : -1;
  return clusterSizes(clusters, meanNamespaces)
    .reverse()
    .map((namespaceCount, i) => ({
      name: `fleet-${String(i + 1).padStart(2, '0')}${i === busyIndex ? '-busy' : ''}`,
      account: account(i),
      region: REGIONS[i % REGIONS.length] ?? 'eu-west-1',
      tags: { environment: i % 3 === 0 ? 'production' : 'staging' },
      namespaceCount,
      profile: i === busyIndex ? 'busy' : 'playbook',
    }));
}

/** One namespace to build: its name and the situation it repeats. */
export interface PlannedNamespace {
  readonly name: string;
  readonly situation: PlaybookNamespace;
}

/**
 * `count` namespaces: the exempt and the system one, then the repeated situations in turn
 * (`pb-payments-001`, `pb-checkout-001`, ..., `pb-big-001`, `pb-payments-002`, ...), or for a busy
 * cluster `busy-0001`, `busy-0002`, ...
 */
export function namespacePlan(count: number, profile: ClusterProfile = 'playbook'): PlannedNamespace[] {
  const once = SITUATIONS.filter((n) => ONCE_PER_CLUSTER.has(n.name)).map((situation) => ({ name: situation.name, situation }));
  const repeated = Array.from({ length: Math.max(0, count - once.length) }, (_, i) => {
    if (profile === 'busy') return { name: `busy-${String(i + 1).padStart(4, '0')}`, situation: BUSY_SITUATION };
    const situation = REPEATED_SITUATIONS[i % REPEATED_SITUATIONS.length];
    if (situation === undefined) throw new Error('the playbook has no repeated situations');
    return { name: `${situation.name}-${String(Math.floor(i / REPEATED_SITUATIONS.length) + 1).padStart(3, '0')}`, situation };
  });
  return [...once, ...repeated].slice(0, count);
}
