// `psa-scan report`: opens the store read-only and the output (a folder or a bucket), writes the
// fleet report's three documents (report/produce-fleet-report.ts) and prints where they went.
// Exit 0 when written; 2 for usage errors, unreadable stores and documents that cannot be written.
import type { S3Client } from '@aws-sdk/client-s3';
import { chartJsFromNodeModules } from '../report/chart-js-from-node-modules.ts';
import { ChartLibraryError } from '../report/chart-library.ts';
import { createFolderReportDocumentSink } from '../report/folder-report-document-sink.ts';
import { produceFleetReport } from '../report/produce-fleet-report.ts';
import { ReportWriteError, type ReportDocumentSink } from '../report/report-document-sink.ts';
import { createS3ReportDocumentSink } from '../report/s3-report-document-sink.ts';
import { openSnapshotStore } from '../store/open-snapshot-store.ts';
import { createS3Client, s3ClientSettings } from '../store/s3-client-config.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import type { StoreReference } from '../store/store-reference.ts';
import type { CliEnvironment } from './cli-environment.ts';
import type { CliIo } from './cli-io.ts';
import { parseReportArguments, type ReportOptions } from './report-options.ts';
import { renderReportJson, renderReportText } from './report-render.ts';
import { REPORT_HELP, REPORT_SYNOPSIS } from './report-usage.ts';
import { safeText } from './safe-text.ts';

export const REPORT_EXIT_WRITTEN = 0;
export const REPORT_EXIT_UNUSABLE = 2;

/** `psa-scan report ARGS`, from the arguments after `report`. */
export async function runReportCli(args: readonly string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  const parsed = parseReportArguments(args);
  if (parsed.outcome === 'help') {
    io.stdout(REPORT_HELP);
    return REPORT_EXIT_WRITTEN;
  }
  if (parsed.outcome === 'usage-error') {
    io.stderr(`psa-scan report: ${safeText(parsed.message)}\n${REPORT_SYNOPSIS}Run "psa-scan report --help" for more.\n`);
    return REPORT_EXIT_UNUSABLE;
  }
  return runReportCommand(parsed.options, io, environment);
}

export async function runReportCommand(options: ReportOptions, io: CliIo, environment: CliEnvironment): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`psa-scan report: ${safeText(message)}\n`);
    return REPORT_EXIT_UNUSABLE;
  };
  // One S3 client for the store and the output, made only when either is a bucket.
  let s3: S3Client | undefined;
  const s3Client = (): S3Client => {
    if (s3 !== undefined) return s3;
    const settings = s3ClientSettings(environment.variables);
    if (!settings.ok) throw new UsageProblem(settings.message);
    s3 = createS3Client(settings.settings);
    return s3;
  };
  const sinkFor = (out: StoreReference): ReportDocumentSink =>
    out.kind === 'folder' ? createFolderReportDocumentSink(out.path) : createS3ReportDocumentSink({ client: s3Client(), bucket: out.bucket, prefix: out.prefix });
  try {
    const store = openSnapshotStore(options.store, { s3Client });
    const sink = sinkFor(options.out);
    const produced = await produceFleetReport({
      store,
      sink,
      chart: await chartJsFromNodeModules(),
      generatedAt: environment.now(),
      nights: options.nights,
      generatorVersion: environment.scannerVersion,
    });
    io.stdout(options.format === 'json' ? renderReportJson(produced) : renderReportText(produced));
    return REPORT_EXIT_WRITTEN;
  } catch (error) {
    if (error instanceof UsageProblem) return fail(error.message);
    if (error instanceof SnapshotStoreError) return fail(`${error.message} (${error.kind})`);
    if (error instanceof ReportWriteError) return fail(error.message);
    if (error instanceof ChartLibraryError) return fail(error.message);
    throw error;
  } finally {
    s3?.destroy();
  }
}

/** Settings from the environment that cannot make an S3 client: the user's to fix. */
class UsageProblem extends Error {
  override readonly name = 'UsageProblem';
}
