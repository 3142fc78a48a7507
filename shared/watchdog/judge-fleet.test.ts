// The watchdog's decision on its own: runs and scans as the store and the run markers would give
// them, judged at chosen instants. The adapters and the page run against moto in
// test/e2e/missed-scan-watchdog.test.ts.
import { describe, expect, it } from 'vitest';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { RUN_MARKER_API_VERSION, RUN_MARKER_KIND, type FleetRunMarker } from './fleet-run-marker.ts';
import { judgeFleet, lookbackStart } from './judge-fleet.ts';
import type { ClusterRecord, ScanFact, WatchdogProblem } from './watchdog-verdict.ts';

const HOUR = 3_600_000;
const WINDOW = 26 * HOUR;
const PROD: ClusterIdentity = { account: '111122223333', region: 'eu-west-1', name: 'prod' };
const STAGING: ClusterIdentity = { account: '111122223333', region: 'eu-west-1', name: 'staging' };
const SANDBOX: ClusterIdentity = { account: '444455556666', region: 'us-east-2', name: 'sandbox' };

/** Night n's run: 2026-11-0n at 02:00. */
const nightRun = (n: number): string => new Date(Date.UTC(2026, 10, n, 2)).toISOString();
const hoursAfter = (iso: string, hours: number): Date => new Date(Date.parse(iso) + hours * HOUR);

function run(night: number, parts: Partial<Pick<FleetRunMarker, 'enqueued' | 'skipped' | 'notEnqueued' | 'discoveryFailed'>> = {}): FleetRunMarker {
  const runId = nightRun(night);
  return {
    apiVersion: RUN_MARKER_API_VERSION,
    kind: RUN_MARKER_KIND,
    runId,
    trigger: 'schedule',
    dispatchedAt: new Date(Date.parse(runId) + 5_000).toISOString(),
    enqueued: parts.enqueued ?? [PROD, STAGING],
    skipped: parts.skipped ?? [],
    notEnqueued: parts.notEnqueued ?? [],
    discoveryFailed: parts.discoveryFailed ?? [],
  };
}

/** A scan of night n's run, finished `minutes` after the run started. */
function scan(cluster: ClusterIdentity, night: number, outcome: ScanFact['outcome'] = 'complete', minutes = 10): ScanFact {
  const finishedAt = new Date(Date.parse(nightRun(night)) + minutes * 60_000).toISOString();
  return { key: `snapshots/${cluster.name}/${finishedAt}.json`, runId: nightRun(night), outcome, finishedAt, error: outcome === 'failed' ? 'Get "https://prod": dial tcp: connection refused' : null };
}

function record(cluster: ClusterIdentity, latest: ScanFact, lastSuccess: ScanFact | null = latest.outcome === 'failed' ? null : latest): ClusterRecord {
  return { kind: 'read', cluster, latest, lastSuccess };
}

const kinds = (problems: readonly WatchdogProblem[]): Array<[string, string | null]> => problems.map((p) => [p.kind, p.kind === 'run-missing' ? null : p.cluster.name]);

