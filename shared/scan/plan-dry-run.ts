// Which label patch makes the server actually evaluate a namespace's pods at a level:version.
// A dry-run that leaves the effective enforce policy unchanged evaluates nothing and comes back
// clean (DESIGN.md fact 1: the trap of re-applying a namespace's current label), and so does one
// that relaxes the level at the same version. The namespace-update model says, without pods,
// whether a patch will be evaluated; when the literal patch will not, a version with an identical
// check set (checkSetKey) on this server is sent instead, and the snapshot says so.
import { isExemptNamespace, type AdmissionConfig } from '../pss/admission/admission-config.ts';
import { evaluateNamespaceUpdate } from '../pss/admission/namespace-update.ts';
import { checkSetKey } from '../pss/evaluate.ts';
import type { LevelVersion } from '../pss/level-version.ts';
import { ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL, type NamespaceLabels } from '../pss/namespace-policy.ts';
import { LATEST, sameVersion, v1, versionOnServer, versionString, type Version } from '../pss/version.ts';

export type OfflineReason =
  /** The cluster exempts the namespace: the server evaluates nothing for it. */
  | 'namespace-exempt'
  /** No version with the same check set makes the update evaluate (nothing on either side of it). */
  | 'no-equivalent-version'
  /** The namespace's own labels are invalid so that any patch is refused (422). */
  | 'invalid-labels';

export type DryRunPlan =
  | {
      readonly kind: 'dry-run';
      readonly patch: Readonly<Record<string, string>>;
      /** The version sent: the asked one, or an equivalent one. */
      readonly sent: LevelVersion;
      readonly equivalent: boolean;
    }
  | { readonly kind: 'offline'; readonly because: OfflineReason }
  /** Privileged allows every pod: nothing to evaluate. */
  | { readonly kind: 'not-needed' };

export interface PlanContext {
  readonly config: AdmissionConfig;
  /** The server's own version (v1.N). */
  readonly serverVersion: Version;
}

function patchFor(lv: LevelVersion): Record<string, string> {
  return { [ENFORCE_LEVEL_LABEL]: lv.level, [ENFORCE_VERSION_LABEL]: versionString(lv.version) };
}

/**
 * Versions that evaluate exactly like `asked` on this server, nearest first: numbered versions up
 * to one past the server (evaluated as the server's own), then `latest`.
 */
export function equivalentVersions(asked: LevelVersion, serverVersion: Version): readonly Version[] {
  // Pure and asked for every namespace of a scan: kept per level, version and server.
  const memoKey = `${asked.level}|${versionString(asked.version)}|${versionString(serverVersion)}`;
  let found = EQUIVALENTS.get(memoKey);
  if (found === undefined) EQUIVALENTS.set(memoKey, (found = findEquivalentVersions(asked, serverVersion)));
  return found;
}

const EQUIVALENTS = new Map<string, readonly Version[]>();

function findEquivalentVersions(asked: LevelVersion, serverVersion: Version): Version[] {
  const key = (version: Version): string => checkSetKey({ level: asked.level, version: versionOnServer(version, serverVersion) });
  const wanted = key(asked.version);
  const around = versionOnServer(asked.version, serverVersion).minor;
  const numbered = Array.from({ length: serverVersion.minor + 2 }, (_, minor) => v1(minor))
    .filter((version) => !sameVersion(version, asked.version) && key(version) === wanted)
    .sort((a, b) => Math.abs(a.minor - around) - Math.abs(b.minor - around) || b.minor - a.minor);
  return asked.version.latest || key(LATEST) !== wanted ? numbered : [...numbered, LATEST];
}

type PlannedNamespace = { readonly name: string; readonly labels: NamespaceLabels };

// A scan plans each sweep twice (to send its dry-run early, then to sweep): kept per namespace
// record, for the context it was planned in.
const PLANS = new WeakMap<PlannedNamespace, Map<string, { readonly config: AdmissionConfig; readonly plan: DryRunPlan }>>();

export function planDryRun(namespace: PlannedNamespace, asked: LevelVersion, context: PlanContext): DryRunPlan {
  const key = `${asked.level}|${versionString(asked.version)}|${versionString(context.serverVersion)}`;
  let plans = PLANS.get(namespace);
  const kept = plans?.get(key);
  if (kept?.config === context.config) return kept.plan;
  const plan = freshPlan(namespace, asked, context);
  if (plans === undefined) PLANS.set(namespace, (plans = new Map()));
  plans.set(key, { config: context.config, plan });
  return plan;
}

function freshPlan(namespace: PlannedNamespace, asked: LevelVersion, context: PlanContext): DryRunPlan {
  if (asked.level === 'privileged') return { kind: 'not-needed' };
  if (isExemptNamespace(context.config, namespace.name)) return { kind: 'offline', because: 'namespace-exempt' };
  for (const version of [asked.version, ...equivalentVersions(asked, context.serverVersion)]) {
    const sent = { level: asked.level, version };
    const patch = patchFor(sent);
    const result = evaluateNamespaceUpdate({
      namespaceName: namespace.name,
      oldLabels: namespace.labels,
      newLabels: { ...namespace.labels, ...patch },
      pods: [],
      config: context.config,
      serverVersion: context.serverVersion,
    });
    if (!result.allowed) return { kind: 'offline', because: 'invalid-labels' };
    if (result.podCheck.kind === 'evaluated') return { kind: 'dry-run', patch, sent, equivalent: version !== asked.version };
  }
  return { kind: 'offline', because: 'no-equivalent-version' };
}
