// How the S3 adapters read an AWS SDK v3 error: its HTTP status, and what it means to a store.
import type { StoreErrorKind } from './snapshot-store-error.ts';

export interface AwsError {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** The HTTP status S3 answered with; undefined when no answer came (refused, reset, timed out). */
export function s3Status(error: unknown): number | undefined {
  return (error as AwsError | undefined)?.$metadata?.httpStatusCode;
}

export function s3ErrorKind(error: unknown): StoreErrorKind {
  const status = s3Status(error);
  const name = (error as AwsError | undefined)?.name;
  if (status === 403) return 'denied';
  // A 404 without a body (HeadBucket, HeadObject) is named NotFound by the SDK.
  if (name === 'NoSuchBucket' || (status === 404 && name === 'NotFound')) return 'not-found';
  if (status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408) return 'rejected';
  // No status (refused, reset, timed out) or 5xx/429 after the SDK's own retries.
  return 'unavailable';
}
