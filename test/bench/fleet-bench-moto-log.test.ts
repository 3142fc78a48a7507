import { describe, expect, it } from 'vitest';
import { countAwsRequests } from './fleet-bench-moto-log.ts';

const ESC = String.fromCharCode(27);
// werkzeug's access log as moto 5.2.5 writes it; 4xx lines in colour.
const LOG = [
  '127.0.0.1 - - [29/Nov/2026 07:10:03] "POST / HTTP/1.1" 200 -',
  '127.0.0.1 - - [29/Nov/2026 07:10:20] "GET /clusters?maxResults=100 HTTP/1.1" 200 -',
  '127.0.0.1 - - [29/Nov/2026 07:10:20] "GET /clusters/fleet-01 HTTP/1.1" 200 -',
  '127.0.0.1 - - [29/Nov/2026 07:10:21] "GET /psa-fleet-snapshots/pointers/a/b/c.json HTTP/1.1" 200 -',
  `127.0.0.1 - - [29/Nov/2026 07:10:21] "${ESC}[33mGET /psa-fleet-snapshots/pointers/a/b/d.json HTTP/1.1${ESC}[0m" 404 -`,
  '127.0.0.1 - - [29/Nov/2026 07:10:21] "GET /psa-fleet-snapshots?list-type=2&prefix=x HTTP/1.1" 200 -',
  '127.0.0.1 - - [29/Nov/2026 07:10:21] "HEAD /psa-fleet-snapshots/snapshots/x.json HTTP/1.1" 200 -',
  '127.0.0.1 - - [29/Nov/2026 07:10:22] "PUT /psa-fleet-snapshots/staging/x.json HTTP/1.1" 200 -',
  `127.0.0.1 - - [29/Nov/2026 07:10:22] "${ESC}[35m${ESC}[1mDELETE /psa-fleet-snapshots/staging/x.json HTTP/1.1${ESC}[0m" 204 -`,
  '127.0.0.1 - - [29/Nov/2026 07:10:22] "PUT /other-bucket/x HTTP/1.1" 200 -',
  '127.0.0.1 - - [29/Nov/2026 07:10:22] "GET /moto-api/data.json HTTP/1.1" 200 -',
  'a line that is not a request',
].join('\n');

describe('countAwsRequests', () => {
  it("sorts the snapshot bucket's reads from its writes, coloured lines too", () => {
    const counts = countAwsRequests(LOG, 'psa-fleet-snapshots');
    expect(counts.s3Reads).toBe(4);
    expect(counts.s3Writes).toBe(2);
  });

  it('counts EKS ListClusters and DescribeCluster by path, and the POSTs to /', () => {
    expect(countAwsRequests(LOG, 'psa-fleet-snapshots')).toMatchObject({ listClusters: 1, describeCluster: 1, postRoot: 1 });
  });

  it('does not take a bucket whose name starts with the same letters for it', () => {
    expect(countAwsRequests('"PUT /psa-fleet-snapshots-2/x HTTP/1.1" 200 -', 'psa-fleet-snapshots').s3Writes).toBe(0);
  });
});
