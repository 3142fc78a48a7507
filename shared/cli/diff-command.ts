// `psa-scan diff OLD NEW`: what changed between two snapshots of one cluster, as the findings an
// alert would carry (the same text and JSON). Exit 0: no change; 1: findings; 2: bad input.
import { parseArgs } from 'node:util';
import { diffSnapshots } from '../drift/diff-snapshots.ts';
import { alertInputFor, composeAlert } from '../notify/compose-alert.ts';
import { consoleText } from '../notify/console-notifier.ts';
import type { CliEnvironment } from './cli-environment.ts';
import type { CliIo } from './cli-io.ts';
import { safeText } from './safe-text.ts';
import { loadSnapshot } from './snapshot-source.ts';

export const DIFF_SYNOPSIS = `Usage: psa-scan diff [--format text|json] OLD NEW
`;

export const DIFF_HELP = `${DIFF_SYNOPSIS}
Compares two snapshots of one cluster and prints what changed, as the findings an alert
carries: enforcement removed or relaxed, versions unpinned, new violations in place or at
the target, PodSecurityPolicy removal, an upgrade, an incomplete scan, and good news.
OLD and NEW are snapshot files (psa-scan scan --out), or objects of a store given as
s3://BUCKET/KEY (AWS_* variables as for --store).

Options:
  --format FORMAT    text (default: the alert's text) or json ({"findings":[...]})
  -h, --help         show this help

Exit status: 0 nothing changed; 1 there are findings; 2 usage error or unreadable input.
`;

export async function runDiffCli(args: readonly string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], strict: true, allowPositionals: true, options: { format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (parsed.values.help === true) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  const format = parsed.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(io, `--format: Invalid value: ${JSON.stringify(format)}: must be one of text, json`);
  const [oldSource, newSource, ...extra] = parsed.positionals;
  if (oldSource === undefined || newSource === undefined || extra.length > 0) return usage(io, 'give exactly two snapshots: OLD NEW');

  const [before, after] = await Promise.all([loadSnapshot(oldSource, io, environment), loadSnapshot(newSource, io, environment)]);
  const problems = [...(before.ok ? [] : before.errors), ...(after.ok ? [] : after.errors)];
  if (!before.ok || !after.ok) {
    io.stderr(problems.map((p) => `psa-scan diff: ${safeText(p)}\n`).join(''));
    return 2;
  }
  const { account, region, name } = after.snapshot.cluster;
  const old = before.snapshot.cluster;
  if (old.account !== account || old.region !== region || old.name !== name) {
    io.stderr(`psa-scan diff: warning: the snapshots are of different clusters (${old.account}/${old.region}/${old.name} and ${account}/${region}/${name})\n`);
  }
  const findings = diffSnapshots(before.snapshot, after.snapshot);
  if (format === 'json') io.stdout(`${JSON.stringify({ findings }, null, 2)}\n`);
  else {
    const composed = composeAlert(alertInputFor(after.snapshot, findings, newSource));
    io.stdout(composed === undefined ? 'no change\n' : consoleText(composed.message, environment.stdoutIsTerminal));
  }
  return findings.length === 0 ? 0 : 1;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`psa-scan diff: ${safeText(message)}\n${DIFF_SYNOPSIS}Run "psa-scan diff --help" for more.\n`);
  return 2;
}
