// One sweep of one namespace: "would these pods be admitted at LEVEL:VERSION?" asked of the server
// by a dry-run that really evaluates (plan-dry-run.ts), answered whole or not, cross-checked against
// the engine's namespace-update model over the same listed pods, and attributed offline.
import type { AdmissionConfig } from '../pss/admission/admission-config.ts';
import { evaluateNamespaceUpdate } from '../pss/admission/namespace-update.ts';
import { warningsAsReceived } from '../pss/admission/warning-headers.ts';
import { levelVersionString, type LevelVersion } from '../pss/level-version.ts';
import type { NamespaceLabels } from '../pss/namespace-policy.ts';
import { versionOnServer, type Version } from '../pss/version.ts';
import type { EvaluatePod } from '../pss/evaluate.ts';
import type { Sweep, ScanError } from '../snapshot/snapshot-schema.ts';
import { attribute, type Attribution } from './attribute.ts';
import { ClusterRequestError, type ClusterReader, type DryRunAnswer, type PodRecord, type WorkloadRecord } from './cluster-reader.ts';
import type { OwnerResolver } from './owners.ts';
import { planDryRun, type OfflineReason } from './plan-dry-run.ts';
import { readPodSecurityWarnings, type PodSecurityWarnings } from './server-warnings.ts';

/** What the scan knows about one namespace's contents when it sweeps it. */
export interface SweepInput {
  readonly namespace: { readonly name: string; readonly labels: NamespaceLabels };
  /** Every listed pod, or undefined when they could not be read. */
  readonly pods: readonly PodRecord[] | undefined;
  /** Pods PodSecurity evaluates (exempt runtime classes left out). */
  readonly evaluatedPods: readonly PodRecord[];
  /** Templates to evaluate, or undefined when workloads could not be read. */
  readonly templates: readonly WorkloadRecord[] | undefined;
  readonly owners: OwnerResolver;
  readonly config: AdmissionConfig;
  readonly serverVersion: Version;
  readonly reader: ClusterReader;
  /** Judges pods; one memo per namespace, so its sweeps and the model share verdicts. */
  readonly evaluate: EvaluatePod;
}

export interface SweepResult {
  readonly sweep: Sweep;
  readonly errors: readonly ScanError[];
}

const OFFLINE_BECAUSE: Readonly<Record<OfflineReason, string>> = {
  'namespace-exempt': 'the namespace is exempt, so the server evaluates nothing; evaluated offline',
  'no-equivalent-version': 'a dry-run would leave the enforce policy unchanged and evaluate nothing, and no other version has the same checks; evaluated offline',
  'invalid-labels': "the namespace's labels are invalid, so the server refuses any label patch (422); evaluated offline",
};

type DryRunRecord = NonNullable<Sweep['dryRun']>;

export async function runSweep(asked: LevelVersion, input: SweepInput): Promise<SweepResult> {
  const evaluatedAs = { level: asked.level, version: versionOnServer(asked.version, input.serverVersion) };
  const attribution = attribute(evaluatedAs, input.evaluatedPods, input.templates ?? [], input.owners, input.evaluate);
  const base = {
    levelVersion: levelVersionString(asked),
    evaluatedAs: levelVersionString(evaluatedAs),
    offline: {
      evaluatedPods: attribution.evaluatedPods,
      violatingPods: attribution.violatingPods,
      violatingTemplates: attribution.violatingTemplates,
    },
    workloads: attribution.workloads,
  };

  const plan = planDryRun(input.namespace, asked, { config: input.config, serverVersion: input.serverVersion });
  if (plan.kind === 'not-needed') {
    return { sweep: { ...base, method: 'not-needed', because: 'privileged allows every pod', dryRun: null, verdictSource: 'none', modelAgreement: 'not-compared', modelWarnings: null, compliant: true }, errors: [] };
  }
  if (plan.kind === 'offline') return { sweep: offlineSweep(base, attribution, input, OFFLINE_BECAUSE[plan.because], null), errors: [] };

  const sentText = levelVersionString(plan.sent);
  const because = plan.equivalent
    ? `a dry-run at ${base.levelVersion} would leave the enforce policy unchanged and evaluate nothing; sent ${sentText}, which has the same checks on this server`
    : null;
  let answer: DryRunAnswer;
  try {
    answer = await input.reader.dryRunNamespaceLabels(input.namespace.name, plan.patch);
  } catch (error) {
    if (!(error instanceof ClusterRequestError)) throw error;
    const dryRun = emptyDryRun(plan.patch, 'failed', error.status ?? null, error.message);
    return {
      sweep: offlineSweep(base, attribution, input, `the dry-run failed (${error.kind}); evaluated offline`, dryRun),
      errors: [{ kind: error.kind, request: error.request, message: error.message }],
    };
  }

  if (answer.kind !== 'answered') {
    const status = answer.kind === 'invalid' ? 422 : answer.kind === 'forbidden' ? 403 : answer.status;
    const dryRun = emptyDryRun(plan.patch, answer.kind, status, answer.message);
    const request = `PATCH /api/v1/namespaces/${input.namespace.name}?dryRun=All`;
    return {
      sweep: offlineSweep(base, attribution, input, `the server ${answer.kind === 'forbidden' ? 'forbade' : 'refused'} the dry-run (${status}); evaluated offline`, dryRun),
      errors: [{ kind: answer.kind, request, message: answer.message }],
    };
  }

  const warnings = readPodSecurityWarnings(answer.warnings);
  const dryRun: DryRunRecord = {
    patch: plan.patch,
    outcome: 'answered',
    status: 200,
    message: null,
    warnings: [...answer.warnings],
    checkedPods: warnings.checkedPods ?? null,
    warningsIncomplete: warnings.incomplete,
    violatingPods: warnings.violatingPods,
  };
  const model = compareWithModel(input, plan.patch, warnings, answer.warnings);
  const serverWhole = warnings.checkedPods === undefined && !warnings.incomplete && !warnings.podListFailed;
  const verdictSource = serverWhole || input.pods === undefined ? 'server' : 'offline';
  const podsCompliant =
    warnings.violatingPods > 0 ? false : verdictSource === 'server' ? (serverWhole ? true : null) : attribution.violatingPods === 0;
  return {
    sweep: {
      ...base,
      method: plan.equivalent ? 'server-dry-run-equivalent-version' : 'server-dry-run',
      because: because ?? (verdictSource === 'offline' ? 'the server evaluated only some pods or its warnings were cut; offline decides' : null),
      dryRun,
      verdictSource,
      modelAgreement: model.agreement,
      modelWarnings: model.agreement === 'disagrees' ? model.expected : null,
      compliant: combine(podsCompliant, templatesCompliant(input, attribution)),
    },
    errors: [],
  };
}

