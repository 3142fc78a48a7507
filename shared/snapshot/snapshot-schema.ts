// The ClusterSnapshot document: one scan of one cluster, as stored (immutable) and diffed. One zod
// schema gives the TypeScript types, the validation of a snapshot read back from a store, and the
// JSON Schema committed beside it (snapshot.schema.json, `npm run schemas`). Bump SCHEMA_VERSION
// for any change a reader of old snapshots must know about.
import { z } from 'zod';

export const SNAPSHOT_API_VERSION = 'psa-fleet-scanner/v1';
export const SNAPSHOT_KIND = 'ClusterSnapshot';
export const SCHEMA_VERSION = 1;

/** `restricted:v1.30`, `baseline:latest`, `privileged:latest` (as the apiserver prints them). */
const levelVersion = z.string().regex(/^(privileged|baseline|restricted):(latest|v1\.(0|[1-9][0-9]*))$/);

export const NAMESPACE_STATES = [
  'exempt',
  'privileged-allowed',
  'unlabelled',
  'enforced-compliant',
  'enforced-lingering-violations',
  'ready-to-promote',
  'blocked-at-target',
  'not-evaluated',
] as const;
export const namespaceStateSchema = z.enum(NAMESPACE_STATES).describe(
  'exempt: exempt from PodSecurity by the cluster configuration. privileged-allowed: effectively privileged and allowed to be by the fleet policy. ' +
    'unlabelled: no enforce label, so the cluster defaults apply. enforced-compliant: enforce is at (or beyond) the target and nothing violates it. ' +
    'enforced-lingering-violations: pods or templates violate the enforce level already in place (admitted before the label; need a rollout). ' +
    'ready-to-promote: clean at a target stricter than what is enforced. blocked-at-target: the target would reject pods or templates. ' +
    'not-evaluated: a verdict could not be reached (see why and errors).',
);
export type NamespaceState = z.infer<typeof namespaceStateSchema>;

export const violationSchema = z.object({
  check: z.string(),
  reason: z.string(),
  detail: z.string(),
});

/** Live pods of one workload that share exactly these violations. */
const podGroupSchema = z.object({
  pods: z.array(z.string()).describe('Pod names, sorted.'),
  violations: z.array(violationSchema),
});

export const WORKLOAD_VERDICT_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'Pod',
] as const;

/** A workload with something that violates a sweep's level: its live pods, its template, or both. */
export const workloadVerdictSchema = z.object({
  kind: z.string().describe('The owning workload after resolving ReplicaSet -> Deployment and Job -> CronJob; `Pod` for a pod with no controller; another kind as its owner reference names it.'),
  name: z.string(),
  pods: z.array(podGroupSchema).describe('Violating live pods, grouped by identical violations.'),
  template: z
    .object({
      violations: z.array(violationSchema),
      replicas: z.number().int().nullable(),
      suspended: z.boolean().nullable(),
    })
    .nullable()
    .describe('The pod template evaluated offline; null when the workload has no template the scan read (a bare pod, an unknown owner kind).'),
});

export type WorkloadVerdict = z.infer<typeof workloadVerdictSchema>;

export const SWEEP_METHODS = ['server-dry-run', 'server-dry-run-equivalent-version', 'offline', 'not-needed'] as const;

/** How the server answered the sweep's dry-run, verbatim where it matters. */
const dryRunSchema = z.object({
  patch: z.record(z.string(), z.string()).describe('The labels sent in the dry-run merge patch.'),
  outcome: z.enum(['answered', 'invalid', 'forbidden', 'refused', 'failed']),
  status: z.number().int().nullable(),
  message: z.string().nullable(),
  warnings: z.array(z.string()).describe('The Warning header texts, in the order received.'),
  checkedPods: z
    .object({ checked: z.number().int(), total: z.number().int() })
    .nullable()
    .describe('Set when the server evaluated only some pods (3000-pod limit or time budget).'),
  warningsIncomplete: z.boolean().describe('The warnings passed the 4096-character budget and may have been cut or dropped.'),
  violatingPods: z.number().int().nullable().describe('Pods the server named as violating (sum over its warning lines); null when it did not evaluate.'),
});

