// ObjectStorage over an S3 bucket (under an optional prefix), by S3's conditional writes:
// `If-None-Match: *` creates only when the key has no current version, `If-Match: <ETag>` replaces
// only the version that was read (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
// S3 answers 412 when the condition fails and 409 (ConditionalRequestConflict) when another
// conditional write to the key is in flight; both mean "someone else got there". On a versioned
// bucket an overwrite or delete adds a version; reads see the current one, as the protocol needs.
// Snapshot objects carry Object Lock retention when configured; every object SSE-KMS when a key is
// given (the bucket's default encryption applies otherwise).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectRole, ObjectStorage, StoredObject } from './object-storage.ts';
import { s3ErrorKind, s3Status, type AwsError } from './s3-errors.ts';
import { SnapshotStoreError, type StoreErrorKind } from './snapshot-store-error.ts';

export interface ObjectLockRetention {
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Each snapshot is retained this many days from when it is written. */
  readonly days: number;
}

export interface S3StorageOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** `''` or a prefix ending in `/` (store-reference.ts normalises it). */
  readonly prefix?: string;
  /** SSE-KMS with this key (id, ARN or alias) for every object written. */
  readonly kmsKeyId?: string;
  /** Object Lock retention for snapshot objects (the bucket must have Object Lock enabled). */
  readonly retention?: ObjectLockRetention;
  /** The clock for retain-until dates (default the system clock). */
  readonly now?: () => Date;
}

const CONFLICT_RETRIES = 5;

export class S3ObjectStorage implements ObjectStorage {
  readonly location: string;
  readonly #options: S3StorageOptions;
  readonly #prefix: string;

  constructor(options: S3StorageOptions) {
    this.#options = options;
    this.#prefix = options.prefix ?? '';
    this.location = `s3://${options.bucket}/${this.#prefix}`;
  }

  locate(key: string): string {
    return `${this.location}${key}`;
  }

  async probe(): Promise<void> {
    try {
      await this.#options.client.send(new HeadBucketCommand({ Bucket: this.#options.bucket }));
    } catch (error) {
      // HeadBucket answers without a body: 404 is the bucket's absence.
      const kind = s3Status(error) === 404 ? 'not-found' : s3ErrorKind(error);
      throw this.#error(error, this.location, kind === 'not-found' ? 'no such bucket' : 'cannot be read', kind);
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const response = await this.#options.client.send(new GetObjectCommand({ Bucket: this.#options.bucket, Key: this.#key(key) }));
      const bytes = (await response.Body?.transformToByteArray()) ?? new Uint8Array();
      return { bytes, etag: response.ETag ?? '' };
    } catch (error) {
      if ((error as AwsError).name === 'NoSuchKey') return undefined;
      throw this.#error(error, this.locate(key), 'cannot be read');
    }
  }

  async create(key: string, bytes: Uint8Array, role: ObjectRole): Promise<'created' | 'exists'> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#put(key, bytes, role, { IfNoneMatch: '*' });
        return 'created';
      } catch (error) {
        const status = s3Status(error);
        if (status === 412) return 'exists';
        // 409: a concurrent conditional write to this key; its outcome decides, so ask again shortly.
        if (status === 409 && attempt < CONFLICT_RETRIES) {
          await sleep(20 * (attempt + 1));
          continue;
        }
        throw this.#error(error, this.locate(key), 'cannot be written');
      }
    }
  }

  async replace(key: string, bytes: Uint8Array, etag: string | undefined, role: ObjectRole): Promise<'replaced' | 'conflict'> {
    try {
      await this.#put(key, bytes, role, etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: etag });
      return 'replaced';
    } catch (error) {
      const status = s3Status(error);
      // 412: changed; 409: a concurrent conditional write; 404 (NoSuchKey): deleted since it was read.
      if (status === 412 || status === 409 || (status === 404 && (error as AwsError).name === 'NoSuchKey')) return 'conflict';
      throw this.#error(error, this.locate(key), 'cannot be written');
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.#options.client.send(new DeleteObjectCommand({ Bucket: this.#options.bucket, Key: this.#key(key) }));
    } catch (error) {
      throw this.#error(error, this.locate(key), 'cannot be removed');
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    try {
      for await (const page of paginateListObjectsV2({ client: this.#options.client }, { Bucket: this.#options.bucket, Prefix: this.#key(prefix) })) {
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) keys.push(object.Key.slice(this.#prefix.length));
        }
      }
    } catch (error) {
      throw this.#error(error, this.locate(prefix), 'cannot be listed');
    }
    return keys;
  }

  async #put(key: string, bytes: Uint8Array, role: ObjectRole, condition: Pick<PutObjectCommandInput, 'IfMatch' | 'IfNoneMatch'>): Promise<void> {
    const { kmsKeyId, retention } = this.#options;
    const now = this.#options.now ?? ((): Date => new Date());
    await this.#options.client.send(
      new PutObjectCommand({
        Bucket: this.#options.bucket,
        Key: this.#key(key),
        Body: bytes,
        ContentType: 'application/json',
        ...condition,
        ...(kmsKeyId === undefined ? {} : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId }),
        ...(retention === undefined || role !== 'snapshot'
          ? {}
          : { ObjectLockMode: retention.mode, ObjectLockRetainUntilDate: new Date(now().getTime() + retention.days * 86_400_000) }),
      }),
    );
  }

  #key(key: string): string {
    return `${this.#prefix}${key}`;
  }

  #error(error: unknown, location: string, what: string, kind: StoreErrorKind = s3ErrorKind(error)): SnapshotStoreError {
    const { name, message } = (error ?? {}) as AwsError;
    const status = s3Status(error);
    const detail = [status === undefined ? undefined : `HTTP ${status}`, name, message].filter((part) => part !== undefined && part !== '').join(': ');
    return new SnapshotStoreError(kind, location, `${what}: ${detail}`, error);
  }
}