function emptyDryRun(patch: Readonly<Record<string, string>>, outcome: DryRunRecord['outcome'], status: number | null, message: string): DryRunRecord {
  return { patch, outcome, status, message, warnings: [], checkedPods: null, warningsIncomplete: false, violatingPods: null };
}

/** Unread templates are a recorded error of the scan; they do not hide what the pods say. */
function templatesCompliant(input: SweepInput, attribution: Attribution): boolean {
  return input.templates === undefined || attribution.violatingTemplates === 0;
}

function combine(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

function offlineSweep(
  base: Omit<Sweep, 'method' | 'because' | 'dryRun' | 'verdictSource' | 'modelAgreement' | 'modelWarnings' | 'compliant'>,
  attribution: Attribution,
  input: SweepInput,
  because: string,
  dryRun: DryRunRecord | null,
): Sweep {
  const podsKnown = input.pods !== undefined;
  return {
    ...base,
    method: 'offline',
    because: podsKnown ? because : `${because.replace(/; evaluated offline$/, '')}, and the pods could not be read`,
    dryRun,
    verdictSource: podsKnown ? 'offline' : 'none',
    modelAgreement: 'not-compared',
    modelWarnings: null,
    compliant: podsKnown ? combine(attribution.violatingPods === 0, templatesCompliant(input, attribution)) : null,
  };
}

/**
 * The model fed the listed pods must predict the server's warnings exactly. When either side hit
 * the 3000-pod limit the server chose which pods to evaluate from its cache (arbitrary order), so
 * only the limit line can be compared.
 */
function compareWithModel(
  input: SweepInput,
  patch: Readonly<Record<string, string>>,
  warnings: PodSecurityWarnings,
  received: readonly string[],
): { agreement: Sweep['modelAgreement']; expected: string[] } {
  if (input.pods === undefined) return { agreement: 'not-compared', expected: [] };
  const result = evaluateNamespaceUpdate({
    namespaceName: input.namespace.name,
    oldLabels: input.namespace.labels,
    newLabels: { ...input.namespace.labels, ...patch },
    pods: input.pods,
    config: input.config,
    serverVersion: input.serverVersion,
    evaluatePod: input.evaluate,
  });
  if (!result.allowed) return { agreement: 'disagrees', expected: [result.message] };
  const expected = [...warningsAsReceived(result.warnings).texts];
  const modelLimited = result.podCheck.kind === 'evaluated' && result.podCheck.checkedPods < result.podCheck.totalPods;
  if (modelLimited || warnings.checkedPods !== undefined) {
    return { agreement: expected[0] === received[0] ? 'not-comparable' : 'disagrees', expected };
  }
  const same = expected.length === received.length && expected.every((text, i) => text === received[i]);
  return { agreement: same ? 'agrees' : 'disagrees', expected };
}
