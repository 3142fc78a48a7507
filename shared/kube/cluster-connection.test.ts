// How the reader connects: one keep-alive dispatcher per reader, the bearer token asked on every
// request, certificate problems as `tls`. Against the fake apiserver (HTTP/1.1, so each request in
// flight needs its own connection and reuse is visible); the same against the real apiserver is
// in test/integration/kube-cluster-reader.test.ts.
import { describe, expect, it } from 'vitest';
import { clusterRequestFailure } from '../../test/support/cluster-request-failure.ts';
import { FakeApiServer, ok } from '../../test/kube-faults/fake-apiserver.ts';
import { fakeApiServerPerFile } from '../../test/kube-faults/fake-apiserver-per-file.ts';
import { KubeConfigError } from './cluster-connection.ts';
import { createKubeClusterReader } from './kube-cluster-reader.ts';

const VERSION = { major: '1', minor: '30+', gitVersion: 'v1.30.4-eks-a737599' };

let server: FakeApiServer;

fakeApiServerPerFile((started) => {
  server = started;
  server.handler = (request) => (request.path === '/version' ? ok(VERSION) : ok({ kind: 'Namespace' }));
});

describe('connections', () => {
  it('reuses its connections: 200 requests, 4 at a time, over a handful of connections', async () => {
    const reader = createKubeClusterReader(server.endpoint(), { concurrency: 4 });
    await Promise.all(Array.from({ length: 200 }, (_, i) => reader.dryRunNamespaceLabels(`ns-${i}`, { a: 'b' })));
    expect(server.requests).toHaveLength(200);
    // Over HTTP/1.1 undici's pool sometimes opens one more connection when the next request comes
    // before a finished one is marked free (measured: 7 for 4 in flight); a client that did not
    // keep connections alive would open 200.
    expect(server.connections).toBeGreaterThanOrEqual(1);
    expect(server.connections).toBeLessThanOrEqual(2 * 4);
    await reader.close();
  });

  it('reads the EKS-style minor `30+` as 30', async () => {
    const reader = createKubeClusterReader(server.endpoint());
    expect(await reader.version()).toEqual({ gitVersion: 'v1.30.4-eks-a737599', major: 1, minor: 30 });
    await reader.close();
  });

  it('refuses a kubeconfig whose current context names no cluster, naming the context', () => {
    const endpoint = server.endpoint();
    endpoint.kubeConfig.setCurrentContext('missing');
    expect(() => createKubeClusterReader(endpoint)).toThrow(KubeConfigError);
    expect(() => createKubeClusterReader(endpoint)).toThrow(/current-context "missing" names no cluster/);
  });
});

describe('bearer token', () => {
  it('asks the source on every request and sends what it returns, so a renewed token is used at once', async () => {
    let calls = 0;
    const source = {
      token: async () => {
        calls++;
        return calls <= 3 ? 'k8s-aws-v1.first' : 'k8s-aws-v1.renewed';
      },
    };
    const reader = createKubeClusterReader(server.endpoint({ token: 'from-kubeconfig' }, source), { concurrency: 1 });
    for (let i = 0; i < 6; i++) await reader.version();
    expect(calls).toBe(6);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      ...Array(3).fill('Bearer k8s-aws-v1.first'),
      ...Array(3).fill('Bearer k8s-aws-v1.renewed'),
    ]);
    await reader.close();
  });

  it("sends the kubeconfig user's token when there is no token source", async () => {
    const reader = createKubeClusterReader(server.endpoint({ token: 'from-kubeconfig' }));
    await reader.version();
    expect(server.requests[0]?.headers.authorization).toBe('Bearer from-kubeconfig');
    expect(server.requests[0]?.headers['user-agent']).toBe('psa-fleet-scanner');
    await reader.close();
  });

  it('fails as unauthorized without sending anything when the token source fails, keeping its error', async () => {
    const cause = new Error('STS: ExpiredToken');
    const reader = createKubeClusterReader(server.endpoint({}, { token: () => Promise.reject(cause) }));
    const error = await clusterRequestFailure(reader.version());
    expect(error).toMatchObject({ kind: 'unauthorized', request: 'GET /version', attempts: 1 });
    expect(error.message).toContain('STS: ExpiredToken');
    expect((error.cause as Error).cause).toBe(cause);
    expect(server.requests).toHaveLength(0);
    await reader.close();
  });
});

describe('TLS', () => {
  it('fails as tls, without retrying, when the kubeconfig trusts another CA', async () => {
    const reader = createKubeClusterReader(server.endpoint({ ca: 'wrong' }));
    const error = await clusterRequestFailure(reader.version());
    expect(error).toMatchObject({ kind: 'tls', request: 'GET /version', attempts: 1 });
    expect(server.requests).toHaveLength(0);
    await reader.close();
  });

  it("fails as tls when the certificate does not carry the kubeconfig's tls-server-name", async () => {
    const reader = createKubeClusterReader(server.endpoint({ tlsServerName: 'not-this-server.example' }));
    const error = await clusterRequestFailure(reader.version());
    expect(error).toMatchObject({ kind: 'tls', attempts: 1 });
    expect(error.message).toMatch(/not-this-server\.example/);
    await reader.close();
  });
});

describe('an API server that is not there', () => {
  it('fails as unreachable after every attempt when the connection is refused', async () => {
    const gone = await FakeApiServer.start();
    const endpoint = gone.endpoint();
    await gone.close();
    const reader = createKubeClusterReader(endpoint, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const error = await clusterRequestFailure(reader.namespaces());
    expect(error).toMatchObject({ kind: 'unreachable', request: 'GET /api/v1/namespaces', attempts: 3 });
    expect(error.message).toContain('ECONNREFUSED');
    await reader.close();
  });
});
