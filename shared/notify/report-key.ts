// Where a full findings report is written: Hive-style, like the snapshots
// (`reports/account=…/region=…/cluster=…/date=YYYY-MM-DD/<time>.json`), so Athena or any S3 tool
// finds a cluster's reports by partition. Values are percent-escaped as Hive escapes partition
// values, so a `/` or `=` in a kubeconfig context name cannot add a level or a partition.
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';

function partitionValue(value: string): string {
  return encodeURIComponent(value.toWellFormed());
}

/** `scannedAt` is the scan's ISO time (`2026-11-29T04:43:08.123Z`). */
export function reportKey(cluster: ClusterIdentity, scannedAt: string): string {
  const date = scannedAt.slice(0, 10);
  const time = scannedAt.replace(/[-:]/g, '');
  return [
    'reports',
    `account=${partitionValue(cluster.account)}`,
    `region=${partitionValue(cluster.region)}`,
    `cluster=${partitionValue(cluster.name)}`,
    `date=${date}`,
    `${time}.json`,
  ].join('/');
}
