// What the fleet policy file says about one cluster, once resolved: the PodSecurity configuration
// the cluster runs with (EKS does not expose its AdmissionConfiguration, so the file stands in for
// it) and each namespace's target. The scan needs only this; parsing and selectors live beside it.
import type { AdmissionConfig } from '../pss/admission/admission-config.ts';
import type { LevelVersion } from '../pss/level-version.ts';

/** What the policy says about one namespace. */
export interface NamespaceTargetRule {
  /** The level and pinned version the namespace should reach; undefined: derive it from its labels. */
  readonly target: LevelVersion | undefined;
  /** The namespace may stay privileged (e.g. kube-system, a CNI's namespace). */
  readonly allowPrivileged: boolean;
  /** Where in the file this came from, e.g. `clusters[1].namespaces[0]`, for evidence. */
  readonly source: string;
}

export interface ClusterPolicy {
  /** Defaults and exemptions the cluster's PodSecurity admission runs with (Kubernetes' defaults when unsaid). */
  readonly admission: AdmissionConfig;
  /** The first namespace rule that matches, or undefined when none does. */
  targetFor(namespace: { readonly name: string; readonly labels: Readonly<Record<string, string>> }): NamespaceTargetRule | undefined;
}
