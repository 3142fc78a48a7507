// `psa-scan history --store REF --cluster NAME`: one cluster's chain, oldest to newest, with what
// each scan found changed since the one before (the findings its alert carried, recomputed).
import { diffSnapshots } from '../drift/diff-snapshots.ts';
import type { Finding } from '../drift/finding.ts';
import { clusterLabel } from '../fleet/cluster-identity.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import type { CliEnvironment } from './cli-environment.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandOptions, parseCountOption, parseFormatOption, parseStoreOption } from './command-options.ts';
import { openStoreForReading } from './open-cli-store.ts';
import { safeText } from './safe-text.ts';

export const HISTORY_SYNOPSIS = `Usage: psa-scan history --store DIR|s3://BUCKET/PREFIX --cluster NAME [--limit N] [--format text|json]
`;

export const HISTORY_HELP = `${HISTORY_SYNOPSIS}
Prints one cluster's snapshots from a store, oldest first (the last N, default 30), each
with its outcome, its namespaces by state and the findings against the snapshot before
it: the changes its alert reported. The chain is walked from the cluster's pointer and
every link's SHA-256 is checked on the way (psa-scan verify checks the whole store).

Options:
  --store REF        a folder, or s3://BUCKET/PREFIX (AWS_* variables as for scan --store)
  --cluster NAME     the cluster: its name, or ACCOUNT/REGION/NAME
  --limit N          how many snapshots, newest back (default 30)
  --format FORMAT    text (default) or json
  -h, --help         show this help

Exit status: 0 printed; 2 usage error, unknown cluster or unreadable store.
`;

interface Entry {
  readonly key: string;
  readonly startedAt: string;
  readonly outcome: string;
  readonly byState: Record<string, number>;
  readonly findings: readonly Finding[];
}

export async function runHistoryCli(args: readonly string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  const parsed = parseCommandOptions(args, {
    store: { type: 'string' },
    cluster: { type: 'string' },
    limit: { type: 'string' },
    format: { type: 'string' },
  });
  if (parsed.outcome === 'usage-error') return usage(io, parsed.message);
  if (parsed.outcome === 'help') {
    io.stdout(HISTORY_HELP);
    return 0;
  }
  const values = parsed.options;
  if (values.store === undefined || values.cluster === undefined || values.cluster === '') return usage(io, '--store and --cluster are required');
  const reference = parseStoreOption('--store', values.store);
  if (!reference.ok) return usage(io, reference.message);
  const limit = parseCountOption('--limit', values.limit ?? '30');
  if (!limit.ok) return usage(io, limit.message);
  const format = parseFormatOption(values.format, ['text', 'json']);
  if (!format.ok) return usage(io, format.message);

  const opened = openStoreForReading(reference.value, environment);
  if (!opened.ok) return fail(io, opened.message);
  try {
    const wanted = values.cluster;
    const cluster = (await opened.store.clusters()).find((c) => c.name === wanted || clusterLabel(c) === wanted);
    if (cluster === undefined) return fail(io, `${opened.store.location}: no cluster ${JSON.stringify(wanted)} in this store`);
    // One more than shown, so the oldest shown still has its predecessor to be compared with.
    const chain = (await opened.store.history(cluster, limit.value + 1)).reverse();
    const entries: Entry[] = chain.slice(chain.length > limit.value ? 1 : 0).map((stored, index, shown) => {
      const before = chain.length > limit.value ? chain[index] : shown[index - 1];
      return {
        key: stored.key,
        startedAt: stored.snapshot.startedAt,
        outcome: stored.snapshot.outcome,
        byState: Object.fromEntries(Object.entries(stored.snapshot.summary.byState).filter(([, n]) => n > 0)),
        findings: diffSnapshots(before?.snapshot, stored.snapshot),
      };
    });
    io.stdout(format.value === 'json' ? `${JSON.stringify({ cluster, snapshots: entries }, null, 2)}\n` : renderHistory(clusterLabel(cluster), entries));
    return 0;
  } catch (error) {
    if (error instanceof SnapshotStoreError) return fail(io, `${error.message} (${error.kind})`);
    throw error;
  } finally {
    opened.close();
  }
}

function renderHistory(cluster: string, entries: readonly Entry[]): string {
  const lines = [`${safeText(cluster)}: ${entries.length} snapshot${entries.length === 1 ? '' : 's'}, oldest first`];
  for (const entry of entries) {
    const states = Object.entries(entry.byState).map(([state, n]) => `${n} ${state}`).join(', ');
    lines.push('', `${entry.startedAt}  ${entry.outcome}  ${states}`, `  ${safeText(entry.key)}`);
    for (const finding of entry.findings) lines.push(`  ${finding.severity.toUpperCase().padEnd(8)} ${safeText(finding.summary)}`);
    if (entry.findings.length === 0) lines.push('  no change');
  }
  return `${lines.join('\n')}\n`;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`psa-scan history: ${safeText(message)}\n${HISTORY_SYNOPSIS}Run "psa-scan history --help" for more.\n`);
  return 2;
}

function fail(io: CliIo, message: string): number {
  io.stderr(`psa-scan history: ${safeText(message)}\n`);
  return 2;
}
