// `psa-scan report --help` (usage.ts lists the synopsis with the other commands).
export const REPORT_SYNOPSIS = `Usage: psa-scan report --store DIR|s3://BUCKET/PREFIX --out DIR|s3://BUCKET/PREFIX [--nights N] [--format text|json]
`;

export const REPORT_HELP = `${REPORT_SYNOPSIS}
Writes the auditor's fleet report from a snapshot store: every cluster's latest
snapshot (its state per namespace, the workloads that violate the enforce level in
place or block the namespace's target, with their reasons, and what changed since the
snapshot before it) and the trend over the last N nights (violations and namespaces
by state per night). Three documents, written once and never replaced, under
  reports/fleet/date=YYYY-MM-DD/<time>/fleet.json   versioned (shared/report/fleet-report.schema.json)
  reports/fleet/date=YYYY-MM-DD/<time>/fleet.csv    one row per cluster, namespace and workload
  reports/fleet/date=YYYY-MM-DD/<time>/fleet.html   one page, no network needed to view it
where <time> is when the report was made (UTC). Each names the snapshots it was built
from with the SHA-256 of their stored bytes: psa-scan verify --store REF checks them.
A night is a UTC date; a night's snapshot is the last one started that date.

Options:
  --store REF        the snapshot store: a folder, or s3://BUCKET/PREFIX (AWS_ENDPOINT_URL_S3
                     or AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and
                     AWS_SECRET_ACCESS_KEY, or AWS_PROFILE and the SDK's default chain)
  --out REF          where the report goes: a folder, or s3://BUCKET/PREFIX (same variables)
  --nights N         nights of history in the trend, today's included (default 30, at most 366)
  --format FORMAT    what is printed: text (default) or json
  -h, --help         show this help

Text output: a line summing the fleet up, then one line per file written
("wrote LOCATION"). JSON output: {"generatedAt","window":{"nights","from","to"},
"fleet":{...the report's fleet counts},"written":[{"format","key","location","bytes"}]}

Exit status:
  0  the report was written
  2  usage error; the store cannot be read; a report already exists under the same
     key with other content, or the output cannot be written (the reason goes to stderr)
`;
