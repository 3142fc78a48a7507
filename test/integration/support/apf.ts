// Real throttling for the scanner's group (DESIGN.md fact 10): a PriorityLevelConfiguration with one
// nominal share that rejects instead of queuing, and a FlowSchema that puts the group on it. The
// apiserver then answers most of a burst with 429 and Retry-After. Cluster-wide objects: remove()
// takes them away again.
import { CoreV1Api, FlowcontrolApiserverV1Api, KubeConfig } from '@kubernetes/client-node';
import { eventually, MERGE_PATCH } from './kube.ts';

export interface FlowLimit {
  readonly priorityLevelUid: string;
  remove(): Promise<void>;
}

/**
 * Limits `group` and waits until requests of `probeKubeconfig` (an identity in that group) are
 * classified into the new priority level (the apiserver applies flow control objects a moment later
 * and names the level in a response header), probing with a no-op dry-run of `probeNamespace`.
 */
export async function limitFlow(options: {
  adminKubeconfig: string;
  probeKubeconfig: string;
  probeNamespace: string;
  group: string;
  name: string;
}): Promise<FlowLimit> {
  const admin = new KubeConfig();
  admin.loadFromFile(options.adminKubeconfig);
  const flowcontrol = admin.makeApiClient(FlowcontrolApiserverV1Api);
  const remove = async (): Promise<void> => {
    await flowcontrol.deleteFlowSchema({ name: options.name }).catch(() => undefined);
    await flowcontrol.deletePriorityLevelConfiguration({ name: options.name }).catch(() => undefined);
  };
  const level = await flowcontrol.createPriorityLevelConfiguration({
    body: {
      metadata: { name: options.name },
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, lendablePercent: 0, limitResponse: { type: 'Reject' } } },
    },
  });
  const priorityLevelUid = level.metadata?.uid ?? '';
  await flowcontrol.createFlowSchema({
    body: {
      metadata: { name: options.name },
      spec: {
        priorityLevelConfiguration: { name: options.name },
        matchingPrecedence: 500,
        distinguisherMethod: { type: 'ByUser' },
        rules: [
          {
            subjects: [{ kind: 'Group', group: { name: options.group } }],
            resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true }],
          },
        ],
      },
    },
  });
  const probe = new KubeConfig();
  probe.loadFromFile(options.probeKubeconfig);
  const core = probe.makeApiClient(CoreV1Api);
  const headers = await eventually(
    async () => (await core.patchNamespaceWithHttpInfo({ name: options.probeNamespace, body: { metadata: { labels: {} } }, dryRun: 'All' }, MERGE_PATCH)).headers,
    (h) => h['x-kubernetes-pf-prioritylevel-uid'] === priorityLevelUid,
  );
  if (headers['x-kubernetes-pf-prioritylevel-uid'] !== priorityLevelUid) {
    await remove();
    throw new Error(`the apiserver did not classify ${options.group} into ${options.name} in time`);
  }
  return { priorityLevelUid, remove };
}
