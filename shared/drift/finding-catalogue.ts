// Every kind of finding, with its severity and the words a person reads, apart from the logic that
// decides which kind applies (the cdk-nag habit: metadata in one declarative table).

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface FindingKindInfo {
  readonly severity: Severity;
  readonly title: string;
  readonly remediation: string;
  /** Something got better: still published, never paged. */
  readonly goodNews: boolean;
}

export const FINDING_CATALOGUE = {
  'psp-removal-regression': {
    severity: 'critical',
    title: 'PodSecurityPolicy removed and nothing enforces Pod Security',
    remediation: 'Label the namespace pod-security.kubernetes.io/enforce at its target (fix the blocking workloads first), or allow it to stay privileged in the fleet policy.',
    goodNews: false,
  },
  'psp-dependency': {
    severity: 'high',
    title: 'Relies on PodSecurityPolicy, which Kubernetes 1.25 removes',
    remediation: 'Before upgrading to 1.25 or later, label the namespace pod-security.kubernetes.io/enforce at its target; the target verdict shows what would break.',
    goodNews: false,
  },
  'enforcement-removed': {
    severity: 'critical',
    title: 'Pod Security enforcement removed',
    remediation: 'Restore the pod-security.kubernetes.io/enforce label, or allow the namespace to be privileged in the fleet policy if that was intended.',
    goodNews: false,
  },
  'enforcement-relaxed': {
    severity: 'high',
    title: 'Pod Security enforcement relaxed',
    remediation: 'Restore the stricter enforce level unless the change was reviewed.',
    goodNews: false,
  },
  'enforce-version-unpinned': {
    severity: 'medium',
    title: 'Enforce version unpinned',
    remediation: 'Pin pod-security.kubernetes.io/enforce-version to a v1.N so an upgrade cannot change what is enforced unreviewed.',
    goodNews: false,
  },
  'enforce-version-moved': {
    severity: 'low',
    title: 'Enforce version pin moved',
    remediation: 'Check that the new pin was intended; the sweep at the new version shows what it rejects.',
    goodNews: false,
  },
  'unlabelled-namespace-new': {
    severity: 'medium',
    title: 'New namespace without an enforce label',
    remediation: 'Label it pod-security.kubernetes.io/enforce at its target, or allow it in the fleet policy.',
    goodNews: false,
  },
  'violations-in-place': {
    severity: 'high',
    title: 'Pods violate the enforce level in place',
    remediation: 'Fix the workloads named in the evidence and roll them out; PodSecurity rejects their next pods.',
    goodNews: false,
  },
  'target-violations-new': {
    severity: 'medium',
    title: 'New violations at the target level',
    remediation: 'Fix the workloads named in the evidence before the namespace is promoted.',
    goodNews: false,
  },
  'cluster-upgraded': {
    severity: 'info',
    title: 'Cluster upgraded',
    remediation: 'Review the namespaces pinned to latest (or to versions the upgrade made effective): they now enforce the new version.',
    goodNews: false,
  },
  'scan-degraded': {
    severity: 'high',
    title: 'Scan incomplete',
    remediation: 'Check the errors: scanner RBAC (infra/onboarding), API reachability, throttling. Namespaces not evaluated have no verdict tonight.',
    goodNews: false,
  },
  'evidence-limited': {
    severity: 'low',
    title: "The server's answer was limited",
    remediation: 'Nothing to do: the server checked only some pods or its warnings were cut, and the offline engine decided instead.',
    goodNews: false,
  },
  'model-disagreement': {
    severity: 'medium',
    title: "The server and the scanner's model disagree",
    remediation: 'Compare the warnings in the evidence; the fleet policy may not describe the cluster PodSecurity configuration (defaults, exemptions), or pods changed during the scan.',
    goodNews: false,
  },
  'violations-resolved': {
    severity: 'info',
    title: 'Violations resolved',
    remediation: 'Nothing to do.',
    goodNews: true,
  },
  'ready-to-promote': {
    severity: 'info',
    title: 'Ready to promote',
    remediation: 'The namespace is clean at its target: set pod-security.kubernetes.io/enforce to it.',
    goodNews: true,
  },
  baseline: {
    severity: 'info',
    title: 'First scan: baseline',
    remediation: 'Nothing to do: later scans report what changes from here.',
    goodNews: false,
  },
} as const satisfies Record<string, FindingKindInfo>;

export type FindingKind = keyof typeof FINDING_CATALOGUE;
export const FINDING_KINDS = Object.keys(FINDING_CATALOGUE) as FindingKind[];

/** -1 when a is more severe than b (critical sorts first). */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}
