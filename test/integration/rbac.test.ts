// The onboarding RBAC (infra/onboarding/rbac.yaml, applied by the harness as the admin) gives the
// scanner group what a scan needs and nothing else.

import { ApiException, type CoreV1Api } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { coreApi, createNamespace, createPod, eventually, patchNamespaceLabels, servers } from './support/kube.ts';
import { plainPod } from './scenarios/pods.ts';
import { ENFORCE } from './scenarios/scenario.ts';

const NAMESPACE = 'rbac-target';

async function statusOf(call: () => Promise<unknown>): Promise<number> {
  try {
    await call();
    return 200;
  } catch (error) {
    if (error instanceof ApiException) return (error as ApiException<unknown>).code;
    throw error;
  }
}

describe('scanner RBAC', () => {
  let scanner: CoreV1Api;

  beforeAll(async () => {
    const admin = coreApi(servers().adminKubeconfig);
    await createNamespace(admin, NAMESPACE);
    await createPod(admin, NAMESPACE, plainPod('api'));
    scanner = coreApi(servers().scannerKubeconfig);
  });

  it('may read namespaces and pods across the cluster', async () => {
    const namespaces = await scanner.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain(NAMESPACE);
    expect((await scanner.readNamespace({ name: NAMESPACE })).metadata?.name).toBe(NAMESPACE);
    const pods = await scanner.listPodForAllNamespaces();
    expect(pods.items.some((p) => p.metadata?.namespace === NAMESPACE)).toBe(true);
    expect((await scanner.listNamespacedPod({ namespace: NAMESPACE })).items).toHaveLength(1);
  });

  it('may dry-run a namespace label patch, and the dry-run answers with PodSecurity warnings', async () => {
    const outcome = await eventually(
      () => patchNamespaceLabels(scanner, NAMESPACE, { [ENFORCE]: 'restricted' }, { dryRun: true }),
      (o) => o.warnings.length > 0,
    );
    expect(outcome.status).toBe(200);
    expect(outcome.warnings).toEqual([
      `existing pods in namespace "${NAMESPACE}" violate the new PodSecurity enforce level "restricted:latest"`,
      'api: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ]);
    expect(outcome.labels?.[ENFORCE]).toBe('restricted');
    const stored = await scanner.readNamespace({ name: NAMESPACE });
    expect(stored.metadata?.labels?.[ENFORCE]).toBeUndefined();
  });

  it.each([
    ['delete a namespace', (api: CoreV1Api) => api.deleteNamespace({ name: NAMESPACE })],
    ['create a namespace', (api: CoreV1Api) => api.createNamespace({ body: { metadata: { name: 'rbac-new' } } })],
    ['create a pod', (api: CoreV1Api) => api.createNamespacedPod({ namespace: NAMESPACE, body: plainPod('intruder') })],
    ['delete a pod', (api: CoreV1Api) => api.deleteNamespacedPod({ namespace: NAMESPACE, name: 'api' })],
    ['read secrets', (api: CoreV1Api) => api.listSecretForAllNamespaces()],
    ['read config maps', (api: CoreV1Api) => api.listNamespacedConfigMap({ namespace: NAMESPACE })],
    ['replace a namespace', (api: CoreV1Api) => api.replaceNamespace({ name: NAMESPACE, body: { metadata: { name: NAMESPACE } } })],
  ])('may not %s (403)', async (_what, call) => {
    expect(await statusOf(() => call(scanner))).toBe(403);
  });

  it('is told exactly which permission is missing', async () => {
    const message = `namespaces "${NAMESPACE}" is forbidden: User "psa-scanner" cannot delete resource "namespaces" in API group "" in the namespace "${NAMESPACE}"`;
    await expect(scanner.deleteNamespace({ name: NAMESPACE })).rejects.toMatchObject({
      code: 403,
      // The metav1.Status as the apiserver encodes it (Go's encoding/json: no spaces).
      body: expect.stringContaining(`"message":${JSON.stringify(message)}`),
    });
  });
});
