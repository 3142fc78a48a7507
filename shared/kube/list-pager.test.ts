// Lists page through `limit`/`continue` and are complete or an error: a continue token that
// expired (410 Gone) restarts the list from the top. The fake apiserver serves a list of pods
// whose continue token is the offset, and expires tokens on demand (a real apiserver only does so
// after etcd compaction, minutes later). Paging on the real apiserver is in
// test/integration/kube-cluster-reader.test.ts.
import { describe, expect, it } from 'vitest';
import { ClusterRequestError } from '../scan/cluster-reader.ts';
import { type FakeApiServer, ok, status, type FakeAnswer, type FakeRequest } from '../../test/kube-faults/fake-apiserver.ts';
import { fakeApiServerPerFile } from '../../test/kube-faults/fake-apiserver-per-file.ts';
import { createKubeClusterReader } from './kube-cluster-reader.ts';

const POD_COUNT = 23;
const PAGE_SIZE = 5;

function pod(i: number): unknown {
  return {
    metadata: { name: `pod-${String(i).padStart(2, '0')}`, namespace: 'team-a', uid: `uid-${i}`, managedFields: [{ manager: 'kubectl' }] },
    spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
    status: { phase: 'Pending' },
  };
}

const PODS = Array.from({ length: POD_COUNT }, (_, i) => pod(i));

/** One page of PODS as the apiserver pages: `continue` names where the next page starts. */
function page(request: FakeRequest): FakeAnswer {
  const limit = Number(request.query.get('limit'));
  const offset = Number(request.query.get('continue') ?? '0');
  const end = Math.min(offset + limit, PODS.length);
  return ok({ kind: 'PodList', apiVersion: 'v1', metadata: end < PODS.length ? { continue: String(end) } : {}, items: PODS.slice(offset, end) });
}

const GONE = status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');

let server: FakeApiServer;

fakeApiServerPerFile((started) => (server = started));

function reader() {
  return createKubeClusterReader(server.endpoint(), { pageSize: PAGE_SIZE, maxListRestarts: 2, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
}

describe('paging', () => {
  it('follows the continue tokens to the end and returns every item once, in order', async () => {
    server.handler = page;
    const r = reader();
    const pods = await r.pods('team-a');
    expect(pods.map((p) => p.metadata.name)).toEqual(Array.from({ length: POD_COUNT }, (_, i) => `pod-${String(i).padStart(2, '0')}`));
    expect(server.requests.map((q) => [q.path, q.query.get('limit'), q.query.get('continue')])).toEqual([
      ['/api/v1/namespaces/team-a/pods', '5', null],
      ['/api/v1/namespaces/team-a/pods', '5', '5'],
      ['/api/v1/namespaces/team-a/pods', '5', '10'],
      ['/api/v1/namespaces/team-a/pods', '5', '15'],
      ['/api/v1/namespaces/team-a/pods', '5', '20'],
    ]);
    await r.close();
  });

  it('keeps no managedFields or other metadata bulk of the listed pods', async () => {
    server.handler = page;
    const r = reader();
    const [first] = await r.pods('team-a');
    expect(first?.metadata).toEqual({ name: 'pod-00', namespace: 'team-a', uid: 'uid-0' });
    expect(first?.phase).toBe('Pending');
    await r.close();
  });

  it('retries a page that failed and goes on from that page', async () => {
    let failed = false;
    server.handler = (request) => {
      if (request.query.get('continue') === '10' && !failed) {
        failed = true;
        return status(503, 'ServiceUnavailable', 'try again');
      }
      return page(request);
    };
    const r = reader();
    expect(await r.pods('team-a')).toHaveLength(POD_COUNT);
    expect(server.requests.map((q) => q.query.get('continue'))).toEqual([null, '5', '10', '10', '15', '20']);
    await r.close();
  });
});

describe('an expired continue token', () => {
  it('restarts the list from the top and returns it complete, without duplicates', async () => {
    let expired = false;
    server.handler = (request) => {
      if (request.query.get('continue') === '15' && !expired) {
        expired = true;
        return GONE;
      }
      return page(request);
    };
    const r = reader();
    const pods = await r.pods('team-a');
    expect(pods.map((p) => p.metadata.uid)).toEqual(Array.from({ length: POD_COUNT }, (_, i) => `uid-${i}`));
    expect(server.requests.map((q) => q.query.get('continue'))).toEqual([null, '5', '10', '15', null, '5', '10', '15', '20']);
    await r.close();
  });

  it('gives up after maxListRestarts and says why, instead of returning part of the list', async () => {
    server.handler = (request) => (request.query.get('continue') === '10' ? GONE : page(request));
    const r = reader();
    const error = await r.pods('team-a').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClusterRequestError);
    expect(error).toMatchObject({ kind: 'timeout', request: 'GET /api/v1/namespaces/team-a/pods', status: 410 });
    expect((error as Error).message).toContain('expired (410 Gone) 3 times');
    // the first pass and two restarts, each three pages deep
    expect(server.requests).toHaveLength(9);
    await r.close();
  });
});

describe('answers that break the list contract', () => {
  it('calls a pod without uid a bad response, naming the item', async () => {
    server.handler = () => ok({ items: [pod(0), { metadata: { name: 'x', namespace: 'team-a' }, spec: {} }] });
    const r = reader();
    const error = await r.pods('team-a').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'bad-response', request: 'GET /api/v1/namespaces/team-a/pods' });
    expect((error as Error).message).toContain('items[1].metadata.uid is not a non-empty string');
    await r.close();
  });

  it('reads each page as it arrives: a bad item on the third page is named by its place in the whole list, and no later page is asked for', async () => {
    const withoutUid = { metadata: { name: 'pod-12', namespace: 'team-a' }, spec: {} };
    server.handler = (request) =>
      request.query.get('continue') === '10'
        ? ok({ metadata: { continue: '15' }, items: [...PODS.slice(10, 12), withoutUid, ...PODS.slice(13, 15)] })
        : page(request);
    const r = reader();
    const error = await r.pods('team-a').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'bad-response', request: 'GET /api/v1/namespaces/team-a/pods' });
    expect((error as Error).message).toContain('items[12].metadata.uid is not a non-empty string');
    expect(server.requests.map((q) => q.query.get('continue'))).toEqual([null, '5', '10']);
    await r.close();
  });

  it('calls a server that repeats its continue token a bad response instead of paging forever', async () => {
    server.handler = () => ok({ metadata: { continue: 'same' }, items: [pod(0)] });
    const r = reader();
    await expect(r.pods('team-a')).rejects.toMatchObject({ kind: 'bad-response' });
    expect(server.requests).toHaveLength(2);
    await r.close();
  });
});
