// The help text; SYNOPSIS is what a usage error repeats on stderr.

export const SYNOPSIS = `Usage: psa-scan check [--level LEVEL] [--version VERSION] [--format text|json] FILE... | -
       psa-scan help
`;

export const HELP = `${SYNOPSIS}
Checks Kubernetes manifests against the Pod Security Standards, offline, the way the
PodSecurity admission controller checks them in a namespace that enforces LEVEL:VERSION.

Arguments:
  FILE...            YAML or JSON manifests. A file may hold several YAML documents
                     (separated by ---) and List objects (kind List or *List with items).
  -                  read a manifest from standard input (shown as <stdin>)
  --                 end of options: every later argument is a FILE

Options:
  --level LEVEL      privileged, baseline or restricted (default: restricted)
  --version VERSION  latest or v1.N, e.g. v1.30 (default: latest)
  --format FORMAT    text or json (default: text)
  -h, --help         show this help

Evaluated: a Pod's metadata and spec; the pod template (spec.template) of a Deployment,
ReplicaSet, StatefulSet, DaemonSet, Job or ReplicationController; a CronJob's
spec.jobTemplate.spec.template; a PodTemplate's template; each in its built-in API
group (core, apps, batch), as the apiserver matches them. Every other object is
reported as not applicable; empty documents are skipped.

Text output, one block per object, then a summary line:
  FILE#INDEX KIND NAMESPACE/NAME: ALLOWED at LEVEL:VERSION
  FILE#INDEX KIND NAMESPACE/NAME: DENIED at LEVEL:VERSION
    CHECK: DETAIL                                  (one line per violation)
  FILE#INDEX KIND NAMESPACE/NAME: NOT APPLICABLE (WHY)
  N objects, N denied, N not applicable at LEVEL:VERSION
INDEX is the position of the document in its file, counting from 0; an item of a
List is INDEX.ITEM, ITEM counting from 0 within the list's items. NAMESPACE/ is
left out when the object sets no namespace; NAME is (unnamed) when it sets none.

JSON output (--format json), one object:
  {"results":[{"file","index","item","kind","namespace","name",
               "applicable","allowed","violations":[{"check","reason","detail"}]}]}
  "index" is the document's position in its file (from 0); "item" is the position in
  a List's items (from 0), or null; "namespace" and "name" are null when not set.
  A not-applicable object has "applicable": false, "allowed": null, "violations": [].

Exit status:
  0  every object is allowed or not applicable
  1  at least one object is denied
  2  usage error or bad input (unreadable file, YAML syntax error, document that is
     not a Kubernetes object, a field the apiserver could not decode, such as
     privileged: "true"); the problems go to stderr and nothing to stdout
  3  internal error in psa-scan (a bug: please report the message printed on stderr)
`;
