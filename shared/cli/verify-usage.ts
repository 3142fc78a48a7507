// `psa-scan verify --help` (usage.ts lists the synopsis with the other commands).
export const VERIFY_SYNOPSIS = `Usage: psa-scan verify --store DIR|s3://BUCKET/PREFIX [--cluster NAME ...] [--format text|json]
`;

export const VERIFY_HELP = `${VERIFY_SYNOPSIS}
Checks a snapshot store's hash chains: each cluster's chain is walked from its pointer
(pointers/account=A/region=R/cluster=N/latest.json) along every snapshot's previous
link, and each snapshot's bytes are hashed against the SHA-256 its successor recorded.
Nothing is written.

Options:
  --store REF        a folder, or s3://BUCKET/PREFIX (AWS_ENDPOINT_URL_S3 or
                     AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and
                     AWS_SECRET_ACCESS_KEY, or AWS_PROFILE and the SDK's default chain)
  --cluster NAME     only this cluster: its name, or ACCOUNT/REGION/NAME; repeat for
                     several (default: every cluster in the store)
  --format FORMAT    text or json (default: text)
  -h, --help         show this help

Problems reported:
  gap        a link names a snapshot that is not there
  altered    a snapshot's SHA-256 differs from the one its link recorded
  reorder    a link points forward in time (the linked scan started after the
             linking one finished), or the chain loops
  deletion   the pointer counts another number of snapshots than the chain holds,
             or a cluster has snapshots but no pointer
  unchained  an object under snapshots/ that no chain reaches
  misplaced  a snapshot whose key does not match its content
  unreadable a pointer or snapshot that does not parse
A chain whose newest snapshot is still staged (an append stopped after moving the
pointer) is reported as pending; the next append completes it. That is not a problem.

Text output: one line per cluster (ACCOUNT/REGION/NAME, intact or the number of
problems, the snapshots reached, the pointer's count, the first and last scan's
start time), then one indented line per problem.
JSON output: {"store","intact","clusters":[{"account","region","name","intact",
  "length","count","first","last","pending","problems":[{"kind","key","message"}]}],
  "strays":[{"kind","key","message"}]}

Exit status:
  0  every chain verified is intact
  1  a problem was found
  2  usage error, or the store cannot be read (no such folder or bucket, access
     denied, unreachable); the reason goes to stderr
`;
