// The record a fleet run leaves behind: dispatch writes one per run, after enqueueing, naming the
// clusters it enqueued, those it skipped on purpose (opted out, not ACTIVE), those SQS refused and
// the places it could not search. The watchdog reads it to know that the nightly run started at
// all, and which clusters it should have scanned (a new cluster before its first snapshot, a
// cluster that vanished from discovery).
//
//   runs/date=YYYY-MM-DD/<runId compacted>.json     write-once (S3 If-None-Match: *)
//
// Under the store's prefix beside snapshots/ and pointers/, never inside them: nothing here joins
// or moves a chain. The date partition is the runId's (the schedule's UTC date), so the watchdog
// lists only the days it looks back over.
import { z } from 'zod';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { compactTime, compactTimeMillis } from '../store/snapshot-keys.ts';

export const RUNS = 'runs/';
export const RUN_MARKER_API_VERSION = 'psa-fleet-scanner/v1';
export const RUN_MARKER_KIND = 'FleetRun';

const clusterSchema = z.strictObject({ account: z.string(), region: z.string(), name: z.string() });

export const fleetRunMarkerSchema = z.strictObject({
  apiVersion: z.literal(RUN_MARKER_API_VERSION),
  kind: z.literal(RUN_MARKER_KIND),
  runId: z.iso.datetime().describe("The run's scheduled time (or a manual run's invocation time): its identity and its place in time."),
  trigger: z.enum(['schedule', 'manual']),
  dispatchedAt: z.iso.datetime().describe('When dispatch had enqueued the work items.'),
  enqueued: z.array(clusterSchema).describe('One work item each is on the queue: the scans of this run.'),
  skipped: z.array(z.strictObject({ cluster: clusterSchema, reason: z.string().describe('opted-out, not-active') })).describe('Found and deliberately not scanned.'),
  notEnqueued: z.array(z.strictObject({ cluster: clusterSchema, message: z.string() })).describe('Found, but SQS did not take the work item.'),
  discoveryFailed: z
    .array(z.strictObject({ account: z.string(), region: z.string(), step: z.string(), cluster: z.string().nullable(), message: z.string() }))
    .describe('Places (or one cluster) discovery could not search: their clusters are not in this run.'),
});
export type FleetRunMarker = z.infer<typeof fleetRunMarkerSchema>;

/** `2026-11-29T02:00:00.000Z` -> `runs/date=2026-11-29/20261129T020000.000Z.json` */
export function runMarkerKey(runId: string): string {
  return `${RUNS}date=${runId.slice(0, 10)}/${compactTime(runId)}.json`;
}

/** Where the markers of one UTC date are listed: `runs/date=2026-11-29/`. */
export function runDatePrefix(date: string): string {
  return `${RUNS}date=${date}/`;
}

const MARKER_FILE = /^runs\/date=(\d{4}-\d{2}-\d{2})\/(\d{8}T\d{6}(?:\.\d+)?Z)\.json$/;

/** The run's time (ms) a marker key names, or undefined for a key not in this layout. */
export function runMarkerKeyMillis(key: string): number | undefined {
  const time = MARKER_FILE.exec(key)?.[2];
  if (time === undefined) return undefined;
  const millis = compactTimeMillis(time);
  return Number.isFinite(millis) ? millis : undefined;
}

export function runMarkerJson(marker: FleetRunMarker): string {
  return `${JSON.stringify(marker, null, 2)}\n`;
}

export type ParsedRunMarker = { readonly ok: true; readonly marker: FleetRunMarker } | { readonly ok: false; readonly errors: readonly string[] };

/** `where` names the object in the messages. */
export function parseRunMarkerJson(text: string, where: string): ParsedRunMarker {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${where}: not JSON: ${(error as Error).message}`] };
  }
  const parsed = fleetRunMarkerSchema.safeParse(value);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${where}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`) };
  return { ok: true, marker: parsed.data };
}

/** Who the marker says was part of the run (enqueued or refused by SQS): the clusters it should have scanned. */
export function clustersOfRun(marker: FleetRunMarker): ClusterIdentity[] {
  return [...marker.enqueued, ...marker.notEnqueued.map((n) => n.cluster)];
}
