// A JSON object written only if its key has no current version (`If-None-Match: *`,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html), SSE-KMS with the
// store's key when one is given: how the ledgers and run markers beside the snapshots are recorded.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Status } from './s3-errors.ts';

export interface PutIfAbsentRequest {
  readonly bucket: string;
  readonly key: string;
  readonly body: string;
  readonly kmsKeyId?: string | undefined;
}

/**
 * 'exists' when S3 answers 412 (the key is there) or 409 (a concurrent conditional write to it is in
 * flight): either way it is there. Any other error is thrown as the SDK threw it.
 */
export async function putJsonIfAbsent(client: S3Client, request: PutIfAbsentRequest): Promise<'created' | 'exists'> {
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        Body: request.body,
        ContentType: 'application/json',
        IfNoneMatch: '*',
        ...(request.kmsKeyId === undefined ? {} : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: request.kmsKeyId }),
      }),
    );
    return 'created';
  } catch (error) {
    if (s3Status(error) === 412 || s3Status(error) === 409) return 'exists';
    throw error;
  }
}
