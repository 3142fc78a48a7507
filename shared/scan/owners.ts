// Which workload a pod belongs to, as a person thinks of it: a ReplicaSet's pod belongs to its
// Deployment, a Job's pod to its CronJob. Follows controller owner references through the
// workloads the scan listed; an owner it did not list (an operator's custom resource) is named as
// the reference gives it.
import type { OwnerReference } from '../pss/pod.ts';
import type { PodRecord, WorkloadRecord } from './cluster-reader.ts';

export interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
}

function controllerOf(references: readonly OwnerReference[] | undefined): OwnerReference | undefined {
  return references?.find((ref) => ref.controller === true);
}

/** Looks up workloads of one namespace by UID to resolve owner chains. */
export class OwnerResolver {
  private readonly byUid: ReadonlyMap<string, WorkloadRecord>;

  constructor(workloads: readonly WorkloadRecord[]) {
    this.byUid = new Map(workloads.map((w) => [w.uid, w]));
  }

  /** The top of the controller chain (at most two hops: ReplicaSet -> Deployment, Job -> CronJob). */
  ownerOfPod(pod: PodRecord): WorkloadRef {
    const ref = controllerOf(pod.metadata.ownerReferences);
    if (ref === undefined) return { kind: 'Pod', name: pod.metadata.name };
    return this.topOf(ref);
  }

  /** A workload's own owner, for templates: an owned ReplicaSet or Job belongs to its Deployment or CronJob. */
  ownerOfWorkload(workload: WorkloadRecord): WorkloadRef | undefined {
    const ref = controllerOf(workload.ownerReferences);
    return ref === undefined ? undefined : this.topOf(ref);
  }

  private topOf(ref: OwnerReference): WorkloadRef {
    const owner = ref.uid === undefined ? undefined : this.byUid.get(ref.uid);
    if (owner === undefined) return { kind: ref.kind ?? 'Unknown', name: ref.name ?? '' };
    const parent = controllerOf(owner.ownerReferences);
    if (parent === undefined) return { kind: owner.kind, name: owner.name };
    const grandparent = parent.uid === undefined ? undefined : this.byUid.get(parent.uid);
    return grandparent === undefined ? { kind: parent.kind ?? 'Unknown', name: parent.name ?? '' } : { kind: grandparent.kind, name: grandparent.name };
  }
}
