// Alerts about the scanner itself rather than about a cluster's state: a place discovery could not
// search, a cluster that could not be enqueued, a work item given up on (it goes to the DLQ), and
// the watchdog's lapses (no fleet run within the window, a cluster not scanned within it). They
// go to the same topic as the drift alerts, shaped the same way (MessageStructure json: text for
// people, a JSON document for SQS/Lambda/HTTP subscribers, filterable attributes), so on-call sees
// a cluster that was not scanned where it sees what the scans found. Subject in the drift alerts'
// style: `[HIGH] psa ...`, printable ASCII, at most 100 characters.
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { DiscoveryStep } from '../../shared/fleet/fleet-source.ts';
import { asciiSubjectText, SNS_SUBJECT_MAX } from '../../shared/notify/alert-subject.ts';
import { printableLine } from '../../shared/notify/alert-text.ts';
import type { SnsAttribute, SnsPublishRequest } from '../../shared/notify/sns-publish-request.ts';
import type { WatchdogProblem } from '../../shared/watchdog/watchdog-verdict.ts';

export const OPERATIONS_ALERT_KIND = 'OperationsAlert';

export type OperationsProblem =
  /** Dispatch could not search an account/region (or describe one cluster in it). */
  | {
      readonly kind: 'discovery-failed';
      readonly account: string;
      readonly region: string;
      readonly roleArn?: string;
      readonly cluster?: string;
      readonly step: DiscoveryStep;
      readonly message: string;
    }
  /** Dispatch found the cluster but SQS did not take its work item. */
  | { readonly kind: 'enqueue-failed'; readonly cluster: ClusterIdentity; readonly message: string }
  /** The scan failed on the work item's last receive: SQS moves it to the DLQ. */
  | {
      readonly kind: 'scan-abandoned';
      /** Unknown when the item itself could not be read. */
      readonly cluster: ClusterIdentity | null;
      readonly messageId: string;
      readonly receiveCount: number;
      readonly message: string;
    }
  /** The watchdog: a lapse; `new` when this alert is the first to carry it (the others were paged before). */
  | (WatchdogProblem & { readonly new: boolean });

export type OperationsSource = 'dispatch' | 'scan' | 'watchdog';

export interface OperationsAlertInput {
  /** The run concerned; for the watchdog, the latest run it knows of. */
  readonly runId: string | null;
  readonly source: OperationsSource;
  readonly problems: readonly OperationsProblem[];
}

export interface OperationsAlertDocument {
  readonly apiVersion: 'psa-fleet-scanner/v1';
  readonly kind: typeof OPERATIONS_ALERT_KIND;
  readonly runId: string | null;
  readonly source: OperationsSource;
  readonly problems: readonly OperationsProblem[];
}

function where(cluster: ClusterIdentity): string {
  return `${cluster.account}/${cluster.region}/${cluster.name}`;
}

/** The cluster a problem is about, if it is about one. */
function clusterOf(problem: OperationsProblem): ClusterIdentity | null {
  switch (problem.kind) {
    case 'discovery-failed':
    case 'run-missing':
      return null;
    default:
      return problem.cluster;
  }
}

const day = (iso: string): string => iso.slice(0, 10);

function lastSuccessText(p: Extract<OperationsProblem, { kind: 'cluster-not-scanned' | 'cluster-not-discovered' }>): string {
  return p.lastSuccess === null ? 'never scanned successfully' : `last scanned successfully ${p.lastSuccess.finishedAt}${p.lastSuccess.runId === null ? '' : ` (run ${p.lastSuccess.runId})`}`;
}

function watchdogLine(problem: Extract<OperationsProblem, { kind: 'run-missing' | 'cluster-not-scanned' | 'cluster-not-discovered' }>): string {
  switch (problem.kind) {
    case 'run-missing':
      return problem.lastRun === null
        ? `- no fleet run recorded in the last ${problem.lookbackDays} days`
        : `- no fleet run started in the last ${problem.hoursSince} h: the last was ${problem.lastRun.runId} (${problem.lastRun.trigger})`;
    case 'cluster-not-discovered': {
      const why =
        problem.discoveryFailure === null
          ? 'deleted, or no longer in an account and region FLEET_CONFIG searches'
          : `discovery failed there (${problem.discoveryFailure.step}): ${problem.discoveryFailure.message}`;
      return `- not found by run ${problem.runId}: ${where(problem.cluster)}, ${lastSuccessText(problem)}: ${why}`;
    }
    case 'cluster-not-scanned': {
      const { cause } = problem;
      let why: string;
      switch (cause.kind) {
        case 'scan-failed':
          why = `its last scan failed (${cause.finishedAt}${cause.runId === null ? '' : `, run ${cause.runId}`}): ${cause.error ?? 'no error recorded'}`;
          break;
        case 'not-enqueued':
          why = `run ${cause.runId} could not enqueue it: ${cause.message}`;
          break;
        case 'no-snapshot':
          why = `nothing stored from run ${cause.runId} (its work item failed, see the DLQ, or its scan is still running)`;
          break;
        case 'no-recent-run':
          why = 'no fleet run since';
          break;
        case 'unreadable':
          why = `its chain cannot be read: ${cause.message}`;
          break;
      }
      return `- not scanned on time: ${where(problem.cluster)}, ${lastSuccessText(problem)}: ${why}`;
    }
  }
}