export const sweepSchema = z.object({
  levelVersion: levelVersion.describe('The level and version this sweep asks about, as labels spell it.'),
  evaluatedAs: levelVersion.describe('What the server evaluates it as (latest and versions newer than the server become the server\'s own).'),
  method: z.enum(SWEEP_METHODS).describe(
    'server-dry-run: the server evaluated this level:version. server-dry-run-equivalent-version: re-applying it would evaluate nothing (the enforce policy is unchanged), so the dry-run used another version with an identical check set. ' +
      'offline: the engine evaluated the listed pods (see because). not-needed: privileged allows everything.',
  ),
  because: z.string().nullable().describe('Why the method is not a plain server dry-run.'),
  dryRun: dryRunSchema.nullable(),
  verdictSource: z.enum(['server', 'offline', 'none']).describe('Whose answer decides compliant for live pods: the server when it evaluated every pod and its warnings arrived whole.'),
  modelAgreement: z
    .enum(['agrees', 'disagrees', 'not-comparable', 'not-compared'])
    .describe("The engine's namespace-update model, fed the listed pods, predicted exactly the server's warnings (or not)."),
  modelWarnings: z.array(z.string()).nullable().describe('What the model predicted, when it disagrees.'),
  offline: z.object({ evaluatedPods: z.number().int(), violatingPods: z.number().int(), violatingTemplates: z.number().int() }),
  compliant: z.boolean().nullable().describe('No live pod and no template violates this level; null when unknown.'),
  workloads: z.array(workloadVerdictSchema).describe('Every workload with a violating pod or template, sorted by kind and name.'),
});
export type Sweep = z.infer<typeof sweepSchema>;

export const scanErrorSchema = z.object({
  kind: z.string().describe('forbidden, unauthorized, not-found, throttled, timeout, unreachable, tls, server-error, bad-response, refused, invalid, internal'),
  request: z.string().nullable(),
  message: z.string(),
});
export type ScanError = z.infer<typeof scanErrorSchema>;

export const namespaceResultSchema = z.object({
  name: z.string(),
  uid: z.string(),
  phase: z.string(),
  labels: z.record(z.string(), z.string()),
  labelErrors: z.array(z.string()).describe('Invalid pod-security labels, as the apiserver words them.'),
  exempt: z.boolean(),
  effective: z.object({ enforce: levelVersion, audit: levelVersion, warn: levelVersion }).describe('The policy the apiserver applies (labels over cluster defaults).'),
  enforceLabelled: z.boolean().describe('The namespace carries an enforce label (else the cluster default applies).'),
  target: z.object({
    levelVersion,
    source: z.enum(['policy', 'labels']),
    rule: z.string().nullable().describe('The fleet policy rule, e.g. clusters[0].namespaces[2].'),
    allowPrivileged: z.boolean(),
  }),
  state: namespaceStateSchema,
  why: z.string().describe('One line a person reads.'),
  pods: z.object({ total: z.number().int(), exemptRuntimeClass: z.number().int() }),
  sweeps: z.object({ current: sweepSchema, target: sweepSchema }),
  errors: z.array(scanErrorSchema),
});
export type NamespaceResult = z.infer<typeof namespaceResultSchema>;

export const clusterSnapshotSchema = z.object({
  apiVersion: z.literal(SNAPSHOT_API_VERSION),
  kind: z.literal(SNAPSHOT_KIND),
  schemaVersion: z.literal(SCHEMA_VERSION),
  scanner: z.object({ name: z.literal('psa-fleet-scanner'), version: z.string() }),
  cluster: z.object({
    account: z.string(),
    region: z.string(),
    name: z.string(),
    server: z.string().describe('The API server URL the scan used.'),
    version: z.object({ gitVersion: z.string(), minor: z.number().int() }).nullable(),
  }),
  runId: z.string().nullable().describe('The fleet run that produced it (the dispatch id), so a retried work item is recognised; null for a CLI scan.'),
  previous: z
    .object({ key: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
    .nullable()
    .describe("The cluster's previous snapshot in the store and the SHA-256 of its bytes (the hash chain); null for the first, or before the store writes it."),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  outcome: z.enum(['complete', 'degraded', 'failed']).describe('complete: every namespace evaluated, no error. degraded: a partial snapshot (see errors and not-evaluated namespaces). failed: nothing could be inventoried.'),
  policy: z.object({ digest: z.string(), source: z.string().nullable() }),
  admission: z.object({
    defaults: z.object({ enforce: levelVersion, audit: levelVersion, warn: levelVersion }),
    exemptions: z.object({ namespaces: z.array(z.string()), runtimeClasses: z.array(z.string()), usernames: z.array(z.string()) }),
  }),
  podSecurityPolicy: z
    .object({ served: z.boolean(), names: z.array(z.string()) })
    .nullable()
    .describe('Whether policy/v1beta1 PodSecurityPolicy is served and which exist; null when it could not be read.'),
  summary: z.object({
    namespaces: z.number().int(),
    byState: z.record(namespaceStateSchema, z.number().int()),
    violatingPods: z.number().int().describe('Live pods violating the enforce level in place.'),
    blockingWorkloads: z.number().int().describe('Workloads that block a target.'),
  }),
  errors: z.array(scanErrorSchema).describe('Cluster-wide errors.'),
  namespaces: z.array(namespaceResultSchema).describe('Sorted by name.'),
});
export type ClusterSnapshot = z.infer<typeof clusterSnapshotSchema>;
