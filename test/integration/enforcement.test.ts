// The apiserver really enforces Pod Security: a pod that violates the namespace's enforce level
// is refused at creation (403), and the warn level answers with a warning instead.

import { ApiException, type V1Pod } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { plainPod, privileged, restrictedPod, tweak } from './scenarios/pods.ts';
import { ENFORCE, WARN } from './scenarios/scenario.ts';
import { coreApi, createNamespace, servers } from './support/kube.ts';
import { warningTexts } from '../support/warning-texts.ts';

async function createPodWithHttpInfo(namespace: string, pod: V1Pod): Promise<{ status: number; warnings: string[]; message?: string }> {
  const admin = coreApi(servers().adminKubeconfig);
  try {
    const response = await admin.createNamespacedPodWithHttpInfo({ namespace, body: pod });
    return { status: response.httpStatusCode, warnings: warningTexts(response.headers['warning']) };
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const e = error as ApiException<string>;
    return { status: e.code, warnings: [], message: (JSON.parse(e.body) as { message: string }).message };
  }
}

describe('Pod Security enforcement on pod creation', () => {
  beforeAll(async () => {
    const admin = coreApi(servers().adminKubeconfig);
    await createNamespace(admin, 'enforce-restricted', { [ENFORCE]: 'restricted' });
    await createNamespace(admin, 'warn-baseline', { [WARN]: 'baseline' });
  });

  it('refuses a privileged pod in an enforce=restricted namespace with 403 and every violation in detail', async () => {
    const outcome = await createPodWithHttpInfo('enforce-restricted', tweak(plainPod('bad'), privileged));
    expect(outcome.status).toBe(403);
    expect(outcome.message).toBe(
      'pods "bad" is forbidden: violates PodSecurity "restricted:latest": ' +
        'privileged (container "app" must not set securityContext.privileged=true), ' +
        'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
        'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
        'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  it('admits a pod that meets restricted', async () => {
    const outcome = await createPodWithHttpInfo('enforce-restricted', restrictedPod('good'));
    expect(outcome).toEqual({ status: 201, warnings: [] });
  });

  it('admits a violating pod under warn=baseline with a warning', async () => {
    const outcome = await createPodWithHttpInfo('warn-baseline', tweak(plainPod('loud'), privileged));
    expect(outcome).toEqual({
      status: 201,
      warnings: ['would violate PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)'],
    });
  });
});
