// The SnapshotStore in a local folder (the CLI's): the chain protocol over link(2), rename(2) and a lock file.
import { ChainedSnapshotStore, type ChainedStoreOptions } from './chained-snapshot-store.ts';
import { FolderObjectStorage, type FolderStorageOptions } from './folder-object-storage.ts';

export type FolderSnapshotStoreOptions = FolderStorageOptions & ChainedStoreOptions;

export function createFolderSnapshotStore(options: FolderSnapshotStoreOptions): ChainedSnapshotStore {
  return new ChainedSnapshotStore(new FolderObjectStorage(options), options);
}
