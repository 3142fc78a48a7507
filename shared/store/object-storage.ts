// What the chain protocol needs from a place that keeps bytes under keys: read with a version tag,
// create only if absent, replace only if unchanged. S3 gives these as conditional writes
// (s3-object-storage.ts); a folder gives them with link(2) and a lock (folder-object-storage.ts).
// Adapters throw SnapshotStoreError for every failure other than the outcomes below.

export interface StoredObject {
  readonly bytes: Uint8Array;
  /** Changes whenever the object is replaced: S3's ETag, a folder file's SHA-256. */
  readonly etag: string;
}

/**
 * `snapshot`: a chain member, kept for good (S3: Object Lock retention when configured).
 * `staging`: a snapshot in flight, removed once it is final. `pointer`: the one replaceable object.
 */
export type ObjectRole = 'snapshot' | 'staging' | 'pointer';

export interface ObjectStorage {
  /** `s3://bucket/prefix/` or the folder path. */
  readonly location: string;
  /** How one key reads to a person: `s3://bucket/prefix/KEY`, a file path. */
  locate(key: string): string;
  /** Resolves when the bucket or folder exists and can be read; SnapshotStoreError (`not-found`, `denied`, ...) otherwise. */
  probe(): Promise<void>;
  /** The object, or undefined when there is none (S3: the current version is a delete marker or absent). */
  get(key: string): Promise<StoredObject | undefined>;
  /** Writes `bytes` unless the key exists: `exists` leaves what is there untouched. */
  create(key: string, bytes: Uint8Array, role: ObjectRole): Promise<'created' | 'exists'>;
  /**
   * Writes `bytes` only if the object is still the one read with `etag` (undefined: only if there is
   * none). `conflict` when it changed (someone else won); nothing is written then.
   */
  replace(key: string, bytes: Uint8Array, etag: string | undefined, role: ObjectRole): Promise<'replaced' | 'conflict'>;
  /** Removes the key (no error when it is not there). */
  remove(key: string): Promise<void>;
  /** Every key under `prefix`, in no particular order. */
  list(prefix: string): Promise<string[]>;
}
