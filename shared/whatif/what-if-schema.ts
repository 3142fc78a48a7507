// The UpgradeWhatIf document: what one cluster would newly reject after an upgrade to a target
// Kubernetes version, and which namespaces lose their PodSecurityPolicy protection. One zod schema
// gives the TypeScript types, the validation of a document read back from a store, and the JSON
// Schema committed beside it (what-if.schema.json; test/support/write-json-schemas.ts). Bump
// WHATIF_SCHEMA_VERSION for any change a reader of old documents must know about.
import { z } from 'zod';
import { namespaceStateSchema as snapshotNamespaceState, scanErrorSchema as snapshotScanError, SWEEP_METHODS, workloadVerdictSchema as snapshotWorkloadVerdict } from '../snapshot/snapshot-schema.ts';

export const WHATIF_API_VERSION = 'psa-fleet-scanner/v1';
export const WHATIF_KIND = 'UpgradeWhatIf';
export const WHATIF_SCHEMA_VERSION = 1;

// Named (`.meta({ id })`) so that the JSON Schema defines each once, under $defs, by that name.
/** `restricted:v1.30`, `baseline:latest` (as the apiserver prints them). */
const levelVersion = z.string().regex(/^(privileged|baseline|restricted):(latest|v1\.(0|[1-9][0-9]*))$/).meta({ id: 'LevelVersion' });
/** `v1.37` */
const version = z.string().regex(/^v1\.(0|[1-9][0-9]*)$/).meta({ id: 'Version' });
const count = z.number().int().nonnegative();
const workloadVerdictSchema = snapshotWorkloadVerdict.meta({ id: 'WorkloadVerdict' });
const scanErrorSchema = snapshotScanError.meta({ id: 'ScanError' });
const namespaceStateSchema = snapshotNamespaceState.meta({ id: 'NamespaceState' });

export const checkChangeSchema = z.object({
  check: z.string(),
  from: version.nullable().describe('The definition in force before (its minimum version); null: the check does not run before.'),
  to: version.nullable().describe('The definition in force after; null: the check no longer runs.'),
});

/** What the scan's server dry-run said about a sweep today (the snapshot's sweep, in short). */
const verifiedTodaySchema = z
  .object({
    levelVersion,
    evaluatedAs: levelVersion,
    method: z.enum(SWEEP_METHODS),
    verdictSource: z.enum(['server', 'offline', 'none']),
    modelAgreement: z.enum(['agrees', 'disagrees', 'not-comparable', 'not-compared']),
    compliant: z.boolean().nullable(),
  })
  .describe("The scan's sweep at the current server version: how it was verified (server dry-run or offline) and its verdict.")
  .meta({ id: 'VerifiedToday' });

const tallySchema = z.object({
  evaluated: count,
  alreadyRejected: count.describe('Violate the enforce level already today (a scan reports them as lingering violations).'),
  newlyRejected: count.describe('Allowed today, rejected after the upgrade.'),
}).meta({ id: 'Tally' });

export const movingNamespaceSchema = z.object({
  name: z.string(),
  enforce: levelVersion.describe('The effective enforce level:version (labels over the cluster defaults), as labelled.'),
  enforceLabelled: z.boolean(),
  from: levelVersion.describe('What the server evaluates the enforce label as today.'),
  to: levelVersion.describe('What the upgraded server will evaluate it as.'),
  evaluatedAs: levelVersion.describe('What this what-if evaluated: `to`, or the newest version whose checks the scanner knows when `to` is newer.'),
  why: z.string().describe('One line a person reads: why the enforced checks move.'),
  checkChanges: z.array(checkChangeSchema).describe('Check definitions that differ between `from` and `evaluatedAs`; empty: the same checks, so nothing can be newly rejected (as far as the scanner knows).'),
  today: verifiedTodaySchema.nullable(),
  state: namespaceStateSchema.nullable().describe("The namespace's state in today's scan; null when the scan has none."),
  complete: z.boolean().describe('Every pod and template was read and evaluated.'),
  because: z.string().nullable().describe('Why the evaluation is not complete.'),
  pods: tallySchema,
  templates: tallySchema,
  newlyRejected: z.array(workloadVerdictSchema).describe('Workloads with a pod or template allowed today and rejected after the upgrade (the violations at `evaluatedAs`), sorted by kind and name.'),
  errors: z.array(scanErrorSchema),
});
export type MovingNamespace = z.infer<typeof movingNamespaceSchema>;

export const RELIANCE_REASONS = ['no-enforce-label', 'privileged-enforce-label', 'exempt'] as const;

