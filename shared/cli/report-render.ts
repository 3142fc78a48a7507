// What `psa-scan report` prints once the documents are written. Locations and the store's name come
// from the command line and the store, so they are printed safe (safe-text.ts).
import type { ProducedFleetReport } from '../report/produce-fleet-report.ts';
import { safeJson, safeText } from './safe-text.ts';

function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

export function renderReportText(produced: ProducedFleetReport): string {
  const { report, written } = produced;
  const { fleet, window } = report;
  const parts = [
    count(fleet.clusters, 'cluster'),
    count(fleet.namespaces, 'namespace'),
    `${count(fleet.violatingPods, 'pod')} violating enforce in place`,
    `${count(fleet.blockingWorkloads, 'workload')} blocking a target`,
  ];
  if (fleet.stale > 0) parts.push(`${count(fleet.stale, 'cluster')} not scanned on ${window.to}`);
  const degraded = fleet.outcomes.degraded + fleet.outcomes.failed;
  if (degraded > 0) parts.push(`${count(degraded, 'latest scan')} degraded or failed`);
  const lines = [
    `fleet report over ${count(window.nights, 'night')} (${window.from} to ${window.to}) from ${safeText(report.store)}: ${parts.join(', ')}`,
    ...written.map((w) => `wrote ${safeText(w.location)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function renderReportJson(produced: ProducedFleetReport): string {
  const { report, written } = produced;
  return `${safeJson({ generatedAt: report.generatedAt, window: report.window, fleet: report.fleet, written }, 2)}\n`;
}
