// One cluster scan's findings -> the alert, or nothing when there are no findings (findings that
// are only good news still make one). Pure: the caller writes the report (when there is one) and
// then hands the message to a notifier (prepare-alert.ts does both in order).
//
// When the message would pass the SNS size limit, the full document becomes a report and the
// message carries the summary instead: counts, kinds, as many finding lines as a modest budget
// holds, and where the report is (with its SHA-256, so a subscriber can tell it got the right bytes).
import { createHash } from 'node:crypto';
import type { Finding } from '../drift/finding.ts';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { ALERT_API_VERSION, ALERT_KIND, alertDocumentSchema, type AlertDocument } from './alert-document.ts';
import { alertFacts, type AlertFacts } from './alert-facts.ts';
import type { AlertMessage } from './alert-message.ts';
import { alertSubject } from './alert-subject.ts';
import { alertText, joinLines } from './alert-text.ts';
import { NotifyError } from './notifier.ts';
import { reportKey } from './report-key.ts';
import { SNS_MAX_PUBLISH_BYTES, snsPublishBytes, snsPublishRequest } from './sns-publish-request.ts';

export interface AlertInput {
  readonly cluster: ClusterIdentity;
  readonly findings: readonly Finding[];
  /** The scan's start, ISO 8601. */
  readonly scannedAt: string;
  /** The snapshot's key in the store, when it was stored. */
  readonly snapshotKey: string | null;
}

export interface ComposeOptions {
  /** Default: SNS's 262,144 bytes. */
  readonly maxPublishBytes?: number;
  /** Where the report goes if one is needed; default: reportKey() for the key, the key as location. */
  readonly report?: { readonly key: string; readonly location: string };
  /** Finding lines kept in the text of a message whose findings are in a report (default 16 KiB). */
  readonly summaryLineBytes?: number;
}

export interface ComposedAlert {
  readonly message: AlertMessage;
  /** The full document to write before publishing; null when the message carries everything. */
  readonly report: { readonly key: string; readonly body: string } | null;
  /** The publish request's size as SNS counts it. */
  readonly publishBytes: number;
}

const SUMMARY_LINE_BYTES = 16 * 1024;

export function alertInputFor(snapshot: ClusterSnapshot, findings: readonly Finding[], snapshotKey: string | null): AlertInput {
  const { account, region, name } = snapshot.cluster;
  return { cluster: { account, region, name }, findings, scannedAt: snapshot.startedAt, snapshotKey };
}

function alertDocument(input: AlertInput, facts: AlertFacts, findings: AlertDocument['findings'], report: AlertDocument['report']): AlertDocument {
  const { account, region, name } = input.cluster;
  // Through the schema: validated, and its keys in schema order whatever order the findings were built in.
  return alertDocumentSchema.parse({
    apiVersion: ALERT_API_VERSION,
    kind: ALERT_KIND,
    cluster: { account, region, name },
    scannedAt: input.scannedAt,
    snapshotKey: input.snapshotKey,
    highestSeverity: facts.highestSeverity,
    goodNewsOnly: facts.goodNewsOnly,
    findingCount: facts.findingCount,
    counts: { ...facts.counts },
    kinds: [...facts.kinds],
    findings,
    report,
  });
}

function message(input: AlertInput, facts: AlertFacts, document: AlertDocument, report?: { key: string; lineBudgetBytes: number }): AlertMessage {
  const subject = alertSubject(input.cluster, facts);
  const lines = alertText({ cluster: input.cluster, scannedAt: input.scannedAt, snapshotKey: input.snapshotKey, facts, ...(report ? { report } : {}) });
  return { subject, lines, text: joinLines(lines), short: subject, document };
}

/** The full report's bytes: the document with every finding, two-space JSON and a final newline. */
export function reportBody(document: AlertDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function composeAlert(input: AlertInput, options: ComposeOptions = {}): ComposedAlert | undefined {
  const facts = alertFacts(input.findings);
  if (facts === undefined) return undefined;
  const limit = options.maxPublishBytes ?? SNS_MAX_PUBLISH_BYTES;
  const findings = [...facts.problems, ...facts.goodNews];

  const full = alertDocument(input, facts, findings, null);
  const whole = message(input, facts, full);
  const wholeBytes = snsPublishBytes(snsPublishRequest(whole));
  if (wholeBytes <= limit) return { message: whole, report: null, publishBytes: wholeBytes };

  const key = options.report?.key ?? reportKey(input.cluster, input.scannedAt);
  const location = options.report?.location ?? key;
  const body = reportBody(full);
  const pointer = { key, location, sha256: createHash('sha256').update(body, 'utf8').digest('hex'), bytes: Buffer.byteLength(body, 'utf8') };
  const summary = alertDocument(input, facts, null, pointer);
  // The line budget first; with none at all, only the counts, kinds and the report's location remain.
  for (const lineBudgetBytes of [options.summaryLineBytes ?? SUMMARY_LINE_BYTES, 0]) {
    const compact = message(input, facts, summary, { key: location, lineBudgetBytes });
    const bytes = snsPublishBytes(snsPublishRequest(compact));
    if (bytes <= limit) return { message: compact, report: { key, body }, publishBytes: bytes };
  }
  throw new NotifyError('too-large', key, `the alert for ${input.cluster.name} does not fit in ${limit} bytes even without its findings`);
}
