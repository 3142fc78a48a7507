// A scenario: a namespace in some PodSecurity state, its pods, a label patch the scanner
// dry-runs, and exactly what the apiserver answers. The expected answers are written out from
// DESIGN.md facts 1-4 and 6 and the upstream source they cite
// (k8s.io/pod-security-admission@v0.37.2 admission/admission.go, api/helpers.go, policy/;
// k8s.io/apiserver@v0.37.2 pkg/endpoints/filters/warning.go).

import type { V1Pod } from '@kubernetes/client-node';

// The namespace labels, by the short names the scenarios use.
export {
  AUDIT_LEVEL_LABEL as AUDIT,
  AUDIT_VERSION_LABEL as AUDIT_VERSION,
  ENFORCE_LEVEL_LABEL as ENFORCE,
  ENFORCE_VERSION_LABEL as ENFORCE_VERSION,
  WARN_LEVEL_LABEL as WARN,
  WARN_VERSION_LABEL as WARN_VERSION,
} from '../../../shared/pss/namespace-policy.ts';

export type Expected =
  /** The update is allowed; these warnings, in this order (empty: none). */
  | { readonly warnings: readonly string[] }
  /**
   * The update is refused with 422 Invalid: this Status message, and these Status causes written
   * as `field: message` (one per invalid label).
   */
  | { readonly invalid: string; readonly causes: readonly string[] };

export interface Scenario {
  /** Namespace name; unique across all scenarios. */
  readonly namespace: string;
  /** The behaviour, as a sentence. */
  readonly title: string;
  /** Labels the namespace carries before the patch (applied after its pods exist). */
  readonly labels: Readonly<Record<string, string>>;
  readonly pods: readonly V1Pod[];
  /** Label changes to dry-run; null removes a label. */
  readonly patch: Readonly<Record<string, string | null>>;
  readonly expected: Expected;
}
