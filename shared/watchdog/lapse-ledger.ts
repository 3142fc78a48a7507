// The LapseLedger port: which lapses the watchdog has paged already (lapse-key.ts), so looking again
// at the same lapse says nothing. Recorded after the alert is published: a failure in between pages
// again on the next look (at least once, never lost), as the scan's alert ledger does. Adapter: S3,
// one small object per lapse (s3-lapse-ledger.ts).

export interface LapseEntry {
  readonly lapseKey: string;
  readonly alertedAt: string;
  /** The SNS message that carried it. */
  readonly messageId: string;
}

export interface LapseLedger {
  /** The keys among `lapseKeys` that were paged before. */
  alerted(lapseKeys: readonly string[]): Promise<Set<string>>;
  /** Creates each entry; one already there (a concurrent look) is left as it is. */
  record(entries: readonly LapseEntry[]): Promise<void>;
}
