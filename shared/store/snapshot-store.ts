// The SnapshotStore port: where each cluster's snapshots are kept, hash-chained, newest last. The
// scan appends; drift reads the predecessor append returns; `psa-scan verify` and auditors walk the
// chain. Adapters: S3 (s3-snapshot-store.ts) and a folder (folder-snapshot-store.ts), both over the
// same protocol (chained-snapshot-store.ts). Failures are SnapshotStoreError.
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';

/** One snapshot as stored: its key, the SHA-256 of its bytes, the bytes and the parsed document. */
export interface StoredSnapshot {
  readonly key: string;
  /** Lower-case hex SHA-256 of `bytes`; what the next snapshot's `previous.sha256` records. */
  readonly sha256: string;
  /** The exact bytes stored (snapshotJson of the document). */
  readonly bytes: Uint8Array;
  readonly snapshot: ClusterSnapshot;
}

export interface AppendResult {
  /** The snapshot as stored, `previous` filled in. */
  readonly stored: StoredSnapshot;
  /** The snapshot it is chained after (drift is computed against this one); undefined for a cluster's first. */
  readonly previous: StoredSnapshot | undefined;
  /** True when this very scan was already the cluster's latest (a retried append): nothing new was written. */
  readonly alreadyStored: boolean;
}

export interface SnapshotStore {
  /** `s3://bucket/prefix/` or the folder, for messages. */
  readonly location: string;
  /** The cluster's latest snapshot (the one its pointer names), or undefined when it has none. */
  latest(cluster: ClusterIdentity): Promise<StoredSnapshot | undefined>;
  /**
   * Chains and stores one snapshot: fills `previous` from the cluster's pointer, writes it
   * write-once and moves the pointer by a conditional write; on a lost race it re-reads and
   * re-chains. When it rejects (SnapshotStoreError), the chain is as it was, or already ends with
   * this snapshot still staged (the store failed after the pointer moved): either way it is whole,
   * and running the same append again completes it. Appending the scan that is already the latest
   * (a retry) stores nothing and returns it.
   */
  append(snapshot: ClusterSnapshot): Promise<AppendResult>;
  /** The snapshot under `key`; its SHA-256 is computed from the bytes read. */
  read(key: string): Promise<StoredSnapshot>;
  /** Every cluster that has a pointer. */
  clusters(): Promise<ClusterIdentity[]>;
  /** The chain, newest first, walked from the pointer along `previous` links (each link's SHA-256 checked). */
  history(cluster: ClusterIdentity, limit?: number): Promise<StoredSnapshot[]>;
}
