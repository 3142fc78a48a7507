// What a cluster owner applies (infra/onboarding: rbac.yaml and deny-real-writes.yaml, applied by
// the harness exactly as shipped) gives the scanner every read and dry-run a scan makes, and no
// way to change a namespace for real.

import { ApiException, AppsV1Api, BatchV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { coreApi, createNamespace, eventually, kubeConfig, MERGE_PATCH, patchNamespaceLabels, servers } from './support/kube.ts';

const NAMESPACE = 'onboarding-target';
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const DENIAL = `namespaces "${NAMESPACE}" is forbidden: ValidatingAdmissionPolicy 'psa-scanner-dry-run-only' with binding 'psa-scanner-dry-run-only' denied request: psa-fleet-scanner may only dry-run namespace changes`;

async function failure(call: () => Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call();
    return { code: 200, message: '' };
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const e = error as ApiException<string>;
    const body = JSON.parse(typeof e.body === 'string' ? e.body : JSON.stringify(e.body)) as { message?: string };
    return { code: e.code, message: body.message ?? '' };
  }
}

describe('the onboarding manifests', () => {
  let scanner: KubeConfig;

  beforeAll(async () => {
    await createNamespace(coreApi(servers().adminKubeconfig), NAMESPACE, { [ENFORCE]: 'baseline' });
    scanner = kubeConfig(servers().scannerKubeconfig);
  });

  it('let the scanner dry-run every sweep it makes', async () => {
    const outcome = await patchNamespaceLabels(coreApi(servers().scannerKubeconfig), NAMESPACE, { [ENFORCE]: 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30' }, { dryRun: true });
    expect(outcome.status).toBe(200);
  });

  it('refuse the scanner a real label change, with a message that says why', async () => {
    // The policy takes effect about a second after it is created.
    const result = await eventually(
      () => failure(() => scanner.makeApiClient(CoreV1Api).patchNamespace({ name: NAMESPACE, body: { metadata: { labels: { [ENFORCE]: 'privileged' } } } }, MERGE_PATCH)),
      (r) => r.code !== 200,
    );
    expect(result).toEqual({ code: 403, message: DENIAL });
    const stored = await coreApi(servers().adminKubeconfig).readNamespace({ name: NAMESPACE });
    expect(stored.metadata?.labels?.[ENFORCE]).toBe('baseline');
  });

  it('refuse the scanner deleting a namespace even where RBAC would not', async () => {
    expect((await failure(() => scanner.makeApiClient(CoreV1Api).deleteNamespace({ name: NAMESPACE }))).code).toBe(403);
  });

  it('let the scanner read every workload kind with a pod template', async () => {
    const apps = scanner.makeApiClient(AppsV1Api);
    const batch = scanner.makeApiClient(BatchV1Api);
    const core = scanner.makeApiClient(CoreV1Api);
    const reads = [
      () => apps.listDeploymentForAllNamespaces(),
      () => apps.listStatefulSetForAllNamespaces(),
      () => apps.listDaemonSetForAllNamespaces(),
      () => apps.listReplicaSetForAllNamespaces(),
      () => batch.listJobForAllNamespaces(),
      () => batch.listCronJobForAllNamespaces(),
      () => core.listReplicationControllerForAllNamespaces(),
    ];
    for (const read of reads) expect((await failure(read)).code).toBe(200);
  });

  it('do not let the scanner read Secrets or ConfigMaps, or write pods', async () => {
    const core = scanner.makeApiClient(CoreV1Api);
    expect((await failure(() => core.listSecretForAllNamespaces())).code).toBe(403);
    expect((await failure(() => core.readNamespacedSecret({ namespace: NAMESPACE, name: 'x' }))).code).toBe(403);
    expect((await failure(() => core.listConfigMapForAllNamespaces())).code).toBe(403);
    expect((await failure(() => core.createNamespacedPod({ namespace: NAMESPACE, body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } } }))).code).toBe(403);
  });
});
