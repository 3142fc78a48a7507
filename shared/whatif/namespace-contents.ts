// One namespace as the what-if sees it: what the scan's inventory read there (pods, workloads) and
// what today's scan concluded. The pods and templates PodSecurity would evaluate are chosen as the
// scan chooses them (attribute.ts): exempt runtime classes left out, owned ReplicaSets and Jobs
// counted through their Deployment or CronJob.
import type { AdmissionConfig } from '../pss/admission/admission-config.ts';
import { podsEvaluated, templatesEvaluated } from '../scan/attribute.ts';
import type { NamespaceRecord, PodRecord, WorkloadRecord } from '../scan/cluster-reader.ts';
import { OwnerResolver } from '../scan/owners.ts';
import type { NamespaceResult, ScanError } from '../snapshot/snapshot-schema.ts';

export interface NamespaceContents {
  readonly namespace: NamespaceRecord;
  /** undefined when they could not be read. */
  readonly pods: readonly PodRecord[] | undefined;
  readonly workloads: readonly WorkloadRecord[] | undefined;
  /** The namespace's result in today's scan, when it has one. */
  readonly today: NamespaceResult | undefined;
  /** Errors reading this namespace, when today's scan has no result for it. */
  readonly inventoryErrors: readonly ScanError[];
}

export interface EvaluationInput {
  readonly pods: readonly PodRecord[];
  readonly templates: readonly WorkloadRecord[];
  readonly owners: OwnerResolver;
  readonly complete: boolean;
  readonly because: string | null;
  readonly errors: readonly ScanError[];
}

export function evaluationInput(contents: NamespaceContents, config: AdmissionConfig): EvaluationInput {
  const { pods, workloads } = contents;
  const unread = [pods === undefined ? 'its pods' : '', workloads === undefined ? 'its workloads (pod templates)' : ''].filter((s) => s !== '');
  return {
    pods: podsEvaluated(pods ?? [], config),
    templates: workloads === undefined ? [] : templatesEvaluated(workloads, config),
    owners: new OwnerResolver(workloads ?? []),
    complete: unread.length === 0,
    because: unread.length === 0 ? null : `${unread.join(' and ')} could not be read (see errors)`,
    errors: contents.today?.errors ?? contents.inventoryErrors,
  };
}
