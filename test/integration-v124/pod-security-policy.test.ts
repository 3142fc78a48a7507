// PodSecurityPolicy admission on the real 1.24 apiserver, beside PodSecurity: what it takes to
// create pods at all, which pods the permissive PSP leaves untouched, and how a mutating PSP makes
// a non-compliant template produce compliant-looking pods (what a cluster loses when PSP goes).

import { ApiException, CoreV1Api, KubeConfig, RbacAuthorizationV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluatePod } from '../../shared/pss/evaluate.ts';
import { v1 } from '../../shared/pss/version.ts';
import type { PodUnderTest } from '../../shared/pss/pod.ts';
import type { Servers } from '../harness/servers.ts';
import { eventually, patchNamespaceLabels } from '../integration/support/kube.ts';
import {
  allowUse,
  createPodSecurityPolicy,
  PRIVILEGED_PSP,
  PSP_ANNOTATION,
  RESTRICTED_MUTATING_PSP,
} from './support/pod-security-policies.ts';
import { beforeAllOrFailEach } from './support/before-all-or-fail-each.ts';
import { impersonating, startKube124Servers } from './support/servers-1.24.ts';

const NAMESPACE = 'v124-psp';
/** Not in system:masters: may use only the PSPs it is bound to. */
const DEVELOPER = 'psa-v124-developer';

let servers: Servers;
let admin: CoreV1Api;
let adminConfig: KubeConfig;

function load(file: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(file);
  return config;
}

function plainPod(name: string): V1Pod {
  return { metadata: { name }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.7' }] } };
}

/** A pod that baseline forbids several ways. */
function privilegedPod(name: string): V1Pod {
  return {
    metadata: { name },
    spec: {
      hostNetwork: true,
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.7',
          securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } },
          volumeMounts: [{ name: 'host', mountPath: '/host' }],
        },
      ],
      volumes: [{ name: 'host', hostPath: { path: '/var/run' } }],
    },
  };
}

async function refusal(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  return request.then(
    () => ({ code: 201, message: '' }),
    (error: unknown) => {
      if (!(error instanceof ApiException)) throw error;
      const body = (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as { message?: string };
      return { code: error.code, message: body.message ?? '' };
    },
  );
}

beforeAllOrFailEach(async () => {
  servers = await startKube124Servers();
  adminConfig = load(servers.adminKubeconfig);
  admin = adminConfig.makeApiClient(CoreV1Api);
  await admin.createNamespace({ body: { metadata: { name: NAMESPACE } } });
  // The developer may create and read pods in the namespace; which PSP it may use is up to each test.
  const rbac = adminConfig.makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: NAMESPACE,
    body: { metadata: { name: 'pods' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list'] }] },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: NAMESPACE,
    body: {
      metadata: { name: 'pods' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: DEVELOPER }],
    },
  });
});

afterAll(async () => {
  await servers?.stop();
});

