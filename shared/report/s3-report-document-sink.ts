// The ReportDocumentSink in S3 (the report Lambda's, and the CLI's --out s3://...): one object per
// document with its Content-Type, created only if absent (`If-None-Match: *`, S3 conditional
// writes), so a report is never replaced. Writing the same bytes again (a retried run) succeeds:
// on 412 (exists) or 409 (a concurrent conditional write in flight) the object is read back and
// compared. The bucket's default encryption applies; `kmsKeyId` asks for SSE-KMS explicitly.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ReportWriteError, type ReportDocument, type ReportDocumentSink } from './report-document-sink.ts';

export interface S3ReportDocumentSinkOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Prepended to every key: `''` or ending in `/`. */
  readonly prefix?: string;
  readonly kmsKeyId?: string;
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

export function createS3ReportDocumentSink(options: S3ReportDocumentSinkOptions): ReportDocumentSink {
  const { client, bucket } = options;
  const objectKey = (key: string): string => `${options.prefix ?? ''}${key}`;
  const locate = (key: string): string => `s3://${bucket}/${objectKey(key)}`;
  return {
    locate,
    async put(document: ReportDocument): Promise<void> {
      const Key = objectKey(document.key);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key,
            Body: document.body,
            ContentType: document.contentType,
            IfNoneMatch: '*',
            ...(options.kmsKeyId !== undefined ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: options.kmsKeyId } : {}),
          }),
        );
        return;
      } catch (error) {
        if (status(error) !== 412 && status(error) !== 409) throw new ReportWriteError('failed', locate(document.key), `PutObject failed: ${(error as Error).message}`, error);
      }
      let existing: string | undefined;
      try {
        existing = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToString('utf-8');
      } catch (error) {
        throw new ReportWriteError('failed', locate(document.key), `exists, and reading it back failed: ${(error as Error).message}`, error);
      }
      if (existing !== document.body) throw new ReportWriteError('exists', locate(document.key), 'a different report is already there; reports are never replaced');
    },
  };
}
