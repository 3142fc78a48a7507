// `--throttle`: every bench cluster limits the scanner's group the way DESIGN.md fact 10 measured,
// a PriorityLevelConfiguration with one nominal share that rejects instead of queuing and a
// FlowSchema putting group psa-scanner on it, so the night meets real 429s with Retry-After (what a
// busy control plane, or a cluster owner's tight budget for the scanner, does). The bench's
// apiservers are its own and go away with it: nothing is removed.
import { CoreV1Api, FlowcontrolApiserverV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { RunningBenchCluster } from './fleet-bench-clusters.ts';

export const THROTTLE_NAME = 'psa-fleet-bench-limited';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export async function throttleScanner(cluster: RunningBenchCluster): Promise<void> {
  const admin = new KubeConfig();
  admin.loadFromFile(cluster.servers.adminKubeconfig);
  const flowcontrol = admin.makeApiClient(FlowcontrolApiserverV1Api);
  const level = await flowcontrol.createPriorityLevelConfiguration({
    body: {
      metadata: { name: THROTTLE_NAME },
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, lendablePercent: 0, limitResponse: { type: 'Reject' } } },
    },
  });
  await flowcontrol.createFlowSchema({
    body: {
      metadata: { name: THROTTLE_NAME },
      spec: {
        priorityLevelConfiguration: { name: THROTTLE_NAME },
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
  // The apiserver takes new flow control objects up a moment later; it names the priority level a
  // request was classified into in a response header: wait until the scanner's land in the new one.
  const scanner = new KubeConfig();
  scanner.loadFromFile(cluster.servers.scannerKubeconfig);
  const core = scanner.makeApiClient(CoreV1Api);
  const uid = level.metadata?.uid ?? '';
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { headers } = await core.patchNamespaceWithHttpInfo({ name: 'default', body: { metadata: { labels: {} } }, dryRun: 'All' }, MERGE_PATCH);
    if (headers['x-kubernetes-pf-prioritylevel-uid'] === uid) return;
    if (Date.now() > deadline) throw new Error(`${cluster.spec.name}: the apiserver did not classify group psa-scanner into ${THROTTLE_NAME} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
