// The whole auditor report in one call, for the CLI and the report Lambda alike: store in, three
// documents out. All three are rendered before the first is written, so a rendering failure writes
// nothing; fleet.json goes first (the record the others are drawn from), the page last.
import type { SnapshotStore } from '../store/snapshot-store.ts';
import type { ChainInspection } from '../store/verify-chain.ts';
import { buildFleetReport } from './build-fleet-report.ts';
import type { ChartLibrary } from './chart-library.ts';
import { fleetReportCsv } from './fleet-report-csv.ts';
import { fleetReportHtml } from './fleet-report-html.ts';
import { fleetReportJson } from './fleet-report-json.ts';
import { CONTENT_TYPES, FLEET_REPORT_FORMATS, fleetReportKey, type FleetReportFormat } from './fleet-report-keys.ts';
import type { FleetReport } from './fleet-report-schema.ts';
import { readFleetHistory } from './read-fleet-history.ts';
import type { ReportDocument, ReportDocumentSink } from './report-document-sink.ts';
import { reportWindow } from './report-window.ts';

export interface ProduceFleetReportOptions {
  /** probe(): a store that is not there (a mistyped folder, a missing bucket) fails instead of reporting an empty fleet. */
  readonly store: SnapshotStore & Pick<ChainInspection, 'probe'>;
  readonly sink: ReportDocumentSink;
  readonly chart: ChartLibrary;
  readonly generatedAt: Date;
  /** Nights of history in the trend (the report's date and the N-1 before it). */
  readonly nights: number;
  readonly generatorVersion: string;
  /** Clusters read from the store at once (default 8). */
  readonly concurrency?: number;
}

export interface WrittenDocument {
  readonly format: FleetReportFormat;
  readonly key: string;
  /** `s3://bucket/key` or a file path. */
  readonly location: string;
  readonly bytes: number;
}

export interface ProducedFleetReport {
  readonly report: FleetReport;
  readonly written: readonly WrittenDocument[];
}

export interface RenderedDocument extends ReportDocument {
  readonly format: FleetReportFormat;
}

export function renderFleetReport(report: FleetReport, chart: ChartLibrary): RenderedDocument[] {
  const bodies: Record<FleetReportFormat, string> = {
    json: fleetReportJson(report),
    csv: fleetReportCsv(report),
    html: fleetReportHtml(report, chart),
  };
  return FLEET_REPORT_FORMATS.map((format) => ({ format, key: fleetReportKey(report.generatedAt, format), body: bodies[format], contentType: CONTENT_TYPES[format] }));
}

export async function produceFleetReport(options: ProduceFleetReportOptions): Promise<ProducedFleetReport> {
  const window = reportWindow(options.generatedAt, options.nights);
  await options.store.probe();
  const histories = await readFleetHistory(options.store, { window, ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }) });
  const report = buildFleetReport(histories, { generatedAt: options.generatedAt, window, store: options.store.location, generatorVersion: options.generatorVersion });
  const documents = renderFleetReport(report, options.chart);
  const written: WrittenDocument[] = [];
  for (const { format, ...document } of documents) {
    await options.sink.put(document);
    written.push({ format, key: document.key, location: options.sink.locate(document.key), bytes: Buffer.byteLength(document.body) });
  }
  return { report, written };
}
