// Where the fleet report's documents go: the ReportDocumentSink port. Like the alerts' ReportSink
// (notify/report-sink.ts), every document is written once and never replaced, but each carries its
// media type, so an S3 object of the HTML page is served as a page and the CSV as CSV.
// Adapters: a folder (folder-report-document-sink.ts) and S3 (s3-report-document-sink.ts).

export interface ReportDocument {
  /** Relative key, e.g. `reports/fleet/date=2026-11-29/20261129T060000.000Z/fleet.html`. */
  readonly key: string;
  readonly body: string;
  /** e.g. `text/html; charset=utf-8` */
  readonly contentType: string;
}

export interface ReportDocumentSink {
  /** Stores the document under its key; rejects (ReportWriteError) when it is not stored. The same bytes again succeed. */
  put(document: ReportDocument): Promise<void>;
  /** How the key reads to a person: `s3://bucket/prefix/key` or a file path. */
  locate(key: string): string;
}

/** Why a document was not written: `exists` (another document holds the key), `failed` (the store's error is the cause). */
export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
  readonly kind: 'exists' | 'failed';
  readonly location: string;

  constructor(kind: 'exists' | 'failed', location: string, message: string, cause?: unknown) {
    super(`${location}: ${message}`, cause === undefined ? undefined : { cause });
    this.kind = kind;
    this.location = location;
  }
}
