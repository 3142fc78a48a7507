// Kubeconfig contexts resolved like kubectl, reaching the harness apiserver: the harness's own admin
// and scanner kubeconfigs merged through $KUBECONFIG, and a context named by an EKS cluster ARN.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEndpoint } from '../../shared/kube/cluster-endpoint.ts';
import { KubeconfigFleetSource } from '../../shared/fleet/kubeconfig-fleet-source.ts';
import type { ContextSelection } from '../../shared/fleet/kubeconfig-contexts.ts';
import type { KubeconfigLocation } from '../../shared/fleet/kubeconfig-paths.ts';
import { servers } from './support/kube.ts';

const EKS_ARN = 'arn:aws:eks:eu-west-1:330000000001:cluster/kubeconfig-contexts-harness';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubeconfig-contexts-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function endpoints(location: KubeconfigLocation, selection: ContextSelection): Promise<readonly ClusterEndpoint[]> {
  return (await new KubeconfigFleetSource({ location, selection }).discover()).endpoints;
}

/** Who the apiserver says the endpoint's credentials are (SelfSubjectReview). */
async function whoAmI(endpoint: ClusterEndpoint): Promise<{ username?: string; groups?: string[] }> {
  const review = await endpoint.kubeConfig.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
  return { username: review.status?.userInfo?.username, groups: review.status?.userInfo?.groups };
}

describe('kubeconfig contexts against the harness apiserver', () => {
  it('takes the current context from the first $KUBECONFIG file and reaches the apiserver as that user', async () => {
    const { scannerKubeconfig, adminKubeconfig } = servers();

    const [scanner, ...rest] = await endpoints({ kubeconfigEnv: `${scannerKubeconfig}:${adminKubeconfig}` }, { kind: 'current' });

    expect(rest).toEqual([]);
    expect(scanner?.identity).toEqual({ account: 'local', region: 'local', name: 'psa-scanner' });
    expect(await whoAmI(scanner as ClusterEndpoint)).toEqual({ username: 'psa-scanner', groups: ['psa-scanner', 'system:authenticated'] });
    const namespaces = await (scanner as ClusterEndpoint).kubeConfig.makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('default');
  });

  it('selects every context of the merged files, each with its own user', async () => {
    const { scannerKubeconfig, adminKubeconfig } = servers();

    const all = await endpoints({ kubeconfigEnv: `${scannerKubeconfig}:${adminKubeconfig}` }, { kind: 'all' });

    expect(all.map((e) => e.identity.name)).toEqual(['psa-admin', 'psa-scanner']);
    expect((await whoAmI(all[0] as ClusterEndpoint)).username).toBe('psa-admin');
    expect((await whoAmI(all[1] as ClusterEndpoint)).username).toBe('psa-scanner');
  });

  it('gives a context whose cluster is named by an EKS ARN that identity, and connects through it', async () => {
    // The scanner's harness kubeconfig, renamed the way `aws eks update-kubeconfig` names things.
    const harness = JSON.parse(await readFile(servers().scannerKubeconfig, 'utf8')) as {
      clusters: Array<{ name: string }>;
      contexts: Array<{ name: string; context: { cluster: string } }>;
      'current-context': string;
    };
    harness.clusters.forEach((c) => (c.name = EKS_ARN));
    harness.contexts.forEach((c) => (c.context.cluster = EKS_ARN));
    const file = join(dir, 'eks-named.kubeconfig');
    await writeFile(file, JSON.stringify(harness), { mode: 0o600 });

    const [endpoint] = await endpoints({ explicitPath: file, kubeconfigEnv: servers().adminKubeconfig }, { kind: 'named', names: ['psa-scanner'] });

    expect(endpoint?.identity).toEqual({ account: '330000000001', region: 'eu-west-1', name: 'kubeconfig-contexts-harness' });
    expect((await whoAmI(endpoint as ClusterEndpoint)).username).toBe('psa-scanner');
  });
});
