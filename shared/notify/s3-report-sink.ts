// The ReportSink for the Lambda: one S3 object per report, created only if absent (`If-None-Match:
// *`, S3 conditional writes), so a report is never replaced. Writing the same bytes again (a
// retried scan step) succeeds: on 412 the object is read back and compared. The bucket's default
// encryption applies; `kmsKeyId` asks for SSE-KMS with that key explicitly.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReportSink } from './report-sink.ts';

export interface S3ReportSinkOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Prepended to every key, e.g. `psa/` (default none). */
  readonly prefix?: string;
  readonly kmsKeyId?: string;
}

export class ReportExistsError extends Error {
  readonly location: string;

  constructor(location: string) {
    super(`${location} exists with other content`);
    this.location = location;
    this.name = 'ReportExistsError';
  }
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

export function createS3ReportSink(options: S3ReportSinkOptions): ReportSink {
  const { client, bucket } = options;
  const objectKey = (key: string): string => `${options.prefix ?? ''}${key}`;
  const locate = (key: string): string => `s3://${bucket}/${objectKey(key)}`;
  return {
    locate,
    async put(key: string, body: string): Promise<void> {
      const Key = objectKey(key);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key,
            Body: body,
            ContentType: 'application/json',
            IfNoneMatch: '*',
            ...(options.kmsKeyId !== undefined ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: options.kmsKeyId } : {}),
          }),
        );
      } catch (error) {
        // 412: the key exists. 409: a concurrent conditional write to it is in flight; read what won.
        if (status(error) !== 412 && status(error) !== 409) throw error;
        const existing = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
        if ((await existing.Body?.transformToString('utf-8')) !== body) throw new ReportExistsError(locate(key));
      }
    },
  };
}
