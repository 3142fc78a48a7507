// The watchdog's pages, as on-call reads them: the operations alert's text, subject and attributes
// for lapses (shared/watchdog/watchdog-verdict.ts), the ones paged before marked.
import { describe, expect, it } from 'vitest';
import { operationsAlertRequest, type OperationsProblem } from './operations-alert.ts';

const PROD = { account: '111122223333', region: 'eu-west-1', name: 'prod' };
const STAGING = { account: '111122223333', region: 'eu-west-1', name: 'staging' };
const SUCCESS = { key: 'snapshots/x.json', runId: '2026-11-28T02:00:00.000Z', outcome: 'complete' as const, finishedAt: '2026-11-28T02:10:00.000Z', error: null };

const RUN_MISSING: OperationsProblem = {
  kind: 'run-missing',
  lapseKey: 'run-missing/after=20261128T020000.000Z/window=1',
  lastRun: { runId: '2026-11-28T02:00:00.000Z', trigger: 'schedule', dispatchedAt: '2026-11-28T02:00:05.000Z' },
  hoursSince: 28,
  lookbackDays: 7,
  new: true,
};
const FAILED: OperationsProblem = {
  kind: 'cluster-not-scanned',
  lapseKey: 'cluster-not-scanned/account=111122223333/region=eu-west-1/cluster=staging/run=20261128T020000.000Z',
  cluster: STAGING,
  lastSuccess: null,
  cause: { kind: 'scan-failed', runId: '2026-11-28T02:00:00.000Z', finishedAt: '2026-11-28T02:03:00.000Z', error: 'namespaces is forbidden' },
  new: false,
};
const GONE: OperationsProblem = {
  kind: 'cluster-not-discovered',
  lapseKey: 'cluster-not-discovered/account=111122223333/region=eu-west-1/cluster=prod/last-success=20261128T021000.000Z',
  cluster: PROD,
  lastSuccess: SUCCESS,
  runId: '2026-11-29T02:00:00.000Z',
  discoveryFailure: null,
  new: true,
};

const text = (problems: OperationsProblem[]): string => (JSON.parse(operationsAlertRequest({ runId: '2026-11-28T02:00:00.000Z', source: 'watchdog', problems }).Message) as { default: string }).default;

describe('the watchdog page', () => {
  it('names the missed run and each cluster with its last success and why, marking what was paged before', () => {
    expect(text([RUN_MISSING, FAILED, GONE])).toBe(
      [
        'Fleet run: 2026-11-28T02:00:00.000Z (watchdog)',
        'Problems: 3',
        '',
        '- no fleet run started in the last 28 h: the last was 2026-11-28T02:00:00.000Z (schedule)',
        '- not scanned on time: 111122223333/eu-west-1/staging, never scanned successfully: its last scan failed (2026-11-28T02:03:00.000Z, run 2026-11-28T02:00:00.000Z): namespaces is forbidden (reported before)',
        '- not found by run 2026-11-29T02:00:00.000Z: 111122223333/eu-west-1/prod, last scanned successfully 2026-11-28T02:10:00.000Z (run 2026-11-28T02:00:00.000Z): deleted, or no longer in an account and region FLEET_CONFIG searches',
        '',
        'What to do:',
        "- check the dispatch function (its schedule, its log, its Errors alarm, the Scheduler's DLQ): without a run no cluster is scanned",
        "- read the scan function's log for the cluster and the work queue's DLQ; a failed scan says why in its snapshot (psa-scan history)",
        '- if the cluster was deleted or left the fleet on purpose, nothing to do (said once); otherwise check FLEET_CONFIG and the member role of its account and region',
        '',
      ].join('\n'),
    );
  });

  it('says in the subject what lapsed, and puts the cluster in the attributes when there is one', () => {
    const subject = (problems: OperationsProblem[]): string => operationsAlertRequest({ runId: null, source: 'watchdog', problems }).Subject;

    expect(subject([RUN_MISSING, FAILED, GONE])).toBe('[HIGH] psa no fleet run in 28 h, 2 clusters not scanned on time');
    expect(subject([{ ...RUN_MISSING, lastRun: null, hoursSince: null }])).toBe('[HIGH] psa no fleet run in 7 days');
    expect(subject([FAILED])).toBe('[HIGH] psa 111122223333/eu-west-1/staging never scanned successfully');
    expect(subject([GONE])).toBe('[HIGH] psa 111122223333/eu-west-1/prod not found, last scanned 2026-11-28');
    expect(subject([{ ...FAILED, lastSuccess: SUCCESS }])).toBe('[HIGH] psa 111122223333/eu-west-1/staging not scanned since 2026-11-28');
    expect(subject([FAILED, GONE])).toBe('[HIGH] psa 2 clusters not scanned on time');

    const attributes = operationsAlertRequest({ runId: null, source: 'watchdog', problems: [RUN_MISSING, FAILED] }).MessageAttributes;
    expect(attributes).toMatchObject({ kinds: { StringValue: '["run-missing","cluster-not-scanned"]' }, cluster: { StringValue: 'staging' }, account: { StringValue: STAGING.account } });
  });

  it('carries the problems with their lapse keys and flags in the JSON document for subscribers', () => {
    const request = operationsAlertRequest({ runId: null, source: 'watchdog', problems: [RUN_MISSING, FAILED] });

    expect(JSON.parse((JSON.parse(request.Message) as { sqs: string }).sqs)).toEqual({
      apiVersion: 'psa-fleet-scanner/v1',
      kind: 'OperationsAlert',
      runId: null,
      source: 'watchdog',
      problems: [RUN_MISSING, FAILED],
    });
  });
});
