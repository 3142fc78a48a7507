// The RunMarkerStore port: where dispatch records each fleet run (fleet-run-marker.ts) and where the
// watchdog reads them back. Adapter: S3, in the snapshot bucket (s3-run-marker-store.ts). Failures
// are SnapshotStoreError, as for the rest of what the bucket holds.
import type { FleetRunMarker } from './fleet-run-marker.ts';

export interface RunMarkerStore {
  /** `s3://bucket/prefix/`, for messages. */
  readonly location: string;
  locate(runId: string): string;
  /**
   * Writes the run's marker once. `exists`: this run has one already (the schedule's event
   * delivered twice is one run); the first one is kept.
   */
  record(marker: FleetRunMarker): Promise<'created' | 'exists'>;
  /** The markers of runs whose time (runId) is at or after `from`, oldest first. */
  since(from: Date): Promise<FleetRunMarker[]>;
}
