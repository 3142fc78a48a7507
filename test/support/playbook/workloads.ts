// Creating workloads the way their controllers would leave them, on an apiserver that runs no
// controllers: the Deployment, then its ReplicaSet owned by it, then the pods owned by the
// ReplicaSet (and DaemonSet -> pods, CronJob -> Job -> pods), so owner references resolve as on a
// real cluster. Pods stay Pending; nothing schedules them.
import pLimit from 'p-limit';
import { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig, type V1ObjectMeta, type V1OwnerReference, type V1PodSpec } from '@kubernetes/client-node';

export interface AdminApis {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
}

export function adminApis(kubeconfigFile: string): AdminApis {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigFile);
  return { core: config.makeApiClient(CoreV1Api), apps: config.makeApiClient(AppsV1Api), batch: config.makeApiClient(BatchV1Api) };
}

function ownerRef(apiVersion: string, kind: string, meta: V1ObjectMeta | undefined): V1OwnerReference {
  if (meta?.name === undefined || meta.uid === undefined) throw new Error(`${kind} has no name or uid after create`);
  return { apiVersion, kind, name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
}

function template(app: string, spec: V1PodSpec): { metadata: V1ObjectMeta; spec: V1PodSpec } {
  return { metadata: { labels: { app } }, spec };
}

async function createPods(apis: AdminApis, namespace: string, names: readonly string[], spec: V1PodSpec, owner: V1OwnerReference, app: string): Promise<void> {
  const limit = pLimit(16);
  await Promise.all(
    names.map((name) => limit(() => apis.core.createNamespacedPod({ namespace, body: { metadata: { name, labels: { app }, ownerReferences: [owner] }, spec } }))),
  );
}

/** A Deployment with `replicas` pods through one ReplicaSet (none for a Deployment scaled to zero). */
export async function createDeployment(apis: AdminApis, namespace: string, name: string, replicas: number, spec: V1PodSpec): Promise<void> {
  const selector = { matchLabels: { app: name } };
  const deployment = await apis.apps.createNamespacedDeployment({
    namespace,
    body: { metadata: { name }, spec: { replicas, selector, template: template(name, spec) } },
  });
  if (replicas === 0) return;
  const hash = '7d4b9c8f6';
  const replicaSet = await apis.apps.createNamespacedReplicaSet({
    namespace,
    body: {
      metadata: { name: `${name}-${hash}`, ownerReferences: [ownerRef('apps/v1', 'Deployment', deployment.metadata)] },
      spec: { replicas, selector, template: template(name, spec) },
    },
  });
  const names = Array.from({ length: replicas }, (_, i) => `${name}-${hash}-${String.fromCharCode(97 + (i % 26))}${i}`);
  await createPods(apis, namespace, names, spec, ownerRef('apps/v1', 'ReplicaSet', replicaSet.metadata), name);
}

/** A DaemonSet and one pod per (imaginary) node. */
export async function createDaemonSet(apis: AdminApis, namespace: string, name: string, nodes: number, spec: V1PodSpec): Promise<void> {
  const daemonSet = await apis.apps.createNamespacedDaemonSet({
    namespace,
    body: { metadata: { name }, spec: { selector: { matchLabels: { app: name } }, template: template(name, spec) } },
  });
  const names = Array.from({ length: nodes }, (_, i) => `${name}-node${i}`);
  await createPods(apis, namespace, names, spec, ownerRef('apps/v1', 'DaemonSet', daemonSet.metadata), name);
}

/** A CronJob, suspended or not; with `runs` > 0, one Job it made and that Job's pod. */
export async function createCronJob(apis: AdminApis, namespace: string, name: string, spec: V1PodSpec, options: { suspend: boolean; runs: number }): Promise<void> {
  const jobSpec = { template: template(name, { ...spec, restartPolicy: 'OnFailure' }) };
  const cronJob = await apis.batch.createNamespacedCronJob({
    namespace,
    body: { metadata: { name }, spec: { schedule: '0 3 * * *', suspend: options.suspend, jobTemplate: { spec: jobSpec } } },
  });
  for (let run = 0; run < options.runs; run++) {
    const job = await apis.batch.createNamespacedJob({
      namespace,
      body: { metadata: { name: `${name}-2926${run}`, ownerReferences: [ownerRef('batch/v1', 'CronJob', cronJob.metadata)] }, spec: { ...jobSpec, manualSelector: false } },
    });
    await createPods(apis, namespace, [`${name}-2926${run}-x${run}`], { ...spec, restartPolicy: 'OnFailure' }, ownerRef('batch/v1', 'Job', job.metadata), name);
  }
}

/** A pod no controller owns. */
export async function createBarePod(apis: AdminApis, namespace: string, name: string, spec: V1PodSpec): Promise<void> {
  await apis.core.createNamespacedPod({ namespace, body: { metadata: { name }, spec } });
}
