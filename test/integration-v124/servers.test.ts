// The 1.24 servers are the real thing and are set up as the PSP-removal tests assume: /version,
// policy/v1beta1 served and listable by the scanner, PodSecurity configured with v1beta1, the
// onboarding RBAC applied (and deny-real-writes.yaml not: 1.24 serves no ValidatingAdmissionPolicy).

import { ApiException, ApisApi, CoreV1Api, CustomObjectsApi, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool } from '../harness/run-tool.ts';
import { KUBE_1_24_VERSION } from '../harness/setup-go.ts';
import type { Servers } from '../harness/servers.ts';
import { patchNamespaceLabels } from '../integration/support/kube.ts';
import { warningTexts } from '../support/warning-texts.ts';
import { PRIVILEGED_PSP, PSP_GROUP, PSP_PLURAL, PSP_VERSION, createPodSecurityPolicy } from './support/pod-security-policies.ts';
import { beforeAllOrFailEach } from './support/before-all-or-fail-each.ts';
import { startKube124Servers } from './support/servers-1.24.ts';

let servers: Servers;
let admin: KubeConfig;
let scanner: KubeConfig;

function load(file: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(file);
  return config;
}

async function statusOf(request: Promise<unknown>): Promise<number> {
  return request.then(
    () => 200,
    (error: unknown) => {
      if (error instanceof ApiException) return error.code;
      throw error;
    },
  );
}

beforeAllOrFailEach(async () => {
  servers = await startKube124Servers();
  admin = load(servers.adminKubeconfig);
  scanner = load(servers.scannerKubeconfig);
});

afterAll(async () => {
  await servers?.stop();
});

describe('kube-apiserver 1.24', () => {
  it(`reports ${KUBE_1_24_VERSION} at /version`, async () => {
    const version = await scanner.makeApiClient(VersionApi).getCode();
    expect({ gitVersion: version.gitVersion, major: version.major, minor: version.minor }).toEqual({
      gitVersion: KUBE_1_24_VERSION,
      major: '1',
      minor: '24',
    });
    expect(servers.kubernetesVersion).toBe(KUBE_1_24_VERSION);
  });

  it('comes with the kubectl of the same release', async () => {
    const { stdout } = await runTool(servers.kubectl, ['version', '--client', '--output=json']);
    expect((JSON.parse(stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion).toBe(KUBE_1_24_VERSION);
  });

  it('reads its PodSecurity configuration as pod-security.admission.config.k8s.io/v1beta1 (1.24 has no v1)', async () => {
    const written = JSON.parse(await readFile(`${servers.workDir}/admission-configuration.json`, 'utf8')) as {
      plugins: Array<{ name: string; configuration: { apiVersion: string; exemptions: { namespaces: string[] } } }>;
    };
    const podSecurity = written.plugins.find((p) => p.name === 'PodSecurity')?.configuration;
    expect(podSecurity?.apiVersion).toBe('pod-security.admission.config.k8s.io/v1beta1');
    expect(podSecurity?.exemptions.namespaces).toEqual(servers.podSecurity.exemptions.namespaces);
  });

  it('serves policy/v1beta1 podsecuritypolicies, and the scanner may list them with a deprecation warning', async () => {
    const resources = await scanner.makeApiClient(ApisApi).getAPIVersions();
    const policy = resources.groups.find((g) => g.name === PSP_GROUP);
    expect(policy?.versions.map((v) => v.version)).toContain(PSP_VERSION);

    await createPodSecurityPolicy(admin, PRIVILEGED_PSP);
    const response = await scanner
      .makeApiClient(CustomObjectsApi)
      .listClusterCustomObjectWithHttpInfo({ group: PSP_GROUP, version: PSP_VERSION, plural: PSP_PLURAL });
    const list = response.data as { kind: string; items: Array<{ metadata: { name: string } }> };
    expect(list.kind).toBe('PodSecurityPolicyList');
    expect(list.items.map((item) => item.metadata.name)).toEqual([PRIVILEGED_PSP.metadata.name]);
    expect(warningTexts(response.headers['warning'])).toEqual(['policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+']);
  });

  it('gives the scanner list on PSPs and nothing more (onboarding rbac.yaml)', async () => {
    const psps = scanner.makeApiClient(CustomObjectsApi);
    const name = PRIVILEGED_PSP.metadata.name;
    expect(await statusOf(psps.getClusterCustomObject({ group: PSP_GROUP, version: PSP_VERSION, plural: PSP_PLURAL, name }))).toBe(403);
    const copy = { ...PRIVILEGED_PSP, metadata: { name: 'psa-scanner-made' } };
    expect(await statusOf(psps.createClusterCustomObject({ group: PSP_GROUP, version: PSP_VERSION, plural: PSP_PLURAL, body: copy }))).toBe(403);
  });

  it('serves no ValidatingAdmissionPolicy, so deny-real-writes.yaml is not applied and the scanner can change labels for real', async () => {
    const registration = await admin.makeApiClient(ApisApi).getAPIVersions();
    const admissionregistration = registration.groups.find((g) => g.name === 'admissionregistration.k8s.io');
    const { stdout } = await runTool(servers.kubectl, ['--kubeconfig', servers.adminKubeconfig, 'api-resources', '--api-group=admissionregistration.k8s.io', '-o', 'name']);
    expect(admissionregistration?.versions.map((v) => v.version)).toEqual(['v1']);
    expect(stdout.split('\n').filter((line) => line !== '').sort()).toEqual([
      'mutatingwebhookconfigurations.admissionregistration.k8s.io',
      'validatingwebhookconfigurations.admissionregistration.k8s.io',
    ]);

    // The gap on clusters before 1.30 (ValidatingAdmissionPolicy GA; beta and off by default in
    // 1.28-1.29): the onboarding RBAC alone lets the scanner relax a namespace for real.
    const core = admin.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'v124-real-write', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } } });
    const outcome = await patchNamespaceLabels(scanner.makeApiClient(CoreV1Api), 'v124-real-write', { 'pod-security.kubernetes.io/enforce': 'privileged' }, { dryRun: false });
    expect(outcome.status).toBe(200);
    expect((await core.readNamespace({ name: 'v124-real-write' })).metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });
});
