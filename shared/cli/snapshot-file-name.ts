// The file a snapshot is written to by `psa-scan scan --out DIR`: the cluster and the scan time,
// safe in a file name, so runs never overwrite each other.
import { LOCAL } from '../fleet/cluster-identity.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** `prod-eu_123456789012_eu-west-1_20261129T044308.123Z.json`; kubeconfig clusters drop account and region. */
export function snapshotFileName(snapshot: ClusterSnapshot): string {
  const { account, region, name } = snapshot.cluster;
  const time = snapshot.startedAt.replace(/[-:]/g, '');
  const where = account === LOCAL && region === LOCAL ? [name] : [name, account, region];
  return `${[...where, time].map(safe).join('_')}.json`;
}
