// Alerts about the scanner itself rather than about a cluster's state: a place discovery could not
// search, a cluster that could not be enqueued, a work item given up on (it goes to the DLQ). They
// go to the same topic as the drift alerts, shaped the same way (MessageStructure json: text for
// people, a JSON document for SQS/Lambda/HTTP subscribers, filterable attributes), so on-call sees
// a cluster that was not scanned where it sees what the scans found. Subject in the drift alerts'
// style: `[HIGH] psa ...`, printable ASCII, at most 100 characters.
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { DiscoveryStep } from '../../shared/fleet/fleet-source.ts';
import { asciiSubjectText, SNS_SUBJECT_MAX } from '../../shared/notify/alert-subject.ts';
import { printableLine } from '../../shared/notify/alert-text.ts';
import type { SnsAttribute, SnsPublishRequest } from '../../shared/notify/sns-publish-request.ts';

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
    };

export interface OperationsAlertInput {
  readonly runId: string | null;
  readonly source: 'dispatch' | 'scan';
  readonly problems: readonly OperationsProblem[];
}

export interface OperationsAlertDocument {
  readonly apiVersion: 'psa-fleet-scanner/v1';
  readonly kind: typeof OPERATIONS_ALERT_KIND;
  readonly runId: string | null;
  readonly source: 'dispatch' | 'scan';
  readonly problems: readonly OperationsProblem[];
}

function where(cluster: ClusterIdentity): string {
  return `${cluster.account}/${cluster.region}/${cluster.name}`;
}

/** One line per problem, as the alert's text has it. */
export function operationsProblemLine(problem: OperationsProblem): string {
  switch (problem.kind) {
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
};

function subjectOf(input: OperationsAlertInput): string {
  const { problems } = input;
  const only = problems.length === 1 ? problems[0] : undefined;
  let what: string;
  if (only?.kind === 'scan-abandoned') {
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
  const clusters = input.problems.flatMap((p) => (p.kind === 'discovery-failed' || p.cluster === null ? [] : [p.cluster]));
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
