// `psa-scan scan --help`.
export const SCAN_SYNOPSIS = `Usage: psa-scan scan [--context NAME ... | --all-contexts] [--kubeconfig FILE] [--policy FILE]
                     [--out DIR] [--store DIR|s3://BUCKET/PREFIX [--notify console|file:DIR|sns:TOPIC_ARN]]
                     [--concurrency N] [--format text|json]
`;

export const SCAN_HELP = `${SCAN_SYNOPSIS}
Scans clusters for Pod Security Admission compliance. For every namespace it asks the
cluster's own API server, by a server-side dry-run of the namespace's labels, which
existing pods would be rejected at the enforce level in place and at the namespace's
target; evaluates every pod and workload template offline with the same rules; and
records the result as one snapshot per cluster.

A dry-run that re-applies a namespace's current enforce label evaluates nothing (the
apiserver only checks pods when the effective enforce policy changes), so the scan sends
a version with an identical check set instead, or evaluates offline, and records which.

Clusters (kubeconfig, resolved as kubectl does: --kubeconfig, else every file in
$KUBECONFIG, else ~/.kube/config):
  (default)          the current context
  --context NAME     this context; repeat for several
  --all-contexts     every context
A context whose cluster is an EKS ARN (as \`aws eks update-kubeconfig\` names them) is
recorded under that account, region and cluster name; others under local/local/CONTEXT.

Options:
  --policy FILE      fleet policy: targets per namespace, the clusters' PodSecurity
                     defaults and exemptions (default: Kubernetes' defaults, targets
                     from each namespace's own labels)
  --out DIR          write each cluster's snapshot to DIR/CLUSTER_TIME.json
  --store REF        append each snapshot to a store (a folder, or s3://BUCKET/PREFIX),
                     hash-chained to the cluster's previous one, and report what changed
  --notify TARGET    with --store: send the findings to console, file:DIR or
                     sns:TOPIC_ARN
  --concurrency N    requests in flight per cluster, and namespaces swept at once
                     (default 16)
  --format FORMAT    text (default) or json
  -h, --help         show this help

Each namespace ends in one state:
  exempt                          exempt by the cluster's PodSecurity configuration
  privileged-allowed              privileged, and the fleet policy allows it
  unlabelled                      no enforce label: the cluster defaults apply
  enforced-compliant              enforces its target (or stricter); nothing violates it
  enforced-lingering-violations   pods or templates violate the enforce level in place
                                  (admitted before the label; they need a rollout)
  ready-to-promote                clean at a target stricter than what it enforces
  blocked-at-target               the target would reject pods or templates
  not-evaluated                   no verdict could be reached (the errors say why)

Output: per cluster the namespaces by state, the blocking workloads with their reasons,
errors; progress goes to stderr when it is a terminal. --format json prints
  {"clusters":[{"cluster","server","version","outcome","file","seconds","requests",
                "summary","errors","namespaces":[{"name","state","why","enforce","target",
                "violatingPodsInPlace","blocking":[...],"errors"}]}]}

Exit status:
  0  every cluster was scanned completely
  1  a cluster's snapshot is partial (degraded) or it could not be scanned (failed)
  2  usage error or bad input (unknown context, unreadable or invalid policy file)
  3  internal error in psa-scan
`;
