// The SnapshotStore in an S3 bucket: the chain protocol over S3 conditional writes.
import { ChainedSnapshotStore, type ChainedStoreOptions } from './chained-snapshot-store.ts';
import { S3ObjectStorage, type S3StorageOptions } from './s3-object-storage.ts';

export type S3SnapshotStoreOptions = S3StorageOptions & ChainedStoreOptions;

export function createS3SnapshotStore(options: S3SnapshotStoreOptions): ChainedSnapshotStore {
  return new ChainedSnapshotStore(new S3ObjectStorage(options), options);
}
