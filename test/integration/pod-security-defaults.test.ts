// A cluster whose PodSecurityConfiguration is not Kubernetes' default: this file starts its own
// apiserver with defaults enforce=baseline and an exempt user, as a test can choose.

import { ApiException, setHeaderOptions, type CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServers, type Servers } from '../harness/servers.ts';
import { plainPod, privileged, tweak } from './scenarios/pods.ts';
import { ENFORCE } from './scenarios/scenario.ts';
import { coreApi, eventually, patchNamespaceLabels } from './support/kube.ts';

const NAMESPACE = 'defaults-baseline';
const EXEMPT_USER = 'psa-exempt-user';

describe('PodSecurity defaults chosen by the cluster', () => {
  let servers: Servers;
  let admin: CoreV1Api;

  beforeAll(async () => {
    servers = await startServers({
      moto: false,
      podSecurity: {
        defaults: {
          enforce: 'baseline', 'enforce-version': 'latest',
          audit: 'restricted', 'audit-version': 'latest',
          warn: 'restricted', 'warn-version': 'latest',
        },
        exemptions: { namespaces: [], runtimeClasses: [], usernames: [EXEMPT_USER] },
      },
    });
    admin = coreApi(servers.adminKubeconfig);
    await admin.createNamespace({ body: { metadata: { name: NAMESPACE } } });
  });

  afterAll(async () => {
    await servers.stop();
  });

  it('enforces the default level in a namespace without labels', async () => {
    const refused = await admin
      .createNamespacedPod({ namespace: NAMESPACE, body: tweak(plainPod('web'), privileged) })
      .then(() => undefined, (error: unknown) => error as ApiException<string>);
    expect(refused?.code).toBe(403);
    expect((JSON.parse(refused?.body ?? '{}') as { message?: string }).message).toBe(
      'pods "web" is forbidden: violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)',
    );
  });

  it('lets an exempt user create the same pod', async () => {
    // The exemption is by user name; the group is only there to pass RBAC.
    const asExemptUser = setHeaderOptions('Impersonate-Group', 'system:masters', setHeaderOptions('Impersonate-User', EXEMPT_USER));
    const pod = await admin.createNamespacedPod({ namespace: NAMESPACE, body: tweak(plainPod('web'), privileged) }, asExemptUser);
    expect(pod.metadata?.name).toBe('web');
  });

  it('treats an enforce label equal to the default as no change: no warnings', async () => {
    const scanner = coreApi(servers.scannerKubeconfig);
    const outcome = await patchNamespaceLabels(scanner, NAMESPACE, { [ENFORCE]: 'baseline' }, { dryRun: true });
    expect(outcome).toMatchObject({ status: 200, warnings: [] });
  });

  it('evaluates the pods when the label is stricter than the default', async () => {
    const scanner = coreApi(servers.scannerKubeconfig);
    const outcome = await eventually(
      () => patchNamespaceLabels(scanner, NAMESPACE, { [ENFORCE]: 'restricted' }, { dryRun: true }),
      (o) => o.warnings.length > 0,
    );
    expect(outcome.warnings).toEqual([
      `existing pods in namespace "${NAMESPACE}" violate the new PodSecurity enforce level "restricted:latest"`,
      'web: privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ]);
  });

});