describe('judgeFleet', () => {
  it('finds nothing when the last run is within the window and every cluster was scanned in it', () => {
    const verdict = judgeFleet({ at: hoursAfter(nightRun(2), 5), windowMs: WINDOW, runs: [run(1), run(2)], clusters: [record(PROD, scan(PROD, 2)), record(STAGING, scan(STAGING, 2, 'degraded'))] });

    expect(verdict.problems).toEqual([]);
    expect(verdict).toMatchObject({ watched: 2, latestRun: { runId: nightRun(2), trigger: 'schedule' }, windowHours: 26, empty: false });
  });

  it("counts a degraded scan as scanned, and a cluster whose scan tonight failed as fine while yesterday's success is inside the window", () => {
    const staging = record(STAGING, scan(STAGING, 2, 'failed'), scan(STAGING, 1));

    expect(judgeFleet({ at: hoursAfter(nightRun(2), 1), windowMs: WINDOW, runs: [run(1), run(2)], clusters: [record(PROD, scan(PROD, 2)), staging] }).problems).toEqual([]);
  });

  it('reports a cluster whose last successful scan is older than the window, saying its last scan failed and why', () => {
    const staging = record(STAGING, scan(STAGING, 2, 'failed'), scan(STAGING, 1));
    const at = hoursAfter(nightRun(2), 25); // night 1's success finished 49 h 10 min before

    const [problem, ...others] = judgeFleet({ at, windowMs: WINDOW, runs: [run(1), run(2)], clusters: [record(PROD, scan(PROD, 2)), staging] }).problems;

    expect(others).toEqual([]);
    expect(problem).toEqual({
      kind: 'cluster-not-scanned',
      lapseKey: 'cluster-not-scanned/account=111122223333/region=eu-west-1/cluster=staging/run=20261102T020000.000Z',
      cluster: STAGING,
      lastSuccess: scan(STAGING, 1),
      cause: { kind: 'scan-failed', runId: nightRun(2), finishedAt: scan(STAGING, 2).finishedAt, error: 'Get "https://prod": dial tcp: connection refused' },
    });
  });

  it('reports a missing run and every cluster it left unscanned once the window has passed without one', () => {
    const at = hoursAfter(nightRun(2), 27);

    const verdict = judgeFleet({ at, windowMs: WINDOW, runs: [run(1), run(2)], clusters: [record(PROD, scan(PROD, 2)), record(STAGING, scan(STAGING, 2))] });

    expect(kinds(verdict.problems)).toEqual([
      ['run-missing', null],
      ['cluster-not-scanned', 'prod'],
      ['cluster-not-scanned', 'staging'],
    ]);
    expect(verdict.problems[0]).toEqual({
      kind: 'run-missing',
      lapseKey: 'run-missing/after=20261102T020000.000Z/window=1',
      lastRun: { runId: nightRun(2), trigger: 'schedule', dispatchedAt: '2026-11-02T02:00:05.000Z' },
      hoursSince: 27,
      lookbackDays: 7,
    });
    expect(verdict.problems[1]).toMatchObject({ cause: { kind: 'no-recent-run', runId: nightRun(2) } });
  });

  it('gives the same lapse the same key an hour later, a new run-missing key each further window, and a new cluster key each missed run', () => {
    const runs = [run(1), run(2)];
    const clusters = [record(PROD, scan(PROD, 2)), record(STAGING, scan(STAGING, 1, 'failed'), null)];
    const keys = (hours: number, extra: FleetRunMarker[] = []): string[] =>
      judgeFleet({ at: hoursAfter(nightRun(2), hours), windowMs: WINDOW, runs: [...runs, ...extra], clusters }).problems.map((p) => p.lapseKey);

    expect(keys(27)).toEqual(keys(28));
    expect(keys(27 + 26)).toEqual([
      'run-missing/after=20261102T020000.000Z/window=2',
      'cluster-not-scanned/account=111122223333/region=eu-west-1/cluster=prod/run=20261102T020000.000Z',
      'cluster-not-scanned/account=111122223333/region=eu-west-1/cluster=staging/run=20261102T020000.000Z',
    ]);
    // Night 3's run happened and staging was missed again: a new lapse for staging only.
    const after = judgeFleet({ at: hoursAfter(nightRun(3), 5), windowMs: WINDOW, runs: [...runs, run(3)], clusters: [record(PROD, scan(PROD, 3)), clusters[1] as ClusterRecord] }).problems;
    expect(after.map((p) => p.lapseKey)).toEqual(['cluster-not-scanned/account=111122223333/region=eu-west-1/cluster=staging/run=20261103T020000.000Z']);
    expect(after[0]).toMatchObject({ lastSuccess: null, cause: { kind: 'scan-failed', runId: nightRun(1) } });
  });

  it('reports a cluster with snapshots that the latest run did not find, once per last success, and says where discovery failed', () => {
    const sandbox = record(SANDBOX, scan(SANDBOX, 1));
    const runs = [run(1, { enqueued: [PROD, STAGING, SANDBOX] }), run(2), run(3, { discoveryFailed: [{ account: SANDBOX.account, region: SANDBOX.region, step: 'credentials', cluster: null, message: 'AccessDenied' }] })];
    const clusters = [record(PROD, scan(PROD, 3)), record(STAGING, scan(STAGING, 3)), sandbox];

    const night3 = judgeFleet({ at: hoursAfter(nightRun(3), 1), windowMs: WINDOW, runs, clusters }).problems;

    expect(night3).toEqual([
      {
        kind: 'cluster-not-discovered',
        lapseKey: 'cluster-not-discovered/account=444455556666/region=us-east-2/cluster=sandbox/last-success=20261101T021000.000Z',
        cluster: SANDBOX,
        lastSuccess: scan(SANDBOX, 1),
        runId: nightRun(3),
        discoveryFailure: { step: 'credentials', message: 'AccessDenied' },
      },
    ]);
    const night4 = judgeFleet({ at: hoursAfter(nightRun(4), 1), windowMs: WINDOW, runs: [...runs, run(4)], clusters }).problems;
    expect(night4.map((p) => p.lapseKey)).toEqual(night3.map((p) => p.lapseKey));
    expect(night4[0]).toMatchObject({ runId: nightRun(4), discoveryFailure: null });
  });

  it('does not watch a cluster the latest run skipped on purpose (opted out), though it has snapshots', () => {
    const verdict = judgeFleet({
      at: hoursAfter(nightRun(3), 1),
      windowMs: WINDOW,
      runs: [run(3, { skipped: [{ cluster: SANDBOX, reason: 'opted-out' }] })],
      clusters: [record(PROD, scan(PROD, 3)), record(STAGING, scan(STAGING, 3)), record(SANDBOX, scan(SANDBOX, 1))],
    });

    expect(verdict.problems).toEqual([]);
    expect(verdict).toMatchObject({ watched: 2, skipped: [SANDBOX] });
  });

  it('gives a cluster a window from the first run that had it before reporting that it was never scanned', () => {
    const runs = [run(2, { enqueued: [PROD, STAGING, SANDBOX] }), run(3, { enqueued: [PROD, STAGING, SANDBOX] })];
    const clusters = [record(PROD, scan(PROD, 3)), record(STAGING, scan(STAGING, 3))];

    const early = judgeFleet({ at: hoursAfter(nightRun(2), 20), windowMs: WINDOW, runs, clusters: [record(PROD, scan(PROD, 2)), record(STAGING, scan(STAGING, 2))] });
    expect(early.problems).toEqual([]);
    expect(early.pending).toEqual([SANDBOX]);

    const late = judgeFleet({ at: hoursAfter(nightRun(3), 3), windowMs: WINDOW, runs, clusters }).problems;
    expect(late).toEqual([
      {
        kind: 'cluster-not-scanned',
        lapseKey: 'cluster-not-scanned/account=444455556666/region=us-east-2/cluster=sandbox/run=20261103T020000.000Z',
        cluster: SANDBOX,
        lastSuccess: null,
        cause: { kind: 'no-snapshot', runId: nightRun(3) },
      },
    ]);
  });

  it("says when the latest run could not enqueue a cluster, and when a cluster's chain cannot be read", () => {
    const verdict = judgeFleet({
      at: hoursAfter(nightRun(3), 3),
      windowMs: WINDOW,
      runs: [run(3, { enqueued: [PROD], notEnqueued: [{ cluster: STAGING, message: 'KMS.AccessDeniedException: denied' }] })],
      clusters: [{ kind: 'unreadable', cluster: PROD, message: 'pointer: not JSON' }, record(STAGING, scan(STAGING, 1))],
    });

    expect(verdict.problems.map((p) => (p.kind === 'cluster-not-scanned' ? [p.cluster.name, p.cause] : p.kind))).toEqual([
      ['prod', { kind: 'unreadable', message: 'pointer: not JSON' }],
      ['staging', { kind: 'not-enqueued', runId: nightRun(3), message: 'KMS.AccessDeniedException: denied' }],
    ]);
  });

  it('reports no run at all in the look-back, once per window, and stays quiet for a scanner that has never run', () => {
    const at = hoursAfter(nightRun(20), 0);
    const old = judgeFleet({ at, windowMs: WINDOW, runs: [], clusters: [record(PROD, scan(PROD, 1))] }).problems;

    expect(old.map((p) => p.lapseKey)).toEqual([
      `run-missing/after=none/window=${Math.floor(at.getTime() / WINDOW)}`,
      'cluster-not-scanned/account=111122223333/region=eu-west-1/cluster=prod/run=none',
    ]);
    expect(old[0]).toMatchObject({ lastRun: null, hoursSince: null });
    expect(judgeFleet({ at, windowMs: WINDOW, runs: [], clusters: [] })).toMatchObject({ empty: true, problems: [], watched: 0 });
  });

  it('ignores a run scheduled after the instant judged, and reads markers back over a week or two windows', () => {
    const verdict = judgeFleet({ at: hoursAfter(nightRun(2), 1), windowMs: WINDOW, runs: [run(2), run(3, { enqueued: [PROD, STAGING, SANDBOX] })], clusters: [record(PROD, scan(PROD, 2)), record(STAGING, scan(STAGING, 2))] });

    expect(verdict.latestRun?.runId).toBe(nightRun(2));
    expect(verdict.problems).toEqual([]);
    expect(lookbackStart(new Date(nightRun(20)), WINDOW).toISOString()).toBe(nightRun(13));
    expect(lookbackStart(new Date(nightRun(20)), 200 * HOUR).toISOString()).toBe(new Date(Date.parse(nightRun(20)) - 400 * HOUR).toISOString());
  });
});
