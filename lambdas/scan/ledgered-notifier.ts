// A Notifier that sends each snapshot's alert at most once across retries of its work item: before
// publishing it asks the ledger whether the alert of this snapshot (the key the message names) went
// out already; after publishing it records that it did. A retried item (the store failed after
// the publish, or SQS delivered the message again) recomputes the same findings for the same
// snapshot and finds the entry, so nothing is published twice.
//
// What remains (at-least-once, never lost): the function dying between SNS accepting the message
// and the ledger write (a timeout, an out-of-memory kill) leaves no entry, and the retry publishes
// again; SNS itself may also deliver a message twice. Two deliveries of one item processed at the
// same moment (SQS standard queues deliver at least once) may both scan before either stores: the
// second snapshot chains after the first with no findings unless the cluster changed in between,
// so it does not repeat the first one's alert. Closing these would need a lock around the publish
// (a DynamoDB conditional write, Powertools idempotency); the visibility timeout makes them rare.
import type { AlertMessage } from '../../shared/notify/alert-message.ts';
import type { Notifier, NotifyReceipt } from '../../shared/notify/notifier.ts';

/** What the ledger keeps about one alert that went out. */
export interface LedgerEntry {
  readonly snapshotKey: string;
  readonly receipt: NotifyReceipt;
  readonly sentAt: string;
}

/** The port: where sent alerts are remembered (an S3 object per snapshot: s3-alert-ledger.ts). */
export interface AlertLedger {
  sent(snapshotKey: string): Promise<LedgerEntry | undefined>;
  /** Creates the entry; an entry already there (a concurrent retry) is left as it is. */
  record(entry: LedgerEntry): Promise<void>;
}

export interface LedgerEvents {
  /** The alert of this snapshot went out before: not published again. */
  readonly alreadySent?: (entry: LedgerEntry) => void;
  /** Published, but not remembered: a later retry of this item would publish again. */
  readonly recordFailed?: (snapshotKey: string, error: unknown) => void;
}

export function ledgeredNotifier(inner: Notifier, ledger: AlertLedger, events: LedgerEvents = {}, now: () => Date = () => new Date()): Notifier {
  return {
    async notify(message: AlertMessage): Promise<NotifyReceipt> {
      const snapshotKey = message.document.snapshotKey;
      // Only a stored snapshot has a key to remember it by; the scan always stores first.
      if (snapshotKey === null) return inner.notify(message);
      const previous = await ledger.sent(snapshotKey);
      if (previous !== undefined) {
        events.alreadySent?.(previous);
        return previous.receipt;
      }
      const receipt = await inner.notify(message);
      try {
        await ledger.record({ snapshotKey, receipt, sentAt: now().toISOString() });
      } catch (error) {
        // The alert is out and the item is done: failing it now would only publish again on the retry.
        events.recordFailed?.(snapshotKey, error);
      }
      return receipt;
    },
  };
}
