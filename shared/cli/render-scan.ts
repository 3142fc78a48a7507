// What `psa-scan scan` prints: per cluster, the namespaces by state and the workloads that block
// them (text), or the same as one JSON document. Text from the cluster (names, reasons) is printed
// with control characters escaped, so a namespace name cannot forge output lines.
import { NAMESPACE_STATES, type ClusterSnapshot, type NamespaceResult, type Sweep } from '../snapshot/snapshot-schema.ts';
import { violatingPods } from '../snapshot/sweep-facts.ts';
import type { Finding } from '../drift/finding.ts';

/** What happened when the snapshot was appended to a store (--store). */
export interface RecordedReport {
  /** The stored snapshot's key; null when storing failed. */
  readonly key: string | null;
  /** The snapshot drift compared with, or null for a first scan. */
  readonly comparedWith: string | null;
  readonly findings: readonly Finding[];
  /** console, file or sns when an alert went out. */
  readonly notified: string | null;
  /** Why storing or notifying failed. */
  readonly error: string | undefined;
}

export interface ClusterScanReport {
  readonly snapshot: ClusterSnapshot;
  /** Where the snapshot was written, or null. */
  readonly file: string | null;
  readonly seconds: number;
  readonly requests: number;
  /** Set with --store. */
  readonly recorded?: RecordedReport;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** Control, line-separator and bidi characters as \u escapes. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface Blocker {
  readonly namespace: string;
  readonly workload: string;
  readonly levelVersion: string;
  readonly inPlace: boolean;
  readonly pods: number;
  readonly template: boolean;
  readonly reasons: string;
}

function blockersOf(namespace: NamespaceResult): Blocker[] {
  const sweep: Sweep | undefined =
    namespace.state === 'enforced-lingering-violations' ? namespace.sweeps.current : namespace.state === 'blocked-at-target' ? namespace.sweeps.target : undefined;
  if (sweep === undefined) return [];
  return sweep.workloads.map((w) => ({
    namespace: namespace.name,
    workload: `${w.kind}/${w.name}`,
    levelVersion: sweep.levelVersion,
    inPlace: sweep === namespace.sweeps.current,
    pods: w.pods.reduce((n, g) => n + g.pods.length, 0),
    template: (w.template?.violations.length ?? 0) > 0,
    reasons: [...new Set([...w.pods.flatMap((g) => g.violations), ...(w.template?.violations ?? [])].map((v) => v.reason))].join(', '),
  }));
}

function clusterHeading(report: ClusterScanReport): string {
  const { snapshot } = report;
  const { account, region, name } = snapshot.cluster;
  const version = snapshot.cluster.version?.gitVersion ?? 'version unknown';
  return `${printable(`${account}/${region}/${name}`)}  ${printable(version)}  ${snapshot.outcome}  ${snapshot.summary.namespaces} namespaces  ${report.seconds.toFixed(1)} s  ${report.requests} requests`;
}

function column(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

export function renderScanText(reports: readonly ClusterScanReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    const { snapshot } = report;
    lines.push(clusterHeading(report));
    const stateRows = NAMESPACE_STATES.filter((state) => snapshot.summary.byState[state] > 0).map((state) => {
      const names = snapshot.namespaces.filter((n) => n.state === state).map((n) => printable(n.name));
      const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
      return [`  ${state}`, String(snapshot.summary.byState[state]), shown];
    });
    lines.push(...column(stateRows));
    const blockers = snapshot.namespaces.flatMap(blockersOf);
    if (blockers.length > 0) {
      lines.push('  blocking workloads:');
      const rows = blockers.map((b) => [
        `    ${printable(b.namespace)}`,
        printable(b.workload),
        `${b.levelVersion}${b.inPlace ? ' (enforced)' : ''}`,
        [b.pods > 0 ? `${b.pods} pod${b.pods === 1 ? '' : 's'}` : '', b.template ? 'template' : ''].filter((s) => s !== '').join(' + '),
        printable(b.reasons),
      ]);
      lines.push(...column(rows));
    }
    const errors = [
      ...snapshot.errors.map((e) => ({ where: 'cluster', error: e })),
      ...snapshot.namespaces.flatMap((n) => n.errors.map((e) => ({ where: n.name, error: e }))),
    ];
    if (errors.length > 0) {
      lines.push('  errors:');
      for (const { where, error } of errors) lines.push(`    ${printable(where)}: ${error.kind}: ${printable(error.message)}`);
    }
    const disagreements = snapshot.namespaces.filter((n) => n.sweeps.current.modelAgreement === 'disagrees' || n.sweeps.target.modelAgreement === 'disagrees');
    if (disagreements.length > 0) lines.push(`  server and model disagree in: ${disagreements.map((n) => printable(n.name)).join(', ')} (see the snapshot)`);
    if (report.file !== null) lines.push(`  snapshot: ${printable(report.file)}`);
    if (report.recorded !== undefined) lines.push(...recordedLines(report.recorded));
    lines.push('');
  }
  const incomplete = reports.filter((r) => r.snapshot.outcome !== 'complete').length;
  lines.push(`${reports.length} cluster${reports.length === 1 ? '' : 's'} scanned${incomplete > 0 ? `, ${incomplete} incomplete` : ''}`);
  return `${lines.join('\n')}\n`;
}

function recordedLines(recorded: RecordedReport): string[] {
  if (recorded.error !== undefined) return [`  NOT RECORDED: ${printable(recorded.error)}`];
  const lines = [`  stored: ${printable(recorded.key ?? '')}${recorded.comparedWith === null ? ' (first in its chain)' : ''}`];
  if (recorded.findings.length === 0) lines.push('  no change since the previous scan');
  else {
    lines.push(`  ${recorded.findings.length} finding${recorded.findings.length === 1 ? '' : 's'}${recorded.notified === null ? '' : ` (sent: ${recorded.notified})`}:`);
    for (const finding of recorded.findings) lines.push(`    ${finding.severity.toUpperCase().padEnd(8)} ${printable(finding.summary)}`);
  }
  return lines;
}

export function renderScanJson(reports: readonly ClusterScanReport[]): string {
  const clusters = reports.map(({ snapshot, file, seconds, requests, recorded }) => ({
    cluster: { account: snapshot.cluster.account, region: snapshot.cluster.region, name: snapshot.cluster.name },
    server: snapshot.cluster.server,
    version: snapshot.cluster.version?.gitVersion ?? null,
    outcome: snapshot.outcome,
    file,
    seconds: Number(seconds.toFixed(3)),
    requests,
    summary: snapshot.summary,
    errors: snapshot.errors,
    namespaces: snapshot.namespaces.map((n) => ({
      name: n.name,
      state: n.state,
      why: n.why,
      enforce: n.effective.enforce,
      target: n.target.levelVersion,
      violatingPodsInPlace: violatingPods(n.sweeps.current),
      blocking: blockersOf(n).map(({ workload, levelVersion, pods, template, reasons }) => ({ workload, levelVersion, pods, template, reasons })),
      errors: n.errors,
    })),
    ...(recorded === undefined ? {} : { recorded: { ...recorded, error: recorded.error ?? null } }),
  }));
  return `${JSON.stringify({ clusters }, null, 2)}\n`;
}
