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
  let servers: Servers | undefined;
  let admin: CoreV1Api;
  let scanner: CoreV1Api;

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
    scanner = coreApi(servers.scannerKubeconfig);
    await admin.createNamespace({ body: { metadata: { name: NAMESPACE } } });
  });

  afterAll(async () => {
    await servers?.stop();
  });

  /** The scanner's dry-run of setting the namespace's enforce label to `level`. */
  function dryRunEnforce(level: string): ReturnType<typeof patchNamespaceLabels> {
    return patchNamespaceLabels(scanner, NAMESPACE, { [ENFORCE]: level }, { dryRun: true });
  }

  /** Waits until PodSecurity's pod informer has the pod the exempt user created. */
  async function waitForPodInformer(): Promise<void> {
    const outcome = await eventually(() => dryRunEnforce('restricted'), (o) => o.warnings.length > 0, 30_000);
    if (outcome.warnings.length === 0) throw new Error(`the PodSecurity pod informer never saw ${NAMESPACE}/web`);
  }

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

  it('evaluates the pods when the label is stricter than the default', async () => {
    const outcome = await eventually(() => dryRunEnforce('restricted'), (o) => o.warnings.length > 0);
    expect(outcome.warnings).toEqual([
      `existing pods in namespace "${NAMESPACE}" violate the new PodSecurity enforce level "restricted:latest"`,
      'web: privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ]);
  });

  it('treats an enforce label equal to the default as no change: no warnings', async () => {
    // Only meaningful once the informer holds the privileged pod (else any dry-run is silent).
    await waitForPodInformer();
    const outcome = await dryRunEnforce('baseline');
    expect(outcome).toMatchObject({ status: 200, warnings: [] });
  });
});
