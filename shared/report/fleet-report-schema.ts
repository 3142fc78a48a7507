// The FleetReport document: the nightly fleet summary an auditor reads (fleet.json), and the one
// source the CSV and HTML renderings are drawn from. One zod schema gives the types, the validation
// of a report read back, and the JSON Schema committed beside it (fleet-report.schema.json,
// `npm run schemas`). Bump REPORT_SCHEMA_VERSION for any change a reader must know about.
import { z } from 'zod';
import { SEVERITIES } from '../drift/finding-catalogue.ts';
import { namespaceStateSchema } from '../snapshot/snapshot-schema.ts';

export const REPORT_API_VERSION = 'psa-fleet-scanner/v1';
export const REPORT_KIND = 'FleetReport';
export const REPORT_SCHEMA_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/).describe('Lower-case hex SHA-256 of the stored bytes.');
const night = z.iso.date().describe('A UTC date, YYYY-MM-DD: the date a scan started on.');
const levelVersion = z.string().describe('`restricted:v1.30`, `baseline:latest`: as the labels spell it.');

const clusterIdentitySchema = z.object({
  account: z.string().describe('AWS account ID, or `local` for a kubeconfig context.'),
  region: z.string(),
  name: z.string().describe('EKS cluster name, or the kubeconfig context name.'),
});

const byStateSchema = z.record(namespaceStateSchema, z.number().int()).describe('Namespaces in each state.');

const countsSchema = z.object({
  namespaces: z.number().int(),
  byState: byStateSchema,
  violatingPods: z.number().int().describe('Live pods violating the enforce level already in place.'),
  blockingWorkloads: z.number().int().describe('Workloads whose pods or templates block a namespace target.'),
});
export type ReportCounts = z.infer<typeof countsSchema>;

/** What one workload does wrong at one level. */
const violationsAtSchema = z.object({
  levelVersion,
  pods: z.number().int().describe('Violating live pods.'),
  podNames: z.array(z.string()).describe('The first 20 of them, as the snapshot lists them.'),
  template: z.boolean().describe('The pod template violates (a rollout would bring the violation back).'),
  reasons: z.array(z.string()).describe('Short reasons, as the apiserver aggregates them.'),
  details: z.array(z.string()).describe('What to fix, naming containers and fields.'),
});
export type ViolationsAt = z.infer<typeof violationsAtSchema>;

export const reportWorkloadSchema = z.object({
  kind: z.string(),
  name: z.string(),
  inPlace: violationsAtSchema.nullable().describe('Violates the enforce level in place (admitted before the label): needs a fix and a rollout.'),
  atTarget: violationsAtSchema
    .nullable()
    .describe("Blocks the namespace's target level (would be rejected there); null when it does not, or when the target is the enforce level in place."),
});
export type ReportWorkload = z.infer<typeof reportWorkloadSchema>;

export const reportNamespaceSchema = z.object({
  name: z.string(),
  state: namespaceStateSchema,
  why: z.string(),
  enforce: levelVersion.describe('The effective enforce policy (labels over cluster defaults).'),
  enforceLabelled: z.boolean(),
  target: levelVersion,
  pods: z.number().int(),
  workloads: z.array(reportWorkloadSchema).describe('Workloads violating in place or at the target, sorted by kind and name.'),
  errors: z.array(z.string()).describe('Why a verdict is missing or partial.'),
});
export type ReportNamespace = z.infer<typeof reportNamespaceSchema>;

const snapshotReferenceSchema = z.object({
  key: z.string().describe("The snapshot's key in the store."),
  sha256,
  startedAt: z.iso.datetime(),
});

export const nightPointSchema = countsSchema.extend({
  night,
  key: z.string(),
  sha256,
  startedAt: z.iso.datetime(),
  outcome: z.enum(['complete', 'degraded', 'failed']),
});
export type NightPoint = z.infer<typeof nightPointSchema>;

const changeSchema = z.object({
  kind: z.string(),
  severity: z.enum(SEVERITIES),
  namespace: z.string().nullable(),
  summary: z.string(),
});
export type ReportChange = z.infer<typeof changeSchema>;

export const clusterReportSchema = z.object({
  cluster: clusterIdentitySchema,
  kubernetesVersion: z.string().nullable(),
  latest: snapshotReferenceSchema.extend({ night, finishedAt: z.iso.datetime(), outcome: z.enum(['complete', 'degraded', 'failed']) }),
  stale: z.boolean().describe("The latest snapshot started before the report's last night: the cluster was not scanned that night."),
  podSecurityPolicyServed: z.boolean().nullable().describe('policy/v1beta1 PodSecurityPolicy is served (a cluster before 1.25); null when unknown.'),
  summary: countsSchema,
  errors: z.array(z.object({ kind: z.string(), message: z.string() })).describe('Cluster-wide scan errors of the latest snapshot.'),
  namespaces: z.array(reportNamespaceSchema).describe('From the latest snapshot, sorted by name.'),
  changes: z.object({
    since: snapshotReferenceSchema.nullable().describe('The snapshot before the latest in its chain; null for a first snapshot.'),
    findings: z.array(changeSchema).describe('What changed since then, worst first (the findings its alert carried).'),
  }),
  nights: z.array(nightPointSchema).describe('One point per night of the window with a scan, oldest first: the last snapshot started that night.'),
});
export type ClusterReport = z.infer<typeof clusterReportSchema>;

export const fleetNightSchema = countsSchema.extend({
  night,
  clustersScanned: z.number().int().describe('Clusters with a snapshot that night; the counts are theirs.'),
});
export type FleetNight = z.infer<typeof fleetNightSchema>;

export const SOURCE_USES = ['latest', 'changes-baseline', 'trend'] as const;

export const reportSourceSchema = snapshotReferenceSchema.extend({
  cluster: clusterIdentitySchema,
  usedFor: z.array(z.enum(SOURCE_USES)).describe('latest: the state shown; changes-baseline: what the changes are against; trend: a night of the charts.'),
});
export type ReportSource = z.infer<typeof reportSourceSchema>;

export const fleetReportSchema = z.object({
  apiVersion: z.literal(REPORT_API_VERSION),
  kind: z.literal(REPORT_KIND),
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: z.iso.datetime(),
  generator: z.object({ name: z.literal('psa-fleet-scanner'), version: z.string() }),
  store: z.string().describe('The snapshot store read (s3://bucket/prefix/ or a folder): check the sources there with `psa-scan verify --store`.'),
  window: z.object({ nights: z.number().int().min(1), from: night, to: night }),
  fleet: countsSchema.extend({
    clusters: z.number().int(),
    stale: z.number().int().describe('Clusters not scanned on the last night.'),
    outcomes: z.object({ complete: z.number().int(), degraded: z.number().int(), failed: z.number().int() }).describe('Of the latest snapshots.'),
  }),
  trend: z.array(fleetNightSchema).describe('Every night of the window, oldest first, summed over the clusters scanned that night.'),
  clusters: z.array(clusterReportSchema).describe('Sorted by account, region and name.'),
  sources: z.array(reportSourceSchema).describe('Every snapshot this report was built from, with the SHA-256 of its stored bytes.'),
});
export type FleetReport = z.infer<typeof fleetReportSchema>;
