// The scanner-made fleet of test/data/snapshots/report/ (recorded by
// test/integration/report-record-snapshots.ts from two real apiservers) appended, in the order they
// were scanned, to a fresh folder store: two clusters over the nights 2026-11-24 to 11-28.
import { readdir, readFile } from 'node:fs/promises';
import { parseSnapshotJson } from '../snapshot/snapshot-json.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { temporaryFolderStore, type TemporaryStore } from '../store/store.test-support.ts';
import { buildFleetReport } from './build-fleet-report.ts';
import type { FleetReport } from './fleet-report-schema.ts';
import { readFleetHistory, type ClusterHistory } from './read-fleet-history.ts';
import { reportWindow } from './report-window.ts';

export const RECORDED_FLEET = new URL('../../test/data/snapshots/report/', import.meta.url);

/** The night after which the recording stops: the report's date in the tests. */
export const RECORDED_REPORT_TIME = new Date('2026-11-28T06:00:00.000Z');

/** The recorded snapshots, in the order they were scanned (their file names are numbered). */
export async function recordedFleetSnapshots(): Promise<ClusterSnapshot[]> {
  const files = (await readdir(RECORDED_FLEET)).filter((f) => f.endsWith('.snapshot.json')).sort();
  if (files.length === 0) throw new Error(`no recorded snapshots in ${RECORDED_FLEET.pathname}: run test/integration/report-record-snapshots.ts`);
  return Promise.all(
    files.map(async (file) => {
      const parsed = parseSnapshotJson(await readFile(new URL(file, RECORDED_FLEET), 'utf8'), file);
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      return parsed.snapshot;
    }),
  );
}

/** A folder store holding the recorded fleet, chained as the scans would have stored it. */
export async function recordedFleetStore(): Promise<TemporaryStore> {
  const temporary = await temporaryFolderStore();
  for (const snapshot of await recordedFleetSnapshots()) await temporary.store.append(snapshot);
  return temporary;
}

/** The report of the recorded fleet as of RECORDED_REPORT_TIME over `nights` nights, read from a fresh store. */
export async function recordedFleetReport(nights = 7): Promise<{ report: FleetReport; histories: ClusterHistory[] }> {
  await using temporary = await recordedFleetStore();
  const window = reportWindow(RECORDED_REPORT_TIME, nights);
  const histories = await readFleetHistory(temporary.store, { window });
  return { report: buildFleetReport(histories, { generatedAt: RECORDED_REPORT_TIME, window, store: temporary.store.location, generatorVersion: '0.0.0-test' }), histories };
}
