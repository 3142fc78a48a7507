// The reader against a real kube-apiserver v1.24.17, the last release that serves
// PodSecurityPolicy (policy/v1beta1): discovery finds the API and the list names every PSP, as the
// scanner identity (onboarding RBAC: list podsecuritypolicies). Starts its own 1.24 servers.
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL } from '../../shared/fleet/cluster-identity.ts';
import { createKubeClusterReader, type KubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import type { Servers } from '../harness/servers.ts';
import { beforeAllOrFailEach } from './support/before-all-or-fail-each.ts';
import { createPodSecurityPolicy, PRIVILEGED_PSP, RESTRICTED_MUTATING_PSP } from './support/pod-security-policies.ts';
import { startKube124Servers } from './support/servers-1.24.ts';

let servers: Servers;
let reader: KubeClusterReader;

function load(file: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(file);
  return config;
}

beforeAllOrFailEach(async () => {
  servers = await startKube124Servers();
  const admin = load(servers.adminKubeconfig);
  await createPodSecurityPolicy(admin, RESTRICTED_MUTATING_PSP);
  await createPodSecurityPolicy(admin, PRIVILEGED_PSP);
  reader = createKubeClusterReader(
    { identity: { account: LOCAL, region: LOCAL, name: 'harness-1.24' }, kubeConfig: load(servers.scannerKubeconfig) },
    { pageSize: 1, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 200 } },
  );
});

afterAll(async () => {
  await reader?.close();
  await servers?.stop();
});

describe('a 1.24 cluster', () => {
  it('serves PodSecurityPolicy: the reader names every PSP, sorted, across pages', async () => {
    expect(await reader.podSecurityPolicies()).toEqual({
      served: true,
      names: [PRIVILEGED_PSP.metadata.name, RESTRICTED_MUTATING_PSP.metadata.name].sort(),
    });
  });

  it('reports its version', async () => {
    expect(await reader.version()).toEqual({ gitVersion: servers.kubernetesVersion, major: 1, minor: 24 });
  });

  it('answers a dry-run of the namespace labels (PodSecurity is beta, on by default, in 1.24)', async () => {
    expect(await reader.dryRunNamespaceLabels('default', { 'pod-security.kubernetes.io/enforce': 'baseline' })).toEqual({
      kind: 'answered',
      warnings: [],
      warningParseErrors: [],
    });
  });
});
