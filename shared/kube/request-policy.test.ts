// The reader's retries, timeouts and concurrency limit, against a fake apiserver that throttles,
// fails and hangs on demand (faults the real apiserver cannot be made to produce at will; real
// throttling is in test/integration/kube-apf.test.ts). Timing assertions are lower bounds only.
import { describe, expect, it } from 'vitest';
import { clusterRequestFailure } from '../../test/support/cluster-request-failure.ts';
import { type FakeApiServer, ok, status, type FakeAnswer } from '../../test/kube-faults/fake-apiserver.ts';
import { fakeApiServerPerFile } from '../../test/kube-faults/fake-apiserver-per-file.ts';
import { createKubeClusterReader } from './kube-cluster-reader.ts';
import type { KubeClientOptions } from './kube-client-options.ts';
import type { RequestEvent } from './request-event.ts';

const VERSION = { major: '1', minor: '37', gitVersion: 'v1.37.2' };
const FAST_RETRIES: KubeClientOptions = { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20 } };

let server: FakeApiServer;

fakeApiServerPerFile((started) => (server = started));

/** Answers in turn; the last one over and over. */
function answers(...sequence: FakeAnswer[]): void {
  let next = 0;
  server.handler = () => sequence[Math.min(next++, sequence.length - 1)] as FakeAnswer;
}

function reader(options: KubeClientOptions = FAST_RETRIES) {
  return createKubeClusterReader(server.endpoint(), options);
}

describe('retries', () => {
  it('waits at least Retry-After before retrying a 429, and reports both attempts', async () => {
    answers({ ...status(429, 'TooManyRequests', 'Too many requests, please try again later.'), headers: { 'Retry-After': '1' } }, ok(VERSION));
    const events: RequestEvent[] = [];
    const r = reader({ retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5000 }, random: () => 0.5, onRequest: (e) => events.push(e) });

    expect(await r.version()).toEqual({ gitVersion: 'v1.37.2', major: 1, minor: 37 });

    const [first, second] = server.requests.map((request) => request.at);
    expect(server.requests).toHaveLength(2);
    expect((second ?? 0) - (first ?? Infinity)).toBeGreaterThanOrEqual(1000);
    expect(events.map(({ durationMs: _, ...e }) => e)).toEqual([
      { request: 'GET /version', attempt: 1, status: 429, retryAfterMs: 1000 },
      { request: 'GET /version', attempt: 2, status: 200 },
    ]);
    await r.close();
  });

  it('retries 500 and 503 and returns the answer that follows', async () => {
    answers(status(500, 'InternalError', 'etcd hiccup'), status(503, 'ServiceUnavailable', 'shutting down'), ok(VERSION));
    const r = reader();
    expect((await r.version()).minor).toBe(37);
    expect(server.requests).toHaveLength(3);
    await r.close();
  });

  it('retries a connection reset', async () => {
    answers('reset', ok(VERSION));
    const r = reader();
    expect((await r.version()).gitVersion).toBe('v1.37.2');
    expect(server.requests).toHaveLength(2);
    await r.close();
  });

  it('gives up after maxAttempts with the kind, status and number of attempts', async () => {
    answers(status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'));
    const r = reader();
    const error = await clusterRequestFailure(r.namespaces());
    expect(error).toMatchObject({ kind: 'server-error', request: 'GET /api/v1/namespaces', status: 503, attempts: 3 });
    expect(error.message).toContain('the server is currently unable to handle the request');
    expect(server.requests).toHaveLength(3);
    await r.close();
  });

  it('reports a 429 that outlasts the retries as throttled', async () => {
    answers({ ...status(429, 'TooManyRequests', 'Too many requests'), headers: { 'Retry-After': '0' } });
    const r = reader();
    const error = await clusterRequestFailure(r.dryRunNamespaceLabels('ns', { a: 'b' }));
    expect(error).toMatchObject({ kind: 'throttled', request: 'PATCH /api/v1/namespaces/ns?dryRun=All', status: 429, attempts: 3 });
    await r.close();
  });

  it('does not wait for a Retry-After longer than retry.maxDelayMs', async () => {
    answers({ ...status(429, 'TooManyRequests', 'Too many requests'), headers: { 'Retry-After': '3600' } });
    const r = reader();
    const error = await clusterRequestFailure(r.version());
    expect(error).toMatchObject({ kind: 'throttled', attempts: 1 });
    expect(error.message).toContain('beyond retry.maxDelayMs');
    await r.close();
  });

  it.each([
    [401, 'Unauthorized', 'unauthorized'],
    [403, 'Forbidden', 'forbidden'],
    [404, 'NotFound', 'not-found'],
    [400, 'BadRequest', 'bad-response'],
  ] as const)('does not retry %i (%s) on a read: %s', async (code, reason, kind) => {
    answers(status(code, reason, `${reason} says no`), ok({ items: [] }));
    const r = reader();
    const error = await clusterRequestFailure(r.pods('team-a'));
    expect(error).toMatchObject({ kind, request: 'GET /api/v1/namespaces/team-a/pods', status: code, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    await r.close();
  });

  it('calls an answer that is not JSON a bad response', async () => {
    answers({ status: 200, body: '<html>proxy login</html>' });
    const r = reader();
    expect(await clusterRequestFailure(r.version())).toMatchObject({ kind: 'bad-response', request: 'GET /version', status: 200 });
    await r.close();
  });
});

describe('timeouts', () => {
  it('gives up on a server that never answers after every attempt timed out', async () => {
    answers('hang');
    const r = reader({ requestTimeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    const started = performance.now();
    const error = await clusterRequestFailure(r.version());
    // Two timeouts of 150 ms; a few ms of slack for timer granularity.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(error).toMatchObject({ kind: 'timeout', request: 'GET /version', attempts: 2 });
    expect(error.message).toContain('no answer within 150 ms');
    expect(server.requests).toHaveLength(2);
    await r.close();
  });
});

describe('concurrency', () => {
  it('never has more requests in flight than the limit, across all methods of the reader', async () => {
    server.handler = async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 15));
      return request.method === 'PATCH' ? ok({ kind: 'Namespace' }) : ok({ items: [] });
    };
    const r = reader({ ...FAST_RETRIES, concurrency: 4 });
    const work = [
      ...Array.from({ length: 30 }, (_, i) => r.dryRunNamespaceLabels(`ns-${i}`, { 'pod-security.kubernetes.io/enforce': 'restricted' })),
      ...Array.from({ length: 10 }, (_, i) => r.pods(`ns-${i}`)),
    ];
    await Promise.all(work);
    expect(server.requests).toHaveLength(40);
    expect(server.maxInFlight).toBe(4);
    await r.close();
  });
});
