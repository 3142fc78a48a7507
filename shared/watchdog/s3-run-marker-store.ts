// The RunMarkerStore in the snapshot bucket, under the store's prefix: `runs/date=D/<runId>.json`,
// created only if absent (`If-None-Match: *`), SSE-KMS with the store's key when one is given. Not
// under Object Lock: a marker is the scanner's own bookkeeping, not audit evidence (the snapshots
// are). Listing starts at the first date asked for (ListObjectsV2 StartAfter: keys sort by date),
// so the watchdog's hourly look back costs one or two list calls however long the bucket's history.
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { s3ErrorKind, type AwsError } from '../store/s3-errors.ts';
import { putJsonIfAbsent } from '../store/s3-put-if-absent.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import { parseRunMarkerJson, runMarkerJson, runMarkerKey, runMarkerKeyMillis, RUNS, type FleetRunMarker } from './fleet-run-marker.ts';
import type { RunMarkerStore } from './run-marker-store.ts';

export interface S3RunMarkerStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** `''` or ending in `/`: the snapshot store's prefix. */
  readonly prefix: string;
  readonly kmsKeyId?: string;
}

function failure(error: unknown, where: string, what: string): SnapshotStoreError {
  const { name, message } = (error ?? {}) as AwsError;
  return new SnapshotStoreError(s3ErrorKind(error), where, `${what}: ${[name, message].filter((p) => p !== undefined && p !== '').join(': ')}`, error);
}

export function createS3RunMarkerStore(options: S3RunMarkerStoreOptions): RunMarkerStore {
  const { client, bucket, prefix } = options;
  const location = `s3://${bucket}/${prefix}`;
  const where = (key: string): string => `${location}${key}`;

  async function read(key: string): Promise<FleetRunMarker> {
    let text: string;
    try {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${key}` }));
      text = (await response.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      throw failure(error, where(key), 'the run marker cannot be read');
    }
    const parsed = parseRunMarkerJson(text, where(key));
    if (!parsed.ok) throw new SnapshotStoreError('corrupt', where(key), `not a run marker this scanner writes: ${parsed.errors.join('; ')}`);
    return parsed.marker;
  }

  return {
    location,
    locate: (runId) => where(runMarkerKey(runId)),

    async record(marker: FleetRunMarker): Promise<'created' | 'exists'> {
      const key = runMarkerKey(marker.runId);
      try {
        // 'exists': this run has its marker, or a concurrent conditional write of it is in flight.
        return await putJsonIfAbsent(client, { bucket, key: `${prefix}${key}`, body: runMarkerJson(marker), kmsKeyId: options.kmsKeyId });
      } catch (error) {
        throw failure(error, where(key), 'the run marker cannot be written');
      }
    },

    async since(from: Date): Promise<FleetRunMarker[]> {
      const fromMillis = from.getTime();
      // `runs/date=2026-11-29` sorts just before every key of that date.
      const startAfter = `${prefix}${RUNS}date=${from.toISOString().slice(0, 10)}`;
      const keys: Array<{ key: string; millis: number }> = [];
      try {
        for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: `${prefix}${RUNS}`, StartAfter: startAfter })) {
          for (const object of page.Contents ?? []) {
            const key = object.Key?.slice(prefix.length);
            const millis = key === undefined ? undefined : runMarkerKeyMillis(key);
            if (key !== undefined && millis !== undefined && millis >= fromMillis) keys.push({ key, millis });
          }
        }
      } catch (error) {
        throw failure(error, where(RUNS), 'the run markers cannot be listed');
      }
      keys.sort((a, b) => a.millis - b.millis);
      const limit = pLimit(8);
      return Promise.all(keys.map(({ key }) => limit(() => read(key))));
    },
  };
}
