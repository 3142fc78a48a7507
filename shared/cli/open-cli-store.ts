// A snapshot store for a read-only command (history, verify): the reference parsed, the S3 client
// built from the environment's values when it is a bucket. close() releases the client.
import type { S3Client } from '@aws-sdk/client-s3';
import type { ChainedSnapshotStore } from '../store/chained-snapshot-store.ts';
import { openSnapshotStore } from '../store/open-snapshot-store.ts';
import { createS3Client, s3ClientSettings } from '../store/s3-client-config.ts';
import type { StoreReference } from '../store/store-reference.ts';
import type { CliEnvironment } from './cli-environment.ts';

export type OpenedStore =
  | { readonly ok: true; readonly store: ChainedSnapshotStore; close(): void }
  | { readonly ok: false; readonly message: string };

export function openStoreForReading(reference: StoreReference, environment: CliEnvironment): OpenedStore {
  let s3: S3Client | undefined;
  if (reference.kind === 's3') {
    const settings = s3ClientSettings(environment.variables);
    if (!settings.ok) return { ok: false, message: settings.message };
    s3 = createS3Client(settings.settings);
  }
  const store = openSnapshotStore(reference, {
    s3Client: () => {
      if (s3 === undefined) throw new Error('a folder store needs no S3 client');
      return s3;
    },
  });
  return { ok: true, store, close: () => s3?.destroy() };
}
