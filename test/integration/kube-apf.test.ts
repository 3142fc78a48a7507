// Real throttling (DESIGN.md fact 10): a PriorityLevelConfiguration with one nominal share that
// rejects instead of queuing, and a FlowSchema that puts the scanner's group on it, make the real
// apiserver answer most of a burst of dry-runs with 429 and Retry-After. Every dry-run through the
// reader still completes, and its counters show the 429s it waited out. Both objects are
// cluster-wide and removed at the end (the apiserver is shared with the other test files).
import { FlowcontrolApiserverV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL } from '../../shared/fleet/cluster-identity.ts';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import { RequestCounters, type RequestEvent } from '../../shared/kube/request-event.ts';
import { coreApi, createNamespace, eventually, kubeConfig, MERGE_PATCH, servers } from './support/kube.ts';

const NS = 'kube-apf';
const LIMITED = 'kube-apf-limited';
const DRY_RUNS = 300;
const CONCURRENCY = 32;

function flowcontrol(): FlowcontrolApiserverV1Api {
  return kubeConfig(servers().adminKubeconfig).makeApiClient(FlowcontrolApiserverV1Api);
}

async function removeLimits(): Promise<void> {
  await flowcontrol().deleteFlowSchema({ name: LIMITED }).catch(() => undefined);
  await flowcontrol().deletePriorityLevelConfiguration({ name: LIMITED }).catch(() => undefined);
}

let priorityLevelUid: string;

beforeAll(async () => {
  await createNamespace(coreApi(servers().adminKubeconfig), NS);
  const level = await flowcontrol().createPriorityLevelConfiguration({
    body: {
      metadata: { name: LIMITED },
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, lendablePercent: 0, limitResponse: { type: 'Reject' } } },
    },
  });
  priorityLevelUid = level.metadata?.uid ?? '';
  await flowcontrol().createFlowSchema({
    body: {
      metadata: { name: LIMITED },
      spec: {
        priorityLevelConfiguration: { name: LIMITED },
        matchingPrecedence: 500,
        distinguisherMethod: { type: 'ByUser' },
        rules: [
          {
            subjects: [{ kind: 'Group', group: { name: 'psa-scanner' } }],
            resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true }],
          },
        ],
      },
    },
  });
  // The apiserver applies new flow control objects a moment later: wait until the scanner's
  // requests are classified into the new priority level (it says so in a response header).
  const scanner = coreApi(servers().scannerKubeconfig);
  const classified = await eventually(
    async () => (await scanner.patchNamespaceWithHttpInfo({ name: NS, body: { metadata: { labels: {} } }, dryRun: 'All' }, MERGE_PATCH)).headers,
    (headers) => headers['x-kubernetes-pf-prioritylevel-uid'] === priorityLevelUid,
  );
  expect(classified['x-kubernetes-pf-prioritylevel-uid']).toBe(priorityLevelUid);
});

afterAll(removeLimits);

describe('a scanner throttled by API Priority and Fairness', () => {
  it(`completes ${DRY_RUNS} dry-runs sent ${CONCURRENCY} at a time, retrying the real 429s after their Retry-After`, async () => {
    const counters = new RequestCounters();
    const throttledEvents: RequestEvent[] = [];
    let mostAttempts = 0;
    const reader = createKubeClusterReader(
      { identity: { account: LOCAL, region: LOCAL, name: 'harness' }, kubeConfig: kubeConfig(servers().scannerKubeconfig) },
      {
        // the default retries (6 attempts, 200 ms base, 10 s cap)
        concurrency: CONCURRENCY,
        onRequest: (event) => {
          counters.record(event);
          mostAttempts = Math.max(mostAttempts, event.attempt);
          if (event.status === 429) throttledEvents.push(event);
        },
      },
    );
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: DRY_RUNS }, (_, i) =>
        reader.dryRunNamespaceLabels(NS, { 'pod-security.kubernetes.io/enforce': i % 2 === 0 ? 'baseline' : 'restricted' }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    await reader.close();
    console.log(
      `${DRY_RUNS} dry-runs in ${seconds.toFixed(1)} s: ${counters.requests} requests, ${counters.throttled} answered 429, ${counters.retries} retries, at most ${mostAttempts} attempts for one`,
    );

    expect(answers.filter((a) => a.kind !== 'answered')).toEqual([]);
    expect(counters.throttled).toBeGreaterThan(0);
    // every 429 was retried: the requests beyond one per dry-run are exactly the retries
    expect(counters.requests).toBe(DRY_RUNS + counters.retries);
    expect(counters.retries).toBeGreaterThanOrEqual(counters.throttled);
    // the apiserver asked for at least a second each time
    expect(throttledEvents.every((e) => (e.retryAfterMs ?? 0) >= 1000)).toBe(true);
  });
});
