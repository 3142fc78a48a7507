// The digest that names a policy in snapshots and reports: SHA-256 of a canonical form, so the
// same policy written differently (key order, comments, quoting, flow or block style, a default
// spelt out or left out) has the same digest, and any change of meaning changes it.
//
// Canonical form: what the document means, as JSON with sorted keys. PodSecurity defaults filled
// in (privileged / latest when unset), allowPrivileged resolved, and lists whose order means
// nothing (globs, exemptions, selector values and requirements) sorted without repeats. The order
// of cluster entries and namespace rules is kept: the first match wins.
import { createHash } from 'node:crypto';
import type { AdmissionConfig } from '../pss/admission/admission-config.ts';
import { levelVersionString } from '../pss/level-version.ts';
import { versionString } from '../pss/version.ts';
import type { ClusterMatchDocument, FleetPolicyDocument, NamespaceMatchDocument, NamespaceRuleDocument } from './fleet-policy-schema.ts';
import type { LabelSelector } from './label-selector.ts';
import { DEFAULT_ADMISSION_CONFIG } from '../pss/admission/admission-config.ts';
import { admissionConfig, resolvedTarget } from './resolved-values.ts';

type Canonical = string | boolean | null | readonly Canonical[] | { readonly [key: string]: Canonical | undefined };

/** Sorted, without repeats: for lists that are sets. */
function set(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** JSON with object keys sorted at every depth; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: Canonical): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: Canonical) => canonicalJson(item)).join(',')}]`;
  const members = Object.entries(value)
    .filter((entry): entry is [string, Canonical] => entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
}

function nonEmptyMap(map: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> | undefined {
  return map === undefined || Object.keys(map).length === 0 ? undefined : map;
}

function clusterMatch(match: ClusterMatchDocument): Canonical {
  return {
    names: match.names && set(match.names),
    accounts: match.accounts && set(match.accounts),
    regions: match.regions && set(match.regions),
    tags: nonEmptyMap(match.tags),
  };
}

function labelSelector(selector: LabelSelector): Canonical | undefined {
  const requirements = (selector.matchExpressions ?? []).map((requirement) =>
    canonicalJson({ key: requirement.key, operator: requirement.operator, values: set(requirement.values ?? []) }),
  );
  const matchLabels = nonEmptyMap(selector.matchLabels);
  if (matchLabels === undefined && requirements.length === 0) return undefined;
  return { matchLabels, matchExpressions: requirements.length === 0 ? undefined : set(requirements).map((json) => JSON.parse(json) as Canonical) };
}

function namespaceMatch(match: NamespaceMatchDocument): Canonical {
  return { names: match.names && set(match.names), labels: match.labels && labelSelector(match.labels) };
}

function namespaceRule(rule: NamespaceRuleDocument, source: string): Canonical {
  const { target, allowPrivileged } = resolvedTarget(rule, source);
  return { match: namespaceMatch(rule.match), target: target === undefined ? null : levelVersionString(target), allowPrivileged };
}

function podSecurity(config: AdmissionConfig): Canonical {
  const { defaults, exemptions } = config;
  return {
    defaults: {
      enforce: defaults.enforce.level,
      'enforce-version': versionString(defaults.enforce.version),
      audit: defaults.audit.level,
      'audit-version': versionString(defaults.audit.version),
      warn: defaults.warn.level,
      'warn-version': versionString(defaults.warn.version),
    },
    exemptions: { usernames: set(exemptions.usernames), namespaces: set(exemptions.namespaces), runtimeClasses: set(exemptions.runtimeClasses) },
  };
}

export function canonicalFleetPolicy(document: FleetPolicyDocument): Canonical {
  return {
    apiVersion: document.apiVersion,
    kind: document.kind,
    clusters: document.clusters.map((entry, index) => {
      const source = `clusters[${index}]`;
      return {
        match: clusterMatch(entry.match),
        podSecurity: podSecurity(entry.podSecurity === undefined ? DEFAULT_ADMISSION_CONFIG : admissionConfig(entry.podSecurity, source)),
        namespaces: (entry.namespaces ?? []).map((rule, ruleIndex) => namespaceRule(rule, `${source}.namespaces[${ruleIndex}]`)),
      };
    }),
  };
}

export function fleetPolicyDigest(document: FleetPolicyDocument): string {
  return createHash('sha256').update(canonicalJson(canonicalFleetPolicy(document))).digest('hex');
}