/** One line per problem, as the alert's text has it. */
export function operationsProblemLine(problem: OperationsProblem): string {
  switch (problem.kind) {
    case 'run-missing':
    case 'cluster-not-scanned':
    case 'cluster-not-discovered':
      return `${watchdogLine(problem)}${problem.new ? '' : ' (reported before)'}`;
    case 'discovery-failed': {
      const place = `account ${problem.account}, region ${problem.region}${problem.cluster === undefined ? '' : `, cluster ${problem.cluster}`}`;
      return `- not searched (${problem.step}): ${place}: ${problem.message}`;
    }
    case 'enqueue-failed':
      return `- not enqueued: ${where(problem.cluster)}: ${problem.message}`;
    case 'scan-abandoned':
      return `- not scanned, moved to the DLQ after ${problem.receiveCount} attempts: ${problem.cluster === null ? `message ${problem.messageId}` : where(problem.cluster)}: ${problem.message}`;
  }
}

const WHAT_TO_DO: Readonly<Record<OperationsProblem['kind'], string>> = {
  'discovery-failed': 'check the member role (trust policy, external id) and the region in FLEET_CONFIG; the clusters there were not scanned in this run',
  'enqueue-failed': 'check the work queue (its policy, KMS key, throttling); the next run enqueues the cluster again',
  'scan-abandoned': 'read the scan function\'s log for the message id; after fixing the cause, redrive the DLQ to the work queue',
  'run-missing': "check the dispatch function (its schedule, its log, its Errors alarm, the Scheduler's DLQ): without a run no cluster is scanned",
  'cluster-not-scanned': "read the scan function's log for the cluster and the work queue's DLQ; a failed scan says why in its snapshot (psa-scan history)",
  'cluster-not-discovered': 'if the cluster was deleted or left the fleet on purpose, nothing to do (said once); otherwise check FLEET_CONFIG and the member role of its account and region',
};

function watchdogSubject(problems: readonly OperationsProblem[]): string {
  const missing = problems.find((p) => p.kind === 'run-missing');
  const clusters = problems.filter((p) => p.kind === 'cluster-not-scanned' || p.kind === 'cluster-not-discovered');
  const only = clusters.length === 1 ? clusters[0] : undefined;
  const clustersText = `${clusters.length} cluster${clusters.length === 1 ? '' : 's'} not scanned on time`;
  if (missing !== undefined) {
    const run = missing.lastRun === null ? `no fleet run in ${missing.lookbackDays} days` : `no fleet run in ${missing.hoursSince} h`;
    return clusters.length === 0 ? run : `${run}, ${clustersText}`;
  }
  if (only !== undefined) {
    if (only.kind === 'cluster-not-discovered') return `${where(only.cluster)} not found, ${only.lastSuccess === null ? 'never scanned' : `last scanned ${day(only.lastSuccess.finishedAt)}`}`;
    return `${where(only.cluster)} ${only.lastSuccess === null ? 'never scanned successfully' : `not scanned since ${day(only.lastSuccess.finishedAt)}`}`;
  }
  return clustersText;
}

function subjectOf(input: OperationsAlertInput): string {
  const { problems } = input;
  const only = problems.length === 1 ? problems[0] : undefined;
  let what: string;
  if (input.source === 'watchdog') {
    what = watchdogSubject(problems);
  } else if (only?.kind === 'scan-abandoned') {
    what = only.cluster === null ? `an unreadable work item moved to the DLQ` : `${where(only.cluster)} not scanned, moved to the DLQ`;
  } else if (problems.every((p) => p.kind === 'discovery-failed')) {
    what = `fleet discovery failed in ${problems.length} place${problems.length === 1 ? '' : 's'}`;
  } else {
    what = `${problems.length} cluster${problems.length === 1 ? '' : 's'} or places not scanned`;
  }
  return asciiSubjectText(`[HIGH] psa ${what}`).slice(0, SNS_SUBJECT_MAX);
}

export function operationsAlertText(input: OperationsAlertInput): string {
  const kinds = [...new Set(input.problems.map((p) => p.kind))];
  const lines = [
    `Fleet run: ${input.runId ?? 'unknown'} (${input.source})`,
    `Problems: ${input.problems.length}`,
    '',
    ...input.problems.map((p) => printableLine(operationsProblemLine(p))),
    '',
    'What to do:',
    ...kinds.map((kind) => `- ${WHAT_TO_DO[kind]}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function operationsAlertDocument(input: OperationsAlertInput): OperationsAlertDocument {
  return { apiVersion: 'psa-fleet-scanner/v1', kind: OPERATIONS_ALERT_KIND, runId: input.runId, source: input.source, problems: input.problems };
}

/** The Publish request (TopicArn aside), as snsPublishRequest shapes the drift alerts. */
export function operationsAlertRequest(input: OperationsAlertInput): SnsPublishRequest {
  const text = operationsAlertText(input).toWellFormed();
  const json = JSON.stringify(operationsAlertDocument(input)).toWellFormed();
  const clusters = input.problems.flatMap((p) => {
    const cluster = clusterOf(p);
    return cluster === null ? [] : [cluster];
  });
  const attributes: Record<string, SnsAttribute> = {
    severity: { DataType: 'String', StringValue: 'high' },
    kinds: { DataType: 'String.Array', StringValue: JSON.stringify([...new Set(input.problems.map((p) => p.kind))]) },
    goodNewsOnly: { DataType: 'String', StringValue: 'false' },
    findingCount: { DataType: 'Number', StringValue: String(input.problems.length) },
  };
  const [one] = clusters;
  if (clusters.length === 1 && one !== undefined) {
    attributes['cluster'] = { DataType: 'String', StringValue: one.name };
    attributes['account'] = { DataType: 'String', StringValue: one.account };
    attributes['region'] = { DataType: 'String', StringValue: one.region };
  }
  return {
    Subject: subjectOf(input),
    Message: JSON.stringify({ default: text, email: text, sms: subjectOf(input), sqs: json, lambda: json, http: json, https: json }),
    MessageStructure: 'json',
    MessageAttributes: attributes,
  };
}
