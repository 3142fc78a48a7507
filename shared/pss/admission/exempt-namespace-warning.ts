// The one warning an exempt namespace gets when its labels ask for a policy that will not be
// applied (admission/admission.go exemptNamespaceWarning).
import { levelVersionString } from '../level-version.ts';
import {
  AUDIT_LEVEL_LABEL,
  AUDIT_VERSION_LABEL,
  ENFORCE_LEVEL_LABEL,
  ENFORCE_VERSION_LABEL,
  equivalentPolicies,
  fullyPrivileged,
  WARN_LEVEL_LABEL,
  WARN_VERSION_LABEL,
  type NamespaceLabels,
  type Policy,
} from '../namespace-policy.ts';

/**
 * `namespace "X" is exempt from Pod Security, and the policy (enforce=..., audit=...) will be ignored`,
 * or undefined when the policy is fully privileged or equivalent to the configured defaults.
 * Only modes that are not privileged and whose level or version label is present are listed, in
 * the order enforce, audit, warn; so the parentheses can be empty when only defaults tighten it.
 */
export function exemptNamespaceWarning(
  namespaceName: string,
  policy: Policy,
  labels: NamespaceLabels | undefined,
  defaults: Policy,
): string | undefined {
  if (fullyPrivileged(policy) || equivalentPolicies(policy, defaults)) return undefined;
  const has = (label: string): boolean => labels !== undefined && Object.hasOwn(labels, label);
  const modes: [string, Policy['enforce'], string, string][] = [
    ['enforce', policy.enforce, ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL],
    ['audit', policy.audit, AUDIT_LEVEL_LABEL, AUDIT_VERSION_LABEL],
    ['warn', policy.warn, WARN_LEVEL_LABEL, WARN_VERSION_LABEL],
  ];
  const shown = modes
    .filter(([, lv, levelLabel, versionLabel]) => lv.level !== 'privileged' && (has(levelLabel) || has(versionLabel)))
    .map(([mode, lv]) => `${mode}=${levelVersionString(lv)}`);
  return `namespace ${JSON.stringify(namespaceName)} is exempt from Pod Security, and the policy (${shown.join(', ')}) will be ignored`;
}
