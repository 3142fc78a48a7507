// A snapshot named on the command line: a file, or one object of a store as s3://BUCKET/KEY. Read
// and validated; every problem names where it came from.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client, s3ClientSettings } from '../store/s3-client-config.ts';
import { parseSnapshotJson } from '../snapshot/snapshot-json.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import type { CliEnvironment } from './cli-environment.ts';
import type { CliIo } from './cli-io.ts';

export type LoadedSnapshot = { readonly ok: true; readonly snapshot: ClusterSnapshot } | { readonly ok: false; readonly errors: readonly string[] };

const S3_OBJECT = /^s3:\/\/([^/]+)\/(.+)$/;

async function readText(source: string, io: Pick<CliIo, 'readFile'>, environment: CliEnvironment): Promise<string> {
  const object = S3_OBJECT.exec(source);
  if (object === null) return io.readFile(source);
  const settings = s3ClientSettings(environment.variables);
  if (!settings.ok) throw new Error(settings.message);
  const client = createS3Client(settings.settings);
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: object[1], Key: object[2] }));
    return (await response.Body?.transformToString('utf-8')) ?? '';
  } finally {
    client.destroy();
  }
}

export async function loadSnapshot(source: string, io: Pick<CliIo, 'readFile'>, environment: CliEnvironment): Promise<LoadedSnapshot> {
  let text: string;
  try {
    text = await readText(source, io, environment);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as { name?: string }).name;
    return { ok: false, errors: [`${source}: cannot read: ${(error as Error).message}${code === undefined ? '' : ` (${code})`}`] };
  }
  return parseSnapshotJson(text, source);
}