export const pspReliantNamespaceSchema = z.object({
  name: z.string(),
  reliesBecause: z
    .enum(RELIANCE_REASONS)
    .describe('no-enforce-label: the cluster default (privileged) applies. privileged-enforce-label: labelled privileged. exempt: the cluster configuration exempts it from Pod Security.'),
  enforce: levelVersion,
  allowedUnprotected: z.boolean().describe('The fleet policy allows it to stay privileged, or the cluster exempts it: reported, not counted as a gap.'),
  target: z.object({
    levelVersion,
    source: z.enum(['policy', 'labels']),
    rule: z.string().nullable(),
  }),
  atTarget: z
    .object({
      evaluatedAs: levelVersion.describe('The target as the upgraded server would evaluate it (capped at the newest version the scanner knows).'),
      complete: z.boolean(),
      compliant: z.boolean().nullable().describe('No pod and no template violates the target; null when they could not be read.'),
      violatingPods: count,
      violatingTemplates: count,
      workloads: z.array(workloadVerdictSchema),
    })
    .describe('Its pods and templates evaluated offline at its target, at the target Kubernetes version: what labelling it enforce at the target would reject after the upgrade.'),
  today: verifiedTodaySchema.nullable().describe("The scan's target sweep at the current server version (server dry-run)."),
  errors: z.array(scanErrorSchema),
});
export type PspReliantNamespace = z.infer<typeof pspReliantNamespaceSchema>;

export const upgradeWhatIfSchema = z.object({
  apiVersion: z.literal(WHATIF_API_VERSION),
  kind: z.literal(WHATIF_KIND),
  schemaVersion: z.literal(WHATIF_SCHEMA_VERSION),
  scanner: z.object({ name: z.literal('psa-fleet-scanner'), version: z.string() }),
  cluster: z.object({
    account: z.string(),
    region: z.string(),
    name: z.string(),
    server: z.string(),
    version: z.object({ gitVersion: z.string(), minor: z.number().int() }).nullable(),
  }),
  requestId: z.string().nullable().describe('The request that asked for it (an ad-hoc invocation); null from the CLI.'),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  outcome: z
    .enum(['complete', 'degraded', 'failed'])
    .describe("complete: today's scan is whole and every namespace that moves was evaluated. degraded: something could not be read or verified (see errors and complete). failed: nothing could be inventoried."),
  policy: z.object({ digest: z.string(), source: z.string().nullable() }),
  admission: z.object({
    defaults: z.object({ enforce: levelVersion, audit: levelVersion, warn: levelVersion }),
    exemptions: z.object({ namespaces: z.array(z.string()), runtimeClasses: z.array(z.string()), usernames: z.array(z.string()) }),
  }),
  upgrade: z.object({
    from: version.nullable().describe("The cluster's version today; null when it could not be read."),
    to: version,
    evaluatedAs: version.describe('`to`, or the newest version whose checks the scanner knows when `to` is newer.'),
    newestKnown: version,
    beyondKnownChecks: z.boolean(),
    note: z.string().nullable().describe('Set when `to` is newer than the scanner knows: checks that version adds are not evaluated.'),
    removesPodSecurityPolicy: z.boolean().describe('The cluster serves PodSecurityPolicy today and `to` is v1.25 or later, which does not.'),
  }),
  scan: z
    .object({
      outcome: z.enum(['complete', 'degraded', 'failed']),
      namespaces: count,
      byState: z.record(namespaceStateSchema, count),
    })
    .describe("Today's scan at the current version (server dry-runs), as in its snapshot."),
  summary: z.object({
    moving: count.describe('Namespaces whose enforced level:version changes with the upgrade.'),
    movingWithCheckChanges: count,
    newlyRejectedNamespaces: count,
    newlyRejectedWorkloads: count,
    newlyRejectedPods: count,
    newlyRejectedTemplates: count,
    podSecurityPolicyReliant: count,
    podSecurityPolicyReliantToProtect: count.describe('PSP-reliant namespaces that are not allowed to stay unprotected.'),
  }),
  namespaces: z.array(movingNamespaceSchema).describe('The namespaces whose enforced checks move with the upgrade, sorted by name.'),
  podSecurityPolicy: z
    .object({
      served: z.boolean(),
      names: z.array(z.string()),
      reliantNamespaces: z.array(pspReliantNamespaceSchema).describe('Namespaces Pod Security does not protect, on a cluster with PodSecurityPolicies: after v1.25 nothing does. Sorted by name.'),
    })
    .nullable()
    .describe('null when PodSecurityPolicy could not be read.'),
  errors: z.array(scanErrorSchema).describe('Cluster-wide errors.'),
});
export type UpgradeWhatIf = z.infer<typeof upgradeWhatIfSchema>;
