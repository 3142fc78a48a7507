// The port through which a scan's alert leaves the core: SNS in the Lambda, the console or a folder
// in the CLI. A notifier either delivers the whole message or throws NotifyError: the caller
// publishes only after the snapshot is safe in the store, and a failure fails the scan loudly.
import type { AlertMessage } from './alert-message.ts';

export type NotifyReceipt =
  | { readonly channel: 'sns'; readonly topicArn: string; readonly messageId: string; readonly attempts: number }
  | { readonly channel: 'console' }
  | { readonly channel: 'file'; readonly files: readonly string[] };

export interface Notifier {
  notify(message: AlertMessage): Promise<NotifyReceipt>;
}

/**
 * Why an alert did not go out. throttled / server-error / unreachable: SNS did not take it after every
 * attempt. rejected: SNS refused it for good (no such topic, access denied, invalid parameter).
 * report: the full report could not be written, so the message that points at it was not sent.
 * too-large: the message cannot be made to fit even without its findings. write: a local write failed.
 */
export type NotifyFailure = 'throttled' | 'server-error' | 'unreachable' | 'rejected' | 'report' | 'too-large' | 'write';

export class NotifyError extends Error {
  readonly failure: NotifyFailure;
  /** Where the alert was going: a topic ARN, a report key, a folder. */
  readonly target: string;
  readonly attempts: number;

  constructor(failure: NotifyFailure, target: string, message: string, details: { attempts?: number; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'NotifyError';
    this.failure = failure;
    this.target = target;
    this.attempts = details.attempts ?? 1;
  }
}
