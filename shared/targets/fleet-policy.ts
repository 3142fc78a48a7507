// A validated fleet policy, ready to answer "what applies to this cluster?": the first cluster entry
// whose match selects it gives the PodSecurity configuration and the namespace rules; the first
// namespace rule whose match selects a namespace gives its target. No entry, or no file at all:
// Kubernetes' defaults and no target (the scan then derives the target from the namespace labels).
import { DEFAULT_ADMISSION_CONFIG } from '../pss/admission/admission-config.ts';
import type { ClusterPolicy, NamespaceTargetRule } from './cluster-policy.ts';
import { compileClusterMatch, type ClusterFacts, type ClusterMatcher } from './cluster-match.ts';
import { compileNamespaceMatch, type NamespaceFacts, type NamespaceMatcher } from './namespace-match.ts';
import { FLEET_POLICY_API_VERSION, FLEET_POLICY_KIND, type FleetPolicyDocument, type NamespaceRuleDocument } from './fleet-policy-schema.ts';
import { admissionConfig, resolvedTarget } from './resolved-values.ts';
import { fleetPolicyDigest } from './policy-digest.ts';

export interface FleetPolicy {
  /** SHA-256 (hex) of the policy's canonical form: the same policy written differently has the same digest. */
  readonly digest: string;
  /** What applies to one cluster. */
  forCluster(cluster: ClusterFacts): MatchedClusterPolicy;
}

export interface MatchedClusterPolicy extends ClusterPolicy {
  /** The entry that applies, e.g. `clusters[2]`; undefined when none matched and Kubernetes' defaults apply. */
  readonly source: string | undefined;
}

interface CompiledRule {
  readonly matches: NamespaceMatcher;
  readonly rule: NamespaceTargetRule;
}

interface CompiledEntry {
  readonly matches: ClusterMatcher;
  readonly policy: MatchedClusterPolicy;
}

const NO_ENTRY: MatchedClusterPolicy = Object.freeze({ admission: DEFAULT_ADMISSION_CONFIG, source: undefined, targetFor: () => undefined });

/**
 * The policy a validated document describes. Only for documents fleetPolicySchema accepted (through
 * parseFleetPolicy): a value it would refuse is an internal error here.
 */
export function fleetPolicyFromDocument(document: FleetPolicyDocument): FleetPolicy {
  const entries: CompiledEntry[] = document.clusters.map((entry, index) => {
    const source = `clusters[${index}]`;
    const rules = (entry.namespaces ?? []).map((rule, ruleIndex) => compileRule(rule, `${source}.namespaces[${ruleIndex}]`));
    const policy: MatchedClusterPolicy = Object.freeze({
      admission: entry.podSecurity === undefined ? DEFAULT_ADMISSION_CONFIG : admissionConfig(entry.podSecurity, source),
      source,
      targetFor: (namespace: NamespaceFacts) => rules.find((compiled) => compiled.matches(namespace))?.rule,
    });
    return { matches: compileClusterMatch(entry.match), policy };
  });
  return Object.freeze({
    digest: fleetPolicyDigest(document),
    forCluster: (cluster: ClusterFacts) => entries.find((entry) => entry.matches(cluster))?.policy ?? NO_ENTRY,
  });
}

/** The policy when there is no file: Kubernetes' defaults for every cluster, no namespace targets. */
export const DEFAULT_FLEET_POLICY: FleetPolicy = fleetPolicyFromDocument({ apiVersion: FLEET_POLICY_API_VERSION, kind: FLEET_POLICY_KIND, clusters: [] });

function compileRule(rule: NamespaceRuleDocument, source: string): CompiledRule {
  return { matches: compileNamespaceMatch(rule.match), rule: Object.freeze({ ...resolvedTarget(rule, source), source }) };
}
