// Every failure of a snapshot store is one typed error: `kind` says what the caller can do about it,
// `location` names the object or file, and `cause` keeps the SDK's or Node's own error.

export const STORE_ERROR_KINDS = [
  /** The store refused the request (S3 403: IAM or a bucket policy; EACCES/EPERM on a folder). */
  'denied',
  /** The store could not be reached or failed (network, timeout, S3 5xx, a full or read-only disk). Retrying later may work. */
  'unavailable',
  /** The bucket, the folder or the snapshot asked for does not exist. */
  'not-found',
  /** The store rejected the request as invalid (e.g. Object Lock retention on a bucket without Object Lock). */
  'rejected',
  /** What the store holds contradicts the chain: unparsable pointer or snapshot, bytes whose SHA-256 differs from their link, a link to nothing. */
  'corrupt',
  /** Other appends for the same cluster kept winning the pointer; nothing was chained. */
  'conflict-exhausted',
  /** The chain already ends with a scan that started after this one finished: chaining this one would put an older state after a newer one. */
  'out-of-order',
  /** A folder store's pointer lock stayed held (by a live process, or one on another host) past the wait. */
  'busy',
] as const;
export type StoreErrorKind = (typeof STORE_ERROR_KINDS)[number];

export class SnapshotStoreError extends Error {
  override readonly name = 'SnapshotStoreError';
  readonly kind: StoreErrorKind;
  /** `s3://bucket/key` or a file path: what the failed request was about. */
  readonly location: string;

  constructor(kind: StoreErrorKind, location: string, message: string, cause?: unknown) {
    super(`${location}: ${message}`, cause === undefined ? undefined : { cause });
    this.kind = kind;
    this.location = location;
  }
}
