// Where pre-upgrade what-ifs live in a store, beside the chain and apart from it:
//
//   whatif/account=A/region=R/cluster=N/date=YYYY-MM-DD/<startedAt>-to-v1.N-<sha8>.json   write-once
//
// Same Hive-style partitions and escaping as the snapshots (snapshot-keys.ts), so one Athena table
// or S3 prefix selects a cluster's what-ifs; never under snapshots/, staging/ or pointers/, so
// nothing a what-if writes can join, move or be mistaken for the nightly chain (verify walks only
// those). The first 8 hex digits of the bytes' SHA-256 keep two what-ifs started in the same
// millisecond apart, and make a retried write of the same document land on the same key.
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { clusterPartition, compactTime } from './snapshot-keys.ts';

export const WHATIFS = 'whatif/';

/** `startedAt` is the what-if's ISO time; `upgradeTo` its target, `v1.37`. */
export function whatIfKey(cluster: ClusterIdentity, startedAt: string, upgradeTo: string, sha256: string): string {
  return `${WHATIFS}${clusterPartition(cluster)}date=${startedAt.slice(0, 10)}/${compactTime(startedAt)}-to-${upgradeTo}-${sha256.slice(0, 8)}.json`;
}

/** Where one cluster's what-ifs are listed. */
export function clusterWhatIfsPrefix(cluster: ClusterIdentity): string {
  return `${WHATIFS}${clusterPartition(cluster)}`;
}

const WHATIF_FILE = /\/date=\d{4}-\d{2}-\d{2}\/\d{8}T\d{6}(?:\.\d+)?Z-to-v1\.\d+-([0-9a-f]{8})\.json$/;

/** The 8 hex digits of SHA-256 a what-if key names, or undefined for a key not in this layout. */
export function whatIfKeySha8(key: string): string | undefined {
  return key.startsWith(WHATIFS) ? WHATIF_FILE.exec(key)?.[1] : undefined;
}
