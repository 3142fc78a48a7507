// What the reader sends and how it reads what comes back, seen from a fake apiserver: the dry-run's
// merge patch, the list paths of every workload kind, repeated Warning headers, PodSecurityPolicy
// discovery on a server that still serves policy/v1beta1. The same against the real apiserver is
// in test/integration/kube-cluster-reader.test.ts.
import { describe, expect, it } from 'vitest';
import { WORKLOAD_KINDS, type WorkloadKind } from '../scan/cluster-reader.ts';
import { type FakeApiServer, ok, status } from '../../test/kube-faults/fake-apiserver.ts';
import { fakeApiServerPerFile } from '../../test/kube-faults/fake-apiserver-per-file.ts';
import { createKubeClusterReader } from './kube-cluster-reader.ts';

let server: FakeApiServer;

fakeApiServerPerFile((started) => (server = started));

describe('dryRunNamespaceLabels', () => {
  it('sends a JSON merge patch of the labels with dryRun=All and the field manager', async () => {
    server.handler = () => ok({ kind: 'Namespace' });
    const reader = createKubeClusterReader(server.endpoint(), { fieldManager: 'psa-test' });
    await reader.dryRunNamespaceLabels('team-a', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': null });
    const [request] = server.requests;
    expect(request?.method).toBe('PATCH');
    expect(request?.path).toBe('/api/v1/namespaces/team-a');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ dryRun: 'All', fieldManager: 'psa-test' });
    expect(request?.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': null } },
    });
    await reader.close();
  });

  it('reads warnings sent as separate Warning headers, in order', async () => {
    server.handler = () =>
      ok({ kind: 'Namespace' }, { Warning: ['299 - "existing pods in namespace \\"team-a\\" violate ..."', '299 - "web-1: privileged"'] });
    const reader = createKubeClusterReader(server.endpoint());
    expect(await reader.dryRunNamespaceLabels('team-a', { a: 'b' })).toEqual({
      kind: 'answered',
      warnings: ['existing pods in namespace "team-a" violate ...', 'web-1: privileged'],
      warningParseErrors: [],
    });
    await reader.close();
  });
});

describe('workloads', () => {
  const PATHS: Readonly<Record<WorkloadKind, string>> = {
    Deployment: '/apis/apps/v1/deployments',
    StatefulSet: '/apis/apps/v1/statefulsets',
    DaemonSet: '/apis/apps/v1/daemonsets',
    ReplicaSet: '/apis/apps/v1/replicasets',
    Job: '/apis/batch/v1/jobs',
    CronJob: '/apis/batch/v1/cronjobs',
    ReplicationController: '/api/v1/replicationcontrollers',
  };

  it.each(WORKLOAD_KINDS.map((kind) => [kind]))('lists %s across the cluster and in one namespace', async (kind: WorkloadKind) => {
    server.handler = () => ok({ items: [] });
    const reader = createKubeClusterReader(server.endpoint(), { pageSize: 42 });
    await reader.workloads(kind);
    await reader.workloads(kind, 'team-a');
    const namespaced = PATHS[kind].replace(/\/([a-z]+)$/, '/namespaces/team-a/$1');
    expect(server.requests.map((r) => [r.method, r.path, r.query.get('limit')])).toEqual([
      ['GET', PATHS[kind], '42'],
      ['GET', namespaced, '42'],
    ]);
    await reader.close();
  });

  it('names the request in its errors the way the scan reports them', async () => {
    server.handler = () => status(403, 'Forbidden', 'cronjobs.batch is forbidden: User "x" cannot list resource "cronjobs"');
    const reader = createKubeClusterReader(server.endpoint());
    await expect(reader.workloads('CronJob', 'team-a')).rejects.toMatchObject({
      kind: 'forbidden',
      request: 'GET /apis/batch/v1/namespaces/team-a/cronjobs',
    });
    await reader.close();
  });
});

describe('podSecurityPolicies', () => {
  const APIS = (...policyVersions: string[]) =>
    ok({
      kind: 'APIGroupList',
      groups: [{ name: 'policy', versions: policyVersions.map((v) => ({ groupVersion: `policy/${v}`, version: v })) }],
    });

  it('lists the PSPs, sorted, where /apis lists policy/v1beta1', async () => {
    server.handler = (request) =>
      request.path === '/apis'
        ? APIS('v1', 'v1beta1')
        : ok({ kind: 'PodSecurityPolicyList', items: [{ metadata: { name: 'restricted' } }, { metadata: { name: 'eks.privileged' } }] });
    const reader = createKubeClusterReader(server.endpoint());
    expect(await reader.podSecurityPolicies()).toEqual({ served: true, names: ['eks.privileged', 'restricted'] });
    expect(server.requests.map((r) => r.path)).toEqual(['/apis', '/apis/policy/v1beta1/podsecuritypolicies']);
    await reader.close();
  });

  it('does not ask for PSPs where policy/v1beta1 is gone', async () => {
    server.handler = () => APIS('v1');
    const reader = createKubeClusterReader(server.endpoint());
    expect(await reader.podSecurityPolicies()).toEqual({ served: false, names: [] });
    expect(server.requests).toHaveLength(1);
    await reader.close();
  });

  it('says not served when policy/v1beta1 is there but the PSP resource is not (switched off)', async () => {
    server.handler = (request) => (request.path === '/apis' ? APIS('v1', 'v1beta1') : status(404, 'NotFound', 'the server could not find the requested resource'));
    const reader = createKubeClusterReader(server.endpoint());
    expect(await reader.podSecurityPolicies()).toEqual({ served: false, names: [] });
    await reader.close();
  });
});
