// Label selectors with Kubernetes' meaning (k8s.io/apimachinery pkg/apis/meta/v1 helpers.go
// LabelSelectorAsSelector, pkg/labels selector.go Requirement.Matches): every matchLabels entry and
// every matchExpressions requirement must hold; a selector with neither matches every label set.

export const SET_OPERATORS = ['In', 'NotIn'] as const;
export const EXISTENCE_OPERATORS = ['Exists', 'DoesNotExist'] as const;
export type LabelSelectorOperator = (typeof SET_OPERATORS)[number] | (typeof EXISTENCE_OPERATORS)[number];

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator;
  /** Non-empty for In and NotIn; empty or absent for Exists and DoesNotExist. */
  readonly values?: readonly string[] | undefined;
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | undefined;
}

export type Labels = Readonly<Record<string, string>>;

/** A selector with no requirement: Kubernetes reads it as labels.Everything(). */
export function selectsEverything(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

function requirementHolds(requirement: LabelSelectorRequirement, labels: Labels): boolean {
  const present = Object.hasOwn(labels, requirement.key);
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return present && values.includes(labels[requirement.key] ?? '');
    case 'NotIn':
      // A namespace without the label is "not in" any set (upstream: `!r.hasValue` when absent).
      return !present || !values.includes(labels[requirement.key] ?? '');
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  return (
    matchLabels.every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value) &&
    (selector.matchExpressions ?? []).every((requirement) => requirementHolds(requirement, labels))
  );
}
