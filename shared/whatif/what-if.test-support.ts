// Building a cluster's inventory and today's snapshot in memory, for the what-if's decision code
// (assess-upgrade.ts is pure: it reads what a scan read). The integration tests build the same on
// real apiservers.
import type { AdmissionConfig } from '../pss/admission/admission-config.ts';
import { LATEST } from '../pss/version.ts';
import type { Level } from '../pss/level.ts';
import type { PodSpec } from '../pss/pod.ts';
import type { NamespaceRecord, PodRecord, WorkloadRecord } from '../scan/cluster-reader.ts';
import type { Inventory } from '../scan/inventory.ts';
import { NAMESPACE_STATES, SCHEMA_VERSION, SNAPSHOT_API_VERSION, SNAPSHOT_KIND, type ClusterSnapshot, type NamespaceState } from '../snapshot/snapshot-schema.ts';
import type { ClusterPolicy, NamespaceTargetRule } from '../targets/cluster-policy.ts';

export const IMAGE = 'registry.k8s.io/pause:3.10';
/** Allowed at baseline at every version. */
export const BASELINE_SPEC: PodSpec = { containers: [{ name: 'app', image: IMAGE }] };
/** Allowed at baseline up to v1.33; hostProbesAndHostLifecycle (v1.34) refuses the probe's host. */
export const HOST_PROBE_SPEC: PodSpec = { containers: [{ name: 'app', image: IMAGE, livenessProbe: { httpGet: { host: '10.0.0.1', port: 8080 } } }] };
/** Refused at baseline at every version (privileged), and by hostProbesAndHostLifecycle from v1.34. */
export const PRIVILEGED_HOST_PROBE_SPEC: PodSpec = {
  containers: [{ name: 'app', image: IMAGE, securityContext: { privileged: true }, livenessProbe: { httpGet: { host: '10.0.0.1', port: 8080 } } }],
};

/** The cluster's PodSecurity configuration: enforce defaults to `enforce`:latest, the rest privileged. */
export function admissionConfig(defaults: { level: Level } = { level: 'privileged' }, exemptions: Partial<AdmissionConfig['exemptions']> = {}): AdmissionConfig {
  const enforce = { level: defaults.level, version: LATEST };
  const privileged = { level: 'privileged', version: LATEST } as const;
  return {
    defaults: { enforce, audit: privileged, warn: privileged },
    exemptions: { usernames: [], namespaces: [], runtimeClasses: [], ...exemptions },
  };
}

export function clusterPolicy(admission: AdmissionConfig, rules: Readonly<Record<string, NamespaceTargetRule>> = {}): ClusterPolicy {
  return { admission, targetFor: (namespace) => rules[namespace.name] };
}

let uids = 0;
const uid = (): string => `uid-${++uids}`;

export interface NamespaceBuild {
  readonly namespace: NamespaceRecord;
  pods: PodRecord[] | undefined;
  workloads: WorkloadRecord[] | undefined;
}

export function namespace(name: string, labels: Record<string, string> = {}): NamespaceBuild {
  return { namespace: { name, uid: uid(), labels, phase: 'Active' }, pods: [], workloads: [] };
}

export function barePod(ns: NamespaceBuild, name: string, spec: PodSpec): NamespaceBuild {
  ns.pods?.push({ metadata: { name, namespace: ns.namespace.name, uid: uid() }, spec, phase: 'Running' });
  return ns;
}

/** A Deployment, its ReplicaSet and `replicas` pods, owned as a controller leaves them. */
export function deployment(ns: NamespaceBuild, name: string, replicas: number, spec: PodSpec): NamespaceBuild {
  const deploymentUid = uid();
  const replicaSetUid = uid();
  const template = { metadata: { labels: { app: name } }, spec };
  ns.workloads?.push(
    { kind: 'Deployment', name, namespace: ns.namespace.name, uid: deploymentUid, ownerReferences: [], replicas, template },
    {
      kind: 'ReplicaSet',
      name: `${name}-7d4b9c8f6`,
      namespace: ns.namespace.name,
      uid: replicaSetUid,
      ownerReferences: [{ kind: 'Deployment', name, uid: deploymentUid, controller: true }],
      replicas,
      template,
    },
  );
  for (let i = 0; i < replicas; i++) {
    ns.pods?.push({
      metadata: { name: `${name}-7d4b9c8f6-${i}`, namespace: ns.namespace.name, uid: uid(), ownerReferences: [{ kind: 'ReplicaSet', name: `${name}-7d4b9c8f6`, uid: replicaSetUid, controller: true }] },
      spec,
      phase: 'Running',
    });
  }
  return ns;
}

export function cronJob(ns: NamespaceBuild, name: string, spec: PodSpec, suspended: boolean): NamespaceBuild {
  ns.workloads?.push({ kind: 'CronJob', name, namespace: ns.namespace.name, uid: uid(), ownerReferences: [], suspended, template: { metadata: {}, spec } });
  return ns;
}

export function inventory(minor: number, namespaces: readonly NamespaceBuild[], psp: Inventory['podSecurityPolicy'] = { served: minor < 25, names: [] }): Inventory {
  return {
    version: { gitVersion: `v1.${minor}.2`, major: 1, minor },
    podSecurityPolicy: psp,
    namespaces: namespaces.map((n) => n.namespace),
    pods: new Map(namespaces.map((n) => [n.namespace.name, n.pods])),
    workloads: new Map(namespaces.map((n) => [n.namespace.name, n.workloads])),
    clusterErrors: [],
    namespaceErrors: new Map(),
  };
}

/** Today's snapshot of that inventory as far as the what-if reads it: header and summary, no namespace results. */
export function snapshotOf(read: Inventory | undefined, outcome: ClusterSnapshot['outcome'] = 'complete'): ClusterSnapshot {
  const byState = Object.fromEntries(NAMESPACE_STATES.map((state) => [state, 0])) as Record<NamespaceState, number>;
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: SNAPSHOT_KIND,
    schemaVersion: SCHEMA_VERSION,
    scanner: { name: 'psa-fleet-scanner', version: '0.0.0-test' },
    cluster: { account: '111122223333', region: 'eu-west-1', name: 'prod', server: 'https://prod.example', version: read === undefined ? null : { gitVersion: read.version.gitVersion, minor: read.version.minor } },
    runId: null,
    previous: null,
    startedAt: '2026-11-29T04:43:08.123Z',
    finishedAt: '2026-11-29T04:43:09.456Z',
    outcome,
    policy: { digest: 'test', source: null },
    admission: {
      defaults: { enforce: 'privileged:latest', audit: 'privileged:latest', warn: 'privileged:latest' },
      exemptions: { namespaces: [], runtimeClasses: [], usernames: [] },
    },
    podSecurityPolicy: read?.podSecurityPolicy === undefined ? null : { served: read.podSecurityPolicy.served, names: [...read.podSecurityPolicy.names] },
    summary: { namespaces: read?.namespaces.length ?? 0, byState, violatingPods: 0, blockingWorkloads: 0 },
    errors: [],
    namespaces: [],
  };
}
