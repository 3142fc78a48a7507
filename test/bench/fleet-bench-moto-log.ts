// The AWS requests of a night, counted from moto's access log (one werkzeug line per request,
// `"METHOD PATH HTTP/1.1" STATUS`, some in ANSI colours): S3 reads and writes in the snapshot bucket,
// EKS ListClusters and DescribeCluster (REST paths). STS, SQS and SNS all POST to `/` (query and
// JSON protocols carry the action in the body), so they are counted together. The night's lines are
// the bytes the log grew by while it ran.
import { open, stat } from 'node:fs/promises';

export interface AwsRequestCounts {
  /** GET and HEAD of objects and listings in the bucket. */
  readonly s3Reads: number;
  /** PUT, POST and DELETE in the bucket. */
  readonly s3Writes: number;
  readonly listClusters: number;
  readonly describeCluster: number;
  /** `POST /`: STS (AssumeRole; the EKS authenticators' GetCallerIdentity), SQS and SNS together. */
  readonly postRoot: number;
}

const REQUEST = /"(GET|HEAD|PUT|POST|DELETE) (\S+) HTTP\/[\d.]+"/;
/** werkzeug colours 3xx/4xx/5xx lines: `"ESC[33mGET /x HTTP/1.1ESC[0m"`. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[\\d;]*m`, 'g');

export function countAwsRequests(logText: string, bucket: string): AwsRequestCounts {
  const counts = { s3Reads: 0, s3Writes: 0, listClusters: 0, describeCluster: 0, postRoot: 0 };
  for (const line of logText.split('\n')) {
    const match = REQUEST.exec(line.replace(ANSI_COLOUR, ''));
    if (match === null) continue;
    const [, method = '', path = ''] = match;
    if (path === `/${bucket}` || path.startsWith(`/${bucket}/`) || path.startsWith(`/${bucket}?`)) {
      if (method === 'GET' || method === 'HEAD') counts.s3Reads++;
      else counts.s3Writes++;
    } else if (method === 'GET' && (path === '/clusters' || path.startsWith('/clusters?'))) {
      counts.listClusters++;
    } else if (method === 'GET' && path.startsWith('/clusters/')) {
      counts.describeCluster++;
    } else if (method === 'POST' && path === '/') {
      counts.postRoot++;
    }
  }
  return counts;
}

export async function logSize(file: string): Promise<number> {
  return (await stat(file)).size;
}

/** The text the log gained since it was `from` bytes long. */
export async function logSince(file: string, from: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, size - from));
    await handle.read(buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
