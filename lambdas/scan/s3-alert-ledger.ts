// The AlertLedger in the snapshot bucket: `<prefix>alerts/<snapshot key>.sent`, one small JSON
// object per alert that went out, created only if absent (`If-None-Match: *`). Not under Object
// Lock (only snapshots are); SSE-KMS with the store's key when one is configured.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3Status } from '../../shared/store/s3-errors.ts';
import { putJsonIfAbsent } from '../../shared/store/s3-put-if-absent.ts';
import { SnapshotStoreError } from '../../shared/store/snapshot-store-error.ts';
import type { AlertLedger, LedgerEntry } from './ledgered-notifier.ts';

export interface S3AlertLedgerOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** `''` or ending in `/`: the store's prefix. */
  readonly prefix: string;
  readonly kmsKeyId?: string;
}

export const ALERT_LEDGER_FOLDER = 'alerts/';

const entrySchema = z.object({
  snapshotKey: z.string(),
  sentAt: z.string(),
  receipt: z.union([
    z.object({ channel: z.literal('sns'), topicArn: z.string(), messageId: z.string(), attempts: z.number() }),
    z.object({ channel: z.literal('console') }),
    z.object({ channel: z.literal('file'), files: z.array(z.string()) }),
  ]),
});

export function alertLedgerKey(prefix: string, snapshotKey: string): string {
  return `${prefix}${ALERT_LEDGER_FOLDER}${snapshotKey}.sent`;
}

export function createS3AlertLedger(options: S3AlertLedgerOptions): AlertLedger {
  const { client, bucket } = options;
  const where = (key: string): string => `s3://${bucket}/${key}`;
  return {
    async sent(snapshotKey: string): Promise<LedgerEntry | undefined> {
      const key = alertLedgerKey(options.prefix, snapshotKey);
      let text: string;
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        text = (await response.Body?.transformToString('utf-8')) ?? '';
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return undefined;
        throw new SnapshotStoreError(s3Status(error) === 403 ? 'denied' : 'unavailable', where(key), `the alert ledger cannot be read: ${(error as Error).message}`, error);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = entrySchema.safeParse(json);
      if (!parsed.success) throw new SnapshotStoreError('corrupt', where(key), 'the alert ledger entry is not one this scanner writes');
      return parsed.data;
    },

    async record(entry: LedgerEntry): Promise<void> {
      const key = alertLedgerKey(options.prefix, entry.snapshotKey);
      try {
        // 'exists' (already recorded, or a concurrent conditional write to it in flight) is as good as 'created'.
        await putJsonIfAbsent(client, { bucket, key, body: `${JSON.stringify(entry)}\n`, kmsKeyId: options.kmsKeyId });
      } catch (error) {
        throw new SnapshotStoreError(s3Status(error) === 403 ? 'denied' : 'unavailable', where(key), `the alert ledger cannot be written: ${(error as Error).message}`, error);
      }
    },
  };
}
