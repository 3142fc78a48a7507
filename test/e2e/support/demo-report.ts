// What the demo prints, as text: pure functions over what the flow returns, so demo.ts reads as
// the sequence of steps.
import { NAMESPACE_STATES, type ClusterSnapshot } from '../../../shared/snapshot/snapshot-schema.ts';
import type { DeliveredBatch } from './sqs-event-source.ts';
import type { LogLine, ReceivedAlert } from './fleet-flow.ts';

const INDENT = '    ';

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function heading(text: string): string {
  return `\n== ${text} ${'='.repeat(Math.max(3, 96 - text.length))}`;
}

/** The namespaces by state, states in the schema's order, names sorted. */
export function statesLines(snapshot: ClusterSnapshot): string[] {
  const { account, region, name } = snapshot.cluster;
  const lines = [`  ${name} (${account}/${region}): ${snapshot.outcome}, ${snapshot.summary.namespaces} namespaces, run ${snapshot.runId ?? '-'}`];
  const width = Math.max(...NAMESPACE_STATES.map((s) => s.length));
  for (const state of NAMESPACE_STATES) {
    const names = snapshot.namespaces.filter((n) => n.state === state).map((n) => n.name);
    if (names.length > 0) lines.push(`${INDENT}${state.padEnd(width)}  ${names.join(', ')}`);
  }
  return lines;
}

export function alertLines(alerts: readonly ReceivedAlert[]): string[] {
  if (alerts.length === 0) return [`  none`];
  return alerts.flatMap((alert) => [
    `  ${alert.subject}`,
    // A line of an SDK error can hold a newline: the first line says enough here.
    ...alert.lines.map((line) => `${INDENT}${line.split('\n')[0] ?? ''}`),
  ]);
}

export function keyLines(bucket: string, keys: readonly string[]): string[] {
  if (keys.length === 0) return ['  none'];
  return [`  s3://${bucket}/`, ...keys.map((key) => `${INDENT}${key}`)];
}

export function deliveryLine(batches: readonly DeliveredBatch[]): string {
  const records = batches.reduce((n, b) => n + b.records.length, 0);
  const failed = batches.reduce((n, b) => n + b.failed.length, 0);
  const errors = batches.filter((b) => b.error !== undefined).length;
  return `scan: ${batches.length} batch${batches.length === 1 ? '' : 'es'} delivered, ${records} record${records === 1 ? '' : 's'}, ${failed} reported failed${errors > 0 ? `, ${errors} invocation errors` : ''}`;
}

/** What the scan function logged about each record, one line per log entry. */
export function recordLogLines(log: readonly LogLine[]): string[] {
  return log.map((line) => {
    const detail = [
      typeof line['cluster'] === 'string' ? line['cluster'] : undefined,
      typeof line['errorKind'] === 'string' ? `${line['errorKind']}` : undefined,
      typeof line['receiveCount'] === 'number' ? `receive ${line['receiveCount']}` : undefined,
      typeof line['alert'] === 'string' ? `alert: ${line['alert']}` : undefined,
    ].filter((d) => d !== undefined);
    return `  ${line.level.padEnd(5)} ${line.message}${detail.length > 0 ? ` (${detail.join(', ')})` : ''}`;
  });
}