// The tests build on each other, in order: no PSP, the privileged PSP, then the restricted one.
describe('PodSecurityPolicy admission on 1.24', () => {
  it('refuses every pod while no PSP exists, even to system:masters', async () => {
    const outcome = await refusal(admin.createNamespacedPod({ namespace: NAMESPACE, body: plainPod('before-any-psp') }));
    expect(outcome).toEqual({ code: 403, message: 'pods "before-any-psp" is forbidden: PodSecurityPolicy: no providers available to validate pod request' });
  });

  it('admits pods unchanged through the permissive PSP, and names it in the kubernetes.io/psp annotation', async () => {
    await createPodSecurityPolicy(adminConfig, PRIVILEGED_PSP);
    const sent = privilegedPod('privileged-as-sent');
    // PSP admission reads PSPs from an informer: the new one may take a moment to be seen.
    const created = await eventually(
      () => admin.createNamespacedPod({ namespace: NAMESPACE, body: sent }).then((pod) => pod, () => undefined),
      (pod) => pod !== undefined,
    );
    // The seccomp annotation is not PSP's doing: 1.24 copies a pod's seccompProfile field into the
    // pre-1.19 annotation at creation, and the annotation into the field (applySeccompVersionSkew,
    // pkg/registry/core/pod/strategy.go; gone by v1.37).
    expect(created?.metadata?.annotations).toEqual({
      [PSP_ANNOTATION]: PRIVILEGED_PSP.metadata.name,
      'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
    });
    expect(created?.spec?.hostNetwork).toBe(true);
    expect(created?.spec?.securityContext).toEqual(sent.spec?.securityContext);
    expect(created?.spec?.containers[0]?.securityContext).toEqual(sent.spec?.containers[0]?.securityContext);
    expect(created?.spec?.volumes?.[0]?.hostPath).toEqual({ path: '/var/run', type: '' });
  });

  it('refuses an identity that may use no PSP, whatever its pod', async () => {
    const developer = impersonating(servers.adminKubeconfig, DEVELOPER).makeApiClient(CoreV1Api);
    const outcome = await refusal(developer.createNamespacedPod({ namespace: NAMESPACE, body: plainPod('no-psp-to-use') }));
    expect(outcome.code).toBe(403);
    expect(outcome.message).toBe('pods "no-psp-to-use" is forbidden: PodSecurityPolicy: unable to admit pod: []');
  });

  it('mutates what a restrictive PSP admits, so the pods pass restricted while their template does not', async () => {
    // Prepare: the developer may use the mutating PSP only.
    await createPodSecurityPolicy(adminConfig, RESTRICTED_MUTATING_PSP);
    await allowUse(adminConfig, RESTRICTED_MUTATING_PSP.metadata.name, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: DEVELOPER }]);
    const developer = impersonating(servers.adminKubeconfig, DEVELOPER).makeApiClient(CoreV1Api);
    const template = plainPod('mutated-by-psp');

    // Act
    const created = await eventually(
      () => developer.createNamespacedPod({ namespace: NAMESPACE, body: template }).then((pod) => pod, () => undefined),
      (pod) => pod !== undefined,
    );
    const privileged = await refusal(developer.createNamespacedPod({ namespace: NAMESPACE, body: privilegedPod('refused-by-psp') }));

    // Assess: what PSP wrote into the pod
    expect(created?.metadata?.annotations?.[PSP_ANNOTATION]).toBe(RESTRICTED_MUTATING_PSP.metadata.name);
    expect(created?.metadata?.annotations?.['seccomp.security.alpha.kubernetes.io/pod']).toBe('runtime/default');
    expect(created?.spec?.securityContext?.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(created?.spec?.securityContext?.fsGroup).toBe(1);
    expect(created?.spec?.securityContext?.supplementalGroups).toEqual([1]);
    expect(created?.spec?.containers[0]?.securityContext).toEqual({
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
    });
    expect(privileged.code).toBe(403);
    expect(privileged.message).toMatch(/^pods "refused-by-psp" is forbidden: PodSecurityPolicy: unable to admit pod: \[.*spec\.containers\[0\]\.securityContext\.privileged: Invalid value: true: Privileged containers are not allowed/);

    // Assess: the pod passes restricted, on the server and in the engine; the template does not.
    const stored = await admin.readNamespacedPod({ namespace: NAMESPACE, name: 'mutated-by-psp' });
    const restricted124 = { level: 'restricted', version: v1(24) } as const;
    expect(evaluatePod(restricted124, stored as PodUnderTest).allowed).toBe(true);
    expect(evaluatePod(restricted124, template as PodUnderTest).violations.map((v) => v.reason)).toEqual([
      'allowPrivilegeEscalation != false',
      'unrestricted capabilities',
      'runAsNonRoot != true',
      'seccompProfile',
    ]);
    const scanner = load(servers.scannerKubeconfig).makeApiClient(CoreV1Api);
    // The namespace also holds the privileged pod of the test above; only that one is reported.
    const dryRun = await patchNamespaceLabels(scanner, NAMESPACE, { 'pod-security.kubernetes.io/enforce': 'restricted' }, { dryRun: true });
    expect(dryRun.warnings).toEqual([
      `existing pods in namespace "${NAMESPACE}" violate the new PodSecurity enforce level "restricted:latest"`,
      'privileged-as-sent: host namespaces, privileged, allowPrivilegeEscalation != false, unrestricted capabilities, restricted volume types, runAsNonRoot != true, seccompProfile',
    ]);
  });

  it('runs PodSecurity beside PSP: a pod the PSP admits is still refused by the namespace enforce level', async () => {
    await admin.createNamespace({ body: { metadata: { name: 'v124-psp-baseline', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } } });
    const outcome = await refusal(admin.createNamespacedPod({ namespace: 'v124-psp-baseline', body: privilegedPod('refused-by-pod-security') }));
    expect(outcome.code).toBe(403);
    expect(outcome.message).toBe(
      'pods "refused-by-pod-security" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "app" must not include "NET_ADMIN", "SYS_TIME" in securityContext.capabilities.add), host namespaces (hostNetwork=true), hostPath volumes (volume "host"), privileged (container "app" must not set securityContext.privileged=true), seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    );
  });
});
