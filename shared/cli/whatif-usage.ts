// `psa-scan whatif --help`, and the synopsis a usage error repeats.

export const WHATIF_SYNOPSIS = `Usage: psa-scan whatif [--context NAME] [--kubeconfig FILE] --to-version v1.N
                       [--policy FILE] [--store REF] [--format text|json]
`;

export const WHATIF_HELP = `${WHATIF_SYNOPSIS}
Before a Kubernetes upgrade: what would the cluster reject after it that it allows today?

Scans the cluster of one kubeconfig context (the current one by default) as psa-scan scan
does, verifying today's state with server-side dry-runs at its current version; then
evaluates offline, at the target version, every pod and pod template of each namespace
whose enforced checks move with the upgrade:
  - namespaces at latest (an enforce-version of latest, no version label, or a cluster
    default at latest): the server evaluates latest as its own version;
  - namespaces pinned to a version newer than today's server, which evaluates such a pin
    as its own version: the upgrade makes the pin effective, up to the target.
A pod or template that today's checks allow and the target's refuse is newly rejected:
the running pod stays, but the next one (a rollout, a node drained during the upgrade)
is refused. What already violates today is counted apart (psa-scan scan reports it).

On a cluster that serves PodSecurityPolicy, every namespace Pod Security does not
protect (no enforce label over privileged defaults, a privileged label, or exempt) is
listed with its verdict at its target, evaluated at the target version: v1.25 removes
PodSecurityPolicy, and nothing protects those namespaces after it.

The scanner knows the Pod Security checks up to v1.37; a newer target is evaluated as
v1.37, and the report says so.

Options:
  --context NAME     the kubeconfig context of the cluster (default: the current one)
  --kubeconfig FILE  kubeconfig file(s) (default: $KUBECONFIG, then ~/.kube/config)
  --to-version V     the Kubernetes version of the upgrade: v1.N or 1.N (required)
  --policy FILE      fleet policy: namespace targets, the cluster's PodSecurity defaults
                     and exemptions (as for psa-scan scan)
  --store REF        keep the report in a store (a folder, or s3://BUCKET/PREFIX) under
                     whatif/account=A/region=R/cluster=N/date=D/TIME-to-v1.N-SHA8.json,
                     written once; the nightly snapshot chain and its pointer are not
                     touched
  --format FORMAT    text (default), or json: the UpgradeWhatIf document, the bytes
                     stored (its JSON Schema: shared/whatif/what-if.schema.json)
  -h, --help         show this help

Exit status:
  0  nothing would be newly rejected, and the what-if is complete
  1  something would be newly rejected, or the what-if is incomplete (something could
     not be read or verified) or could not be stored: it cannot promise nothing would be
  2  usage error or bad input (unknown context, invalid policy file, a target older
     than the cluster)
  3  internal error in psa-scan
`;
