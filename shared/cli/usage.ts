// The help text; SYNOPSIS is what a usage error repeats on stderr.

export const SYNOPSIS = `Usage: psa-scan check [--level LEVEL] [--version VERSION] [--format text|json|sarif|junit] FILE... | -
       psa-scan scan [--context NAME ... | --all-contexts] [--policy FILE] [--out DIR] [--store REF [--notify TARGET]] ...
       psa-scan diff OLD NEW
       psa-scan history --store REF --cluster NAME
       psa-scan verify --store REF [--cluster NAME ...]
       psa-scan whatif [--context NAME] --to-version v1.N [--store REF]
       psa-scan report --store REF --out DIR|s3://BUCKET/PREFIX
       psa-scan help [check|scan|diff|history|verify|whatif|report]
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
  --format FORMAT    text, json, sarif or junit (default: text)
  --max-document-bytes N
                     the largest document read (bytes, or with Ki, Mi, Gi; default
                     64Mi, at most 500Mi); a larger one is bad input (exit 2)
  --allow-empty      pass an input that holds no Kubernetes object; without it an
                     empty input (what a failed \`helm template |\` gives) is exit 2
  -h, --help         show this help

Input is read document by document (memory is bounded by the largest document, not the
stream), and YAML exactly as kubectl reads it (go-yaml v2 through sigs.k8s.io/yaml):
2024-01-01 and 1:00 are strings; y, yes and on are booleans; 0o17, 0x1F, 0b101, 017
and 1_000 are integers; a repeated key is bad input; so is invalid UTF-8.

Evaluated: a Pod's metadata and spec; the pod template (spec.template) of a Deployment,
ReplicaSet, StatefulSet, DaemonSet, Job or ReplicationController; a CronJob's
spec.jobTemplate.spec.template; a PodTemplate's template; each in its built-in API
group (core, apps, batch), as the apiserver matches them. Every other object is
reported as not applicable; empty documents are skipped.

Only the fields the checks read (and the objects and lists on the way to them) are
type-checked, against the type the apiserver would decode them into: privileged: "true"
is bad input (exit 2), not an allowed pod. Other fields are not checked at all: a pod
the apiserver would refuse for another reason (image: 5, an unknown field) is still
judged on its Pod Security fields. Use kubectl apply --dry-run=server or a schema
validator for the rest.

Text output, one block per object, then a summary line:
  FILE#INDEX KIND NAMESPACE/NAME: ALLOWED at LEVEL:VERSION
  FILE#INDEX KIND NAMESPACE/NAME: DENIED at LEVEL:VERSION
    CHECK: DETAIL                                  (one line per violation)
  FILE#INDEX KIND NAMESPACE/NAME: NOT APPLICABLE (WHY)
  N objects, N denied, N not applicable at LEVEL:VERSION
INDEX is the position of the document in its file, counting from 0; an item of a
List is INDEX.ITEM, ITEM counting from 0 within the list's items. NAMESPACE/ is
left out when the object sets no namespace; NAME is (unnamed) when it sets none.
A file, kind, namespace or name holding other characters than those of Kubernetes
names and plain paths (a space, a quote, a newline), and a detail or message holding
a control, format or bidi character (a newline, a terminal escape), is printed as a
Go-quoted string ("a\\nb"), so that no input can forge or hide a line of the report.

JSON output (--format json), one object:
  {"results":[{"file","index","item","line","kind","namespace","name",
               "applicable","allowed","violations":[{"check","reason","detail"}]}]}
  "index" is the document's position in its file (from 0); "item" is the position in
  a List's items (from 0), or null; "line" is the line (from 1) where the object
  starts; "namespace" and "name" are null when not set. A not-applicable object has
  "applicable": false, "allowed": null, "violations": []. Values are exactly as in the
  input; control and bidi characters are written as \\u escapes.

SARIF output (--format sarif): a SARIF 2.1.0 log for code-scanning UIs. One result per
  violation, at the file (as given, relative to the working directory) and the line
  where the object starts; one rule per check ID, named after its Pod Security
  Standards control, with what it forbids and how to fix it. Allowed and
  not-applicable objects give no result; "properties.policy" is LEVEL:VERSION.

JUnit output (--format junit): JUnit XML for CI test reports. One testsuite per
  FILE, one testcase per object: a denied object fails (the message lists the
  reasons, the body one CHECK: DETAIL line per violation), an allowed one passes,
  a not-applicable one is skipped with the reason.

Exit status:
  0  every object is allowed or not applicable
  1  at least one object is denied
  2  usage error or bad input (unreadable file, an input with no Kubernetes object,
     YAML syntax error, invalid UTF-8, a document over --max-document-bytes, a
     document that is not a Kubernetes object, a field the apiserver could not
     decode, such as privileged: "true"); the problems go to stderr, in document
     order, and nothing to stdout
  3  internal error in psa-scan (a bug: please report the message printed on stderr)
`;
