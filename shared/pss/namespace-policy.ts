// How the apiserver turns a namespace's pod-security.kubernetes.io/* labels into the policy it
// applies (k8s.io/pod-security-admission api/helpers.go PolicyToEvaluate, api/constants.go).
import { compareLevels, parseLevel, type Level } from './level.ts';
import { equivalentLevelVersions, type LevelVersion } from './level-version.ts';
import { LATEST, parseVersion } from './version.ts';

const LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const ENFORCE_LEVEL_LABEL = `${LABEL_PREFIX}enforce`;
export const ENFORCE_VERSION_LABEL = `${LABEL_PREFIX}enforce-version`;
export const AUDIT_LEVEL_LABEL = `${LABEL_PREFIX}audit`;
export const AUDIT_VERSION_LABEL = `${LABEL_PREFIX}audit-version`;
export const WARN_LEVEL_LABEL = `${LABEL_PREFIX}warn`;
export const WARN_VERSION_LABEL = `${LABEL_PREFIX}warn-version`;

export type NamespaceLabels = Readonly<Record<string, string>>;

export interface Policy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

/** One invalid label, as apimachinery's field.Invalid records it (type FieldValueInvalid). */
export interface LabelFieldError {
  /** `metadata.labels[pod-security.kubernetes.io/enforce]` */
  readonly field: string;
  readonly badValue: string;
  /** `must be one of privileged, baseline, restricted` or `must be "latest" or "v1.x"` */
  readonly detail: string;
}

export interface EvaluatedPolicy {
  /** Always usable, even with errors: invalid values fall back as upstream does. */
  readonly policy: Policy;
  /** In label order: enforce, enforce-version, audit, audit-version, warn, warn-version. */
  readonly errors: readonly LabelFieldError[];
}

/** `Invalid value: "foo": must be one of ...` (field.Error.ErrorBody; the 422 cause message). */
export function labelErrorBody(error: LabelFieldError): string {
  // Go formats the bad value with %q. The apiserver validates label syntax before admission runs,
  // so only [A-Za-z0-9._-] reach here, where JSON and Go quoting agree.
  return `Invalid value: ${JSON.stringify(error.badValue)}: ${error.detail}`;
}

/** `metadata.labels[...]: Invalid value: "foo": ...` (field.Error.Error). */
export function labelErrorMessage(error: LabelFieldError): string {
  return `${error.field}: ${labelErrorBody(error)}`;
}

function labelField(label: string): string {
  return `metadata.labels[${label}]`;
}

function readLabel(labels: NamespaceLabels, label: string): string | undefined {
  return Object.hasOwn(labels, label) ? labels[label] : undefined;
}

/**
 * The policy the apiserver applies for these labels, starting from the configured defaults.
 * Invalid levels fail closed for enforce (restricted) and open for audit and warn (privileged);
 * an invalid version of any mode becomes `latest`. Each field falls back on its own: an invalid
 * audit level keeps the audit version it was given.
 */
export function policyToEvaluate(labels: NamespaceLabels | undefined, defaults: Policy): EvaluatedPolicy {
  if (labels === undefined) return { policy: defaults, errors: [] };
  const errors: LabelFieldError[] = [];

  const level = (label: string, current: Level, onError: Level): { level: Level; valid: boolean } => {
    const value = readLabel(labels, label);
    if (value === undefined) return { level: current, valid: false };
    const parsed = parseLevel(value);
    if (parsed.ok) return { level: parsed.level, valid: true };
    errors.push({ field: labelField(label), badValue: value, detail: parsed.message });
    return { level: onError, valid: false };
  };
  const version = (label: string, current: LevelVersion['version']): LevelVersion['version'] => {
    const value = readLabel(labels, label);
    if (value === undefined) return current;
    const parsed = parseVersion(value);
    if (parsed.ok) return parsed.version;
    errors.push({ field: labelField(label), badValue: value, detail: parsed.message });
    return LATEST;
  };

  // Order matters: it is the order of the errors in the 422.
  const enforceLevel = level(ENFORCE_LEVEL_LABEL, defaults.enforce.level, 'restricted');
  const enforce: LevelVersion = { level: enforceLevel.level, version: version(ENFORCE_VERSION_LABEL, defaults.enforce.version) };
  const audit: LevelVersion = {
    level: level(AUDIT_LEVEL_LABEL, defaults.audit.level, 'privileged').level,
    version: version(AUDIT_VERSION_LABEL, defaults.audit.version),
  };
  const hasWarnLevel = readLabel(labels, WARN_LEVEL_LABEL) !== undefined;
  const hasWarnVersion = readLabel(labels, WARN_VERSION_LABEL) !== undefined;
  let warn: LevelVersion = {
    level: level(WARN_LEVEL_LABEL, defaults.warn.level, 'privileged').level,
    version: version(WARN_VERSION_LABEL, defaults.warn.version),
  };

  // An explicitly set, valid enforce level stricter than warn pulls warn up to it, and its version
  // too unless warn-version is labelled. An invalid enforce label does not (upstream: "Don't default
  // warn in case of error").
  if (!hasWarnLevel && enforceLevel.valid && compareLevels(enforce.level, warn.level) > 0) {
    warn = { level: enforce.level, version: hasWarnVersion ? warn.version : enforce.version };
  }

  return { policy: { enforce, audit, warn }, errors };
}

/** All three modes equivalent; privileged at any version is privileged (api.Policy.Equivalent). */
export function equivalentPolicies(a: Policy, b: Policy): boolean {
  return (
    equivalentLevelVersions(a.enforce, b.enforce) &&
    equivalentLevelVersions(a.audit, b.audit) &&
    equivalentLevelVersions(a.warn, b.warn)
  );
}

/** Every mode privileged, whatever the versions (api.Policy.FullyPrivileged). */
export function fullyPrivileged(policy: Policy): boolean {
  return policy.enforce.level === 'privileged' && policy.audit.level === 'privileged' && policy.warn.level === 'privileged';
}
