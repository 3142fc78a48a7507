// Where a full findings report goes when the alert itself cannot carry it (an SNS message holds
// 256 KiB): an S3 object in the Lambda, a file in the CLI's folder. The alert names the key, so
// the report is written first and the message published only once it is there.
export interface ReportSink {
  /** Writes `body` (JSON) under `key`; rejects when it is not stored. Writing the same bytes again succeeds. */
  put(key: string, body: string): Promise<void>;
  /** How the key reads to a person (`s3://bucket/prefix/key`, a file path), for the alert text. */
  locate(key: string): string;
}
