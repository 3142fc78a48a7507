// The port through which a scan sees one cluster: what it reads (inventory) and the one write it
// makes (a server-side dry-run of a namespace's labels). The adapter over @kubernetes/client-node
// (shared/kube/kube-cluster-reader.ts) is the only code that talks HTTP to a cluster; tests may
// drive the scan through a fake of this interface only for faults a real server cannot produce.
import type { ObjectMeta, OwnerReference, PodSpec, PodUnderTest } from '../pss/pod.ts';

/** `/version` of the API server. */
export interface ServerVersion {
  /** e.g. `v1.37.2` or `v1.30.4-eks-a737599`. */
  readonly gitVersion: string;
  readonly major: number;
  /** EKS reports minors like `30+`; this is the number. */
  readonly minor: number;
}

/** Whether the cluster serves `policy/v1beta1` PodSecurityPolicy, and which exist. */
export interface PodSecurityPolicyInventory {
  readonly served: boolean;
  /** Names, sorted; empty when not served. */
  readonly names: readonly string[];
}

export interface NamespaceRecord {
  readonly name: string;
  readonly uid: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `Active` or `Terminating`. */
  readonly phase: string;
}

/** A pod as listed: what the checks read, plus identity and phase. */
export interface PodRecord extends PodUnderTest {
  readonly metadata: ObjectMeta & { readonly name: string; readonly namespace: string; readonly uid: string };
  readonly spec: PodSpec;
  /** `Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`. */
  readonly phase: string;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** An object with a pod template. */
export interface WorkloadRecord {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly ownerReferences: readonly OwnerReference[];
  /** spec.replicas where the kind has it (0 for a Deployment scaled to zero). */
  readonly replicas?: number;
  /** spec.suspend of a Job or CronJob. */
  readonly suspended?: boolean;
  /** The pod template (metadata and spec), as PodSecurity would see a pod made from it. */
  readonly template: PodUnderTest;
}

/** Label changes for a dry-run merge patch; null removes the label. */
export type LabelPatch = Readonly<Record<string, string | null>>;

/** What the server answered to a dry-run namespace label patch (HTTP-level answers, not transport failures). */
export type DryRunAnswer =
  | {
      readonly kind: 'answered';
      /** Texts of the `Warning` headers, in order, as parsed by the engine's parser. */
      readonly warnings: readonly string[];
      /** Malformed Warning header values (none from a real apiserver). */
      readonly warningParseErrors: readonly string[];
    }
  /** 422: invalid labels; the Status message and its causes as `field: message`. */
  | { readonly kind: 'invalid'; readonly message: string; readonly causes: readonly string[] }
  /** 403 from RBAC: the scanner may not patch this namespace. */
  | { readonly kind: 'forbidden'; readonly message: string }
  /**
   * Any other refusal, e.g. 400 from a webhook that is not declared side-effect free
   * (`admission webhook "x" does not support dry run`), or an admission denial.
   */
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string; readonly message: string };

/** Why a request failed after the reader's retries, for the snapshot and the operator. */
export type ClusterFailureKind =
  | 'forbidden' // 403 RBAC
  | 'unauthorized' // 401: token expired, wrong credentials
  | 'not-found' // 404 (e.g. a namespace deleted during the scan)
  | 'throttled' // 429 still after every retry
  | 'timeout' // no answer within the per-request timeout, after every retry
  | 'unreachable' // connection refused/reset, DNS, after every retry
  | 'tls' // certificate not trusted, name mismatch
  | 'server-error' // 5xx after every retry
  | 'bad-response'; // an answer that is not what the API promises

export class ClusterRequestError extends Error {
  readonly kind: ClusterFailureKind;
  /** `GET /api/v1/pods`, `PATCH /api/v1/namespaces/x?dryRun=All`. */
  readonly request: string;
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(
    kind: ClusterFailureKind,
    request: string,
    message: string,
    details: { status?: number; attempts?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'ClusterRequestError';
    this.kind = kind;
    this.request = request;
    this.status = details.status;
    this.attempts = details.attempts ?? 1;
  }
}

/**
 * Reads one cluster. Every method retries what is safe to retry (429 with Retry-After, 5xx,
 * connection resets, timeouts) and then throws ClusterRequestError. Lists are complete: the adapter
 * pages through `limit`/`continue` and restarts a list whose continue token expired (410).
 */
export interface ClusterReader {
  version(): Promise<ServerVersion>;
  podSecurityPolicies(): Promise<PodSecurityPolicyInventory>;
  namespaces(): Promise<NamespaceRecord[]>;
  /** Every pod of the cluster, or of one namespace (the fallback when listing across namespaces is forbidden). */
  pods(namespace?: string): Promise<PodRecord[]>;
  /** Every object of one kind with a pod template, of the cluster or one namespace. */
  workloads(kind: WorkloadKind, namespace?: string): Promise<WorkloadRecord[]>;
  /** PATCH the namespace's labels with `dryRun=All` (JSON merge patch); nothing is persisted. */
  dryRunNamespaceLabels(namespace: string, labels: LabelPatch): Promise<DryRunAnswer>;
}
