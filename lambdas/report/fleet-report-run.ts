// One nightly fleet report: the store read (every cluster's latest snapshot, the one before it, the
// nights of the window), the three documents written under <prefix>reports/fleet/ (JSON, CSV, HTML;
// shared/report/produce-fleet-report.ts), their keys returned. generatedAt is the schedule's time:
// a retried delivery writes the same keys, and the same bytes unless a snapshot was stored in
// between (then the write is refused, ReportWriteError `exists`, and the first report stands).
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { ChartLibrary } from '../../shared/report/chart-library.ts';
import type { FleetReportFormat } from '../../shared/report/fleet-report-keys.ts';
import { produceFleetReport, type ProduceFleetReportOptions } from '../../shared/report/produce-fleet-report.ts';
import type { ReportDocumentSink } from '../../shared/report/report-document-sink.ts';
import { MetricUnit } from '../common/powertools.ts';
import type { ScheduledInstant } from '../common/scheduled-event.ts';

export interface ReportRunDependencies {
  readonly store: ProduceFleetReportOptions['store'];
  readonly sink: ReportDocumentSink;
  /** The sink's key prefix (`''` or ending in `/`), so the result names whole object keys. */
  readonly prefix: string;
  readonly chart: ChartLibrary;
  readonly nights: number;
  readonly generatorVersion: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export interface ReportRunResult {
  readonly generatedAt: string;
  readonly trigger: ScheduledInstant['trigger'];
  /** Keys in the bucket (the prefix included) of fleet.json, fleet.csv and fleet.html. */
  readonly keys: Readonly<Record<FleetReportFormat, string>>;
  /** `s3://bucket/key` of each. */
  readonly locations: Readonly<Record<FleetReportFormat, string>>;
  readonly clusters: number;
  /** Clusters not scanned on the report's last night. */
  readonly stale: number;
  /** Snapshots the report names with their SHA-256. */
  readonly sources: number;
}

export async function fleetReportRun(instant: ScheduledInstant, deps: ReportRunDependencies): Promise<ReportRunResult> {
  const started = performance.now();
  const { report, written } = await produceFleetReport({
    store: deps.store,
    sink: deps.sink,
    chart: deps.chart,
    generatedAt: instant.at,
    nights: deps.nights,
    generatorVersion: deps.generatorVersion,
  });
  const byFormat = <T>(pick: (w: (typeof written)[number]) => T): Record<FleetReportFormat, T> =>
    Object.fromEntries(written.map((w) => [w.format, pick(w)])) as Record<FleetReportFormat, T>;
  const result: ReportRunResult = {
    generatedAt: report.generatedAt,
    trigger: instant.trigger,
    keys: byFormat((w) => `${deps.prefix}${w.key}`),
    locations: byFormat((w) => w.location),
    clusters: report.fleet.clusters,
    stale: report.fleet.stale,
    sources: report.sources.length,
  };
  deps.metrics.addMetric('ReportClusters', MetricUnit.Count, report.fleet.clusters);
  deps.metrics.addMetric('StaleClusters', MetricUnit.Count, report.fleet.stale);
  deps.metrics.addMetric('ReportDuration', MetricUnit.Milliseconds, performance.now() - started);
  deps.logger.info('fleet report written', { ...result });
  return result;
}
