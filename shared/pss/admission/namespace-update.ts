// What the kube-apiserver's PodSecurity admission answers to a namespace UPDATE (a dry-run PATCH of
// its labels): allowed with exactly these warnings in this order, or a 422 for invalid labels
// (k8s.io/pod-security-admission admission/admission.go ValidateNamespace; response.go).
import { compareLevels } from '../level.ts';
import { identicalLevelVersions, type LevelVersion } from '../level-version.ts';
import {
  labelErrorBody,
  labelErrorMessage,
  policyToEvaluate,
  type LabelFieldError,
  type NamespaceLabels,
} from '../namespace-policy.ts';
import type { PodUnderTest } from '../pod.ts';
import type { EvaluatePod } from '../evaluate.ts';
import { sameVersion, type Version } from '../version.ts';
import { isExemptNamespace, type AdmissionConfig } from './admission-config.ts';
import { exemptNamespaceWarning } from './exempt-namespace-warning.ts';
import { evaluatePodsInNamespace, POD_LIST_FAILED_WARNING, type PodCheckBudget } from './pods-in-namespace.ts';

export interface NamespaceUpdate {
  readonly namespaceName: string;
  readonly oldLabels: NamespaceLabels | undefined;
  readonly newLabels: NamespaceLabels | undefined;
  /** The namespace's pods as the server would list them. */
  readonly pods: readonly PodUnderTest[];
  readonly config: AdmissionConfig;
  /** The server could not list the namespace's pods. */
  readonly podListFailed?: boolean;
  readonly budget?: PodCheckBudget;
  /** The API server's own version (v1.N): `latest` and newer labels evaluate as it. Default: the engine's newest. */
  readonly serverVersion?: Version;
  /** Judges each pod (default evaluatePod); a caller that judges the same pods again passes a memo. */
  readonly evaluatePod?: EvaluatePod;
}

/** Why the server looked at no pods, or what it checked. */
export type PodCheck =
  | { readonly kind: 'skipped'; readonly because: PodCheckSkipReason }
  | { readonly kind: 'list-failed'; readonly enforce: LevelVersion }
  | { readonly kind: 'evaluated'; readonly enforce: LevelVersion; readonly checkedPods: number; readonly totalPods: number };

export type PodCheckSkipReason =
  | 'enforce-unchanged'
  | 'enforce-privileged'
  | 'enforce-same-version-not-stricter'
  | 'namespace-exempt';

export interface StatusCause {
  readonly type: 'FieldValueInvalid';
  readonly field: string;
  /** `Invalid value: "foo": must be one of privileged, baseline, restricted` */
  readonly message: string;
}

export type NamespaceUpdateResult =
  | { readonly allowed: true; readonly warnings: string[]; readonly podCheck: PodCheck }
  | {
      readonly allowed: false;
      readonly status: 422;
      readonly reason: 'Invalid';
      /** `Namespace "X" is invalid: metadata.labels[...]: Invalid value: ...`; several in `[a, b]`. */
      readonly message: string;
      readonly causes: StatusCause[];
    };

/** The same invalid labels with the same values (Go's reflect.DeepEqual on the field.ErrorLists). */
function sameErrors(a: readonly LabelFieldError[], b: readonly LabelFieldError[]): boolean {
  return a.length === b.length && a.every((e, i) => e.field === b[i]?.field && e.badValue === b[i]?.badValue && e.detail === b[i]?.detail);
}

/** apierrors.NewInvalid(Namespace, name, errs): one error bare, several bracketed and comma-joined. */
function invalidLabels(namespaceName: string, errors: readonly LabelFieldError[]): NamespaceUpdateResult {
  const messages = [...new Set(errors.map(labelErrorMessage))];
  const aggregate = messages.length === 1 ? messages.join('') : `[${messages.join(', ')}]`;
  return {
    allowed: false,
    status: 422,
    reason: 'Invalid',
    message: `Namespace ${JSON.stringify(namespaceName)} is invalid: ${aggregate}`,
    causes: errors.map((e) => ({ type: 'FieldValueInvalid', field: e.field, message: labelErrorBody(e) })),
  };
}

function skipped(because: PodCheckSkipReason, warnings: string[] = []): NamespaceUpdateResult {
  return { allowed: true, warnings, podCheck: { kind: 'skipped', because } };
}

export function evaluateNamespaceUpdate(update: NamespaceUpdate): NamespaceUpdateResult {
  const { namespaceName, config } = update;
  const next = policyToEvaluate(update.newLabels, config.defaults);
  const previous = policyToEvaluate(update.oldLabels, config.defaults);

  // Invalid labels fail the update unless the old labels had exactly the same errors: fixing one
  // of two invalid labels still fails, listing the one left.
  if (next.errors.length > 0 && (previous.errors.length === 0 || !sameErrors(next.errors, previous.errors))) {
    return invalidLabels(namespaceName, next.errors);
  }

  const enforce = next.policy.enforce;
  const before = previous.policy.enforce;
  if (identicalLevelVersions(enforce, before)) return skipped('enforce-unchanged');
  if (enforce.level === 'privileged') return skipped('enforce-privileged');
  if (sameVersion(enforce.version, before.version) && compareLevels(enforce.level, before.level) < 1) {
    return skipped('enforce-same-version-not-stricter');
  }
  // Exemption is only looked at here, after the checks above: a no-op update of an exempt
  // namespace gets no warning at all.
  if (isExemptNamespace(config, namespaceName)) {
    const warning = exemptNamespaceWarning(namespaceName, next.policy, update.newLabels, config.defaults);
    return skipped('namespace-exempt', warning === undefined ? [] : [warning]);
  }

  if (update.podListFailed === true) {
    return { allowed: true, warnings: [POD_LIST_FAILED_WARNING], podCheck: { kind: 'list-failed', enforce } };
  }
  const report = evaluatePodsInNamespace(namespaceName, enforce, update.pods, config, update.budget, update.serverVersion, update.evaluatePod);
  return {
    allowed: true,
    warnings: report.warnings,
    podCheck: { kind: 'evaluated', enforce, checkedPods: report.checkedPods, totalPods: report.totalPods },
  };
}
