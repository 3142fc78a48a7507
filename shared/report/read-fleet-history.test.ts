// Reading the recorded fleet (two clusters scanned by the real scanner over 2026-11-24..28, see
// test/integration/report-scans.ts) back out of a real folder store.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterLabel } from '../fleet/cluster-identity.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import type { SnapshotStore } from '../store/snapshot-store.ts';
import { readFleetHistory } from './read-fleet-history.ts';
import { RECORDED_REPORT_TIME, recordedFleetStore } from './report.test-support.ts';
import { reportWindow } from './report-window.ts';

/** The store as it is, noting every key read through the port. */
function countingReads(store: SnapshotStore): { store: SnapshotStore; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    store: {
      location: store.location,
      latest: (cluster) => store.latest(cluster),
      append: (snapshot) => store.append(snapshot),
      clusters: () => store.clusters(),
      history: (cluster, limit) => store.history(cluster, limit),
      read: (key) => {
        reads.push(key);
        return store.read(key);
      },
    },
  };
}

describe('readFleetHistory', () => {
  it('lists every cluster of the store, sorted by account, region and name', async () => {
    await using t = await recordedFleetStore();
    const histories = await readFleetHistory(t.store, { window: reportWindow(RECORDED_REPORT_TIME, 7) });
    expect(histories.map((h) => clusterLabel(h.cluster))).toEqual(['123456789012/eu-west-1/payments', 'local/local/-2+3 <img src=x onerror="alert(1)"> ops']);
  });

  it("takes each night's last snapshot: the retry at 04:00 stands for 2026-11-25", async () => {
    await using t = await recordedFleetStore();
    const [payments] = await readFleetHistory(t.store, { window: reportWindow(RECORDED_REPORT_TIME, 7) });
    expect(payments?.nights.map((n) => n.night)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']);
    expect(payments?.nights[1]?.startedAt.slice(0, 16)).toBe('2026-11-25T04:00');
  });

  it('has no point for a night the cluster was not scanned, and the latest even when it is older than the last night', async () => {
    await using t = await recordedFleetStore();
    const [, hostile] = await readFleetHistory(t.store, { window: reportWindow(RECORDED_REPORT_TIME, 7) });
    expect(hostile?.nights.map((n) => n.night)).toEqual(['2026-11-24', '2026-11-25', '2026-11-27']);
    expect(hostile?.latest.snapshot.startedAt.slice(0, 10)).toBe('2026-11-27');
    expect(hostile?.previous?.snapshot.startedAt.slice(0, 10)).toBe('2026-11-25');
  });

  it('stops at the window: reads only the snapshots it shows, and the one before the latest for the changes', async () => {
    await using t = await recordedFleetStore();
    const counting = countingReads(t.store);
    const histories = await readFleetHistory(counting.store, { window: reportWindow(RECORDED_REPORT_TIME, 1) });
    // payments: 11-27 is needed for the changes; hostile: its latest is 11-27 (outside), 11-25 for the changes.
    // (Clusters are read concurrently: the order of the two reads is not fixed.)
    expect(counting.reads.map((k) => /date=([\d-]+)\/(\d{8}T\d{4})/.exec(k)?.slice(1).join(' ')).sort()).toEqual(['2026-11-25 20261125T0131', '2026-11-27 20261127T0130']);
    expect(histories.map((h) => h.nights.map((n) => n.night))).toEqual([['2026-11-28'], []]);
  });

  it('refuses a snapshot whose bytes differ from the SHA-256 its successor recorded', async () => {
    await using t = await recordedFleetStore();
    const [payments] = await readFleetHistory(t.store, { window: reportWindow(RECORDED_REPORT_TIME, 7) });
    const altered = payments?.nights[2]?.key ?? '';
    const path = join(t.root, altered);
    // Still a valid snapshot, one state rewritten: only the hash tells.
    const text = await readFile(path, 'utf8');
    await chmod(path, 0o644);
    await writeFile(path, text.replace('"state": "blocked-at-target"', '"state": "ready-to-promote"'));
    const error = await readFleetHistory(t.store, { window: reportWindow(RECORDED_REPORT_TIME, 7) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect((error as SnapshotStoreError).kind).toBe('corrupt');
    expect((error as SnapshotStoreError).message).toContain(altered);
    expect((error as SnapshotStoreError).message).toMatch(/its SHA-256 is [0-9a-f]{64}, but .* records [0-9a-f]{64} \(run psa-scan verify\)$/);
  });
});
