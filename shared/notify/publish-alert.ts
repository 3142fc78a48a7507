// The whole alert step of a scan, in order: compose; when the findings do not fit, write the full
// report through the sink; then notify. Called after the snapshot is safe in the store; any
// failure is a NotifyError for the caller to fail the scan with.
import { composeAlert, type AlertInput, type ComposeOptions } from './compose-alert.ts';
import type { AlertMessage } from './alert-message.ts';
import { NotifyError, type Notifier, type NotifyReceipt } from './notifier.ts';
import { reportKey } from './report-key.ts';
import type { ReportSink } from './report-sink.ts';

export interface PrepareOptions extends Omit<ComposeOptions, 'report'> {
  /** Where a report goes if one is needed; none: a message that needs one fails with NotifyError('report'). */
  readonly reportSink?: ReportSink;
  /** Default: reportKey(cluster, scannedAt). */
  readonly reportKey?: string;
}

/** The message to send, with its report already written; undefined when there are no findings. */
export async function prepareAlert(input: AlertInput, options: PrepareOptions = {}): Promise<AlertMessage | undefined> {
  const { reportSink, reportKey: key = reportKey(input.cluster, input.scannedAt), ...compose } = options;
  const location = reportSink?.locate(key) ?? key;
  const composed = composeAlert(input, { ...compose, report: { key, location } });
  if (composed === undefined) return undefined;
  if (composed.report !== null) {
    if (reportSink === undefined) {
      throw new NotifyError('report', key, `the findings for ${input.cluster.name} do not fit in one SNS message and no report sink was given to hold them`);
    }
    try {
      await reportSink.put(composed.report.key, composed.report.body);
    } catch (error) {
      throw new NotifyError('report', location, `cannot write the findings report ${location}: ${(error as Error).message}`, { cause: error });
    }
  }
  return composed.message;
}

/** prepareAlert, then the notifier; undefined when there was nothing to send. */
export async function publishAlert(input: AlertInput, notifier: Notifier, options: PrepareOptions = {}): Promise<NotifyReceipt | undefined> {
  const message = await prepareAlert(input, options);
  return message === undefined ? undefined : notifier.notify(message);
}
