// Which namespaces a `namespaces[].match` selects: its name matches one of the globs (when given)
// and its labels satisfy the label selector (when given). A match with neither selects every
// namespace.
import { compileGlobs } from './glob.ts';
import { matchesLabelSelector, selectsEverything, type Labels } from './label-selector.ts';
import type { NamespaceMatchDocument } from './fleet-policy-schema.ts';

/** What the policy knows of a namespace: its name and its labels (`kubernetes.io/metadata.name` among them on a real cluster). */
export interface NamespaceFacts {
  readonly name: string;
  readonly labels: Labels;
}

export type NamespaceMatcher = (namespace: NamespaceFacts) => boolean;

export function matchesEveryNamespace(match: NamespaceMatchDocument): boolean {
  return match.names === undefined && (match.labels === undefined || selectsEverything(match.labels));
}

export function compileNamespaceMatch(match: NamespaceMatchDocument): NamespaceMatcher {
  const names = match.names === undefined ? undefined : compileGlobs(match.names);
  const selector = match.labels;
  return (namespace) =>
    (names === undefined || names(namespace.name)) && (selector === undefined || matchesLabelSelector(selector, namespace.labels));
}
