// The LapseLedger in the snapshot bucket: `<prefix>watchdog/lapses/<lapse key>.json`, one object per
// lapse paged, created only if absent (`If-None-Match: *`), SSE-KMS with the store's key when one
// is given. A lapse is looked up by its key (HeadObject): what the watchdog asks is "was this one
// paged", never "list everything paged", so the folder may grow (a lifecycle rule can expire it
// after a few windows: an expired entry of a lapse that still lasts would page it once more).
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { s3Status } from '../store/s3-errors.ts';
import { putJsonIfAbsent } from '../store/s3-put-if-absent.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import type { LapseEntry, LapseLedger } from './lapse-ledger.ts';

export const LAPSES = 'watchdog/lapses/';

export interface S3LapseLedgerOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** `''` or ending in `/`: the snapshot store's prefix. */
  readonly prefix: string;
  readonly kmsKeyId?: string;
}

export function lapseObjectKey(lapseKey: string): string {
  return `${LAPSES}${lapseKey}.json`;
}

export function createS3LapseLedger(options: S3LapseLedgerOptions): LapseLedger {
  const { client, bucket, prefix } = options;
  const where = (lapseKey: string): string => `s3://${bucket}/${prefix}${lapseObjectKey(lapseKey)}`;
  const limit = pLimit(8);
  return {
    async alerted(lapseKeys: readonly string[]): Promise<Set<string>> {
      const found = await Promise.all(
        lapseKeys.map((lapseKey) =>
          limit(async () => {
            try {
              await client.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}${lapseObjectKey(lapseKey)}` }));
              return lapseKey;
            } catch (error) {
              // HeadObject has no body: a missing key is a bare 404 (with s3:ListBucket; 403 without it).
              if (s3Status(error) === 404) return undefined;
              throw new SnapshotStoreError(s3Status(error) === 403 ? 'denied' : 'unavailable', where(lapseKey), `the watchdog's ledger cannot be read: ${(error as Error).name}: ${(error as Error).message}`, error);
            }
          }),
        ),
      );
      return new Set(found.filter((k): k is string => k !== undefined));
    },

    async record(entries: readonly LapseEntry[]): Promise<void> {
      await Promise.all(
        entries.map((entry) =>
          limit(async () => {
            try {
              await putJsonIfAbsent(client, { bucket, key: `${prefix}${lapseObjectKey(entry.lapseKey)}`, body: `${JSON.stringify(entry)}\n`, kmsKeyId: options.kmsKeyId });
            } catch (error) {
              throw new SnapshotStoreError(s3Status(error) === 403 ? 'denied' : 'unavailable', where(entry.lapseKey), `the watchdog's ledger cannot be written: ${(error as Error).name}: ${(error as Error).message}`, error);
            }
          }),
        ),
      );
    },
  };
}
