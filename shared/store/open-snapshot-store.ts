// A StoreReference -> the store behind it. The edge supplies what needs the outside world: the S3
// client (endpoint, region, credentials) and, for writing to a folder, the lock owner.
import type { S3Client } from '@aws-sdk/client-s3';
import type { ChainedSnapshotStore, ChainedStoreOptions } from './chained-snapshot-store.ts';
import { createFolderSnapshotStore } from './folder-snapshot-store.ts';
import type { LockOwner } from './folder-lock.ts';
import type { ObjectLockRetention } from './s3-object-storage.ts';
import { createS3SnapshotStore } from './s3-snapshot-store.ts';
import type { StoreReference } from './store-reference.ts';

export interface StoreDependencies extends ChainedStoreOptions {
  /** Called once when the reference is a bucket. */
  readonly s3Client: () => S3Client;
  /** Needed to append to a folder store; without it the folder store is read-only. */
  readonly lockOwner?: LockOwner;
  readonly kmsKeyId?: string;
  readonly retention?: ObjectLockRetention;
}

export function openSnapshotStore(reference: StoreReference, dependencies: StoreDependencies): ChainedSnapshotStore {
  const { s3Client, lockOwner, kmsKeyId, retention, ...chain } = dependencies;
  if (reference.kind === 'folder') {
    return createFolderSnapshotStore({ root: reference.path, ...(lockOwner === undefined ? {} : { lockOwner }), ...chain });
  }
  return createS3SnapshotStore({
    client: s3Client(),
    bucket: reference.bucket,
    prefix: reference.prefix,
    ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
    ...(retention === undefined ? {} : { retention }),
    ...chain,
  });
}
