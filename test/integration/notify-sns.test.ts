// Alerts through a real SNS topic (moto) for a scripted drift sequence on a real apiserver: what
// reaches a raw SQS subscription, an enveloped one, and two filtered ones (severity critical|high;
// kinds containing violations-in-place, a String.Array attribute); nothing for an unchanged
// rescan; and a finding set past 256 KiB published as a summary pointing at its report in S3.
// The apiserver is this file's own, so the snapshots hold exactly the sequence's namespaces.

import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, DeleteTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../shared/drift/diff-snapshots.ts';
import type { Finding } from '../../shared/drift/finding.ts';
import { alertDocumentSchema, type AlertDocument } from '../../shared/notify/alert-document.ts';
import type { AlertMessage } from '../../shared/notify/alert-message.ts';
import { alertInputFor, composeAlert, reportBody } from '../../shared/notify/compose-alert.ts';
import type { NotifyReceipt } from '../../shared/notify/notifier.ts';
import { prepareAlert } from '../../shared/notify/publish-alert.ts';
import { createS3ReportSink } from '../../shared/notify/s3-report-sink.ts';
import { createSnsNotifier } from '../../shared/notify/sns-notifier.ts';
import { documentJson, SNS_MAX_PUBLISH_BYTES, snsMessageAttributes, snsPublishBytes, snsPublishRequest } from '../../shared/notify/sns-publish-request.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import { startServers, type Servers } from '../harness/servers.ts';
import { adminApis } from '../support/playbook/workloads.ts';
import { applyAndScan, DRIFT_CLUSTER, DRIFT_POD_SECURITY, DRIFT_STEPS, scanDriftCluster } from './notify-drift-sequence.ts';
import { inBatches, servers as sharedServers } from './support/kube.ts';

const BULK_NAMESPACES = 240;

function awsConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
  const endpoint = sharedServers().motoEndpoint;
  if (endpoint === undefined) throw new Error('the harness was started without moto');
  return { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

/** What shared/store would name the snapshot (issue 7's layout); the alert only carries it. */
function snapshotKeyOf(snapshot: ClusterSnapshot): string {
  const { account, region, name } = snapshot.cluster;
  return `snapshots/account=${account}/region=${region}/cluster=${name}/date=${snapshot.startedAt.slice(0, 10)}/${snapshot.startedAt.replace(/[-:]/g, '')}.json`;
}

interface Published {
  readonly step: string;
  readonly findings: readonly Finding[];
  readonly message: AlertMessage | undefined;
  readonly receipt: NotifyReceipt | undefined;
}

/** Every message in the queue (moto delivers during Publish, so nothing is in flight). */
async function drain(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
}

function documentOf(body: string | undefined): AlertDocument {
  return alertDocumentSchema.parse(JSON.parse(body ?? 'null'));
}

/** SQS's view of our attributes: DataType and StringValue, as a raw subscription receives them. */
function sqsAttributes(document: AlertDocument): Record<string, { DataType: string; StringValue: string }> {
  return Object.fromEntries(Object.entries(snsMessageAttributes(document)).map(([name, a]) => [name, { DataType: a.DataType, StringValue: a.StringValue }]));
}

describe('alerts for a drift sequence on a real apiserver, through SNS to SQS', () => {
  let servers: Servers;
  const sns = new SNSClient({ ...awsConfig(), maxAttempts: 1 });
  const sqs = new SQSClient(awsConfig());
  const s3 = new S3Client({ ...awsConfig(), forcePathStyle: true });
  const bucket = 'notify-sns-reports';
  let topicArn: string;
  const queues: Record<'raw' | 'envelope' | 'severe' | 'inPlace', string> = { raw: '', envelope: '', severe: '', inPlace: '' };
  const published: Published[] = [];
  const received: Record<keyof typeof queues, Message[]> = { raw: [], envelope: [], severe: [], inPlace: [] };
  // An HTTP subscriber on loopback: what SNS POSTs for the http protocol.
  const httpBodies: string[] = [];
  const httpSubscriber: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      httpBodies.push(body);
      response.end();
    });
  });
  let bulk: { findings: readonly Finding[]; message: AlertMessage; fullBytes: number; receipt: NotifyReceipt };

  beforeAll(async () => {
    servers = await startServers({ podSecurity: DRIFT_POD_SECURITY, moto: false });
    ({ TopicArn: topicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'notify-sns-drift' })));
    await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const subscriptions: Record<keyof typeof queues, Record<string, string>> = {
      raw: { RawMessageDelivery: 'true' },
      // moto stores a RawMessageDelivery given at Subscribe as the string, and "false" is truthy to it:
      // leave it out for the enveloped subscription (SNS's default is false).
      envelope: {},
      severe: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ severity: ['critical', 'high'] }) },
      inPlace: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ kinds: ['violations-in-place'] }) },
    };
    for (const [name, attributes] of Object.entries(subscriptions) as [keyof typeof queues, Record<string, string>][]) {
      const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: `notify-sns-${name}` }));
      queues[name] = QueueUrl;
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes?.['QueueArn'], Attributes: attributes }));
    }
    await new Promise<void>((resolve) => httpSubscriber.listen(0, '127.0.0.1', resolve));
    const { port } = httpSubscriber.address() as AddressInfo;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: `http://127.0.0.1:${port}/alerts` }));
    const notifier = createSnsNotifier({ client: sns, topicArn });
    const reportSink = createS3ReportSink({ client: s3, bucket });

    let previous: ClusterSnapshot | undefined;
    for (const step of DRIFT_STEPS) {
      const snapshot = await applyAndScan(step, servers);
      const findings = diffSnapshots(previous, snapshot);
      const message = await prepareAlert(alertInputFor(snapshot, findings, snapshotKeyOf(snapshot)), { reportSink });
      const receipt = message === undefined ? undefined : await notifier.notify(message);
      published.push({ step: step.name, findings, message, receipt });
      previous = snapshot;
    }

    // Past 256 KiB: a real scan with many new namespaces, each without an enforce label.
    const apis = adminApis(servers.adminKubeconfig);
    const names = Array.from({ length: BULK_NAMESPACES }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    await inBatches(names, 16, (name) => apis.core.createNamespace({ body: { metadata: { name } } }));
    const snapshot = await scanDriftCluster(servers);
    const findings = diffSnapshots(previous, snapshot);
    const input = alertInputFor(snapshot, findings, snapshotKeyOf(snapshot));
    const fullBytes = composeAlert(input, { maxPublishBytes: Number.MAX_SAFE_INTEGER })?.publishBytes ?? 0;
    const message = await prepareAlert(input, { reportSink });
    if (message === undefined) throw new Error('the bulk scan produced no alert');
    bulk = { findings, message, fullBytes, receipt: await notifier.notify(message) };

    for (const name of Object.keys(queues) as (keyof typeof queues)[]) received[name] = await drain(sqs, queues[name]);
  }, 600_000);

  afterAll(async () => {
    await servers?.stop();
    await new Promise((resolve) => httpSubscriber.close(resolve));
    for (const url of Object.values(queues)) if (url !== '') await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    if (topicArn !== undefined && topicArn !== '') await sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
  });

  const sent = (): Published[] => published.filter((p) => p.message !== undefined);
  const byScanTime = (a: Message, b: Message, read: (m: Message) => AlertDocument): number => read(a).scannedAt.localeCompare(read(b).scannedAt);

  it.each(DRIFT_STEPS.map((s) => [s.name, s.kinds] as const))('finds what the %s step changed', (name, kinds) => {
    const step = published.find((p) => p.step === name);
    const summaries = step?.findings.map((f) => `${f.severity} ${f.summary}`).join('\n');
    expect([...new Set(step?.findings.map((f) => f.kind))].sort(), summaries).toEqual([...kinds].sort());
    expect(step?.message?.document.kinds ?? []).toEqual(kinds);
  });

  it('publishes one message per scan with findings and nothing for the unchanged rescan', () => {
    expect(published.map((p) => [p.step, p.receipt?.channel ?? 'nothing'])).toEqual([
      ['baseline', 'sns'],
      ['relabel', 'sns'],
      ['violate', 'sns'],
      ['fix', 'sns'],
      ['unchanged', 'nothing'],
    ]);
    expect(sent().every((p) => p.receipt?.channel === 'sns' && p.receipt.attempts === 1 && p.receipt.messageId !== '')).toBe(true);
  });

  it('writes subjects a pager can show: severity, cluster, count, the worst kind', () => {
    expect(sent().map((p) => p.message?.subject)).toEqual([
      '[INFO] psa 123456789012/eu-west-1/payments: 1 finding (baseline)',
      '[CRITICAL] psa 123456789012/eu-west-1/payments: 2 findings (enforcement removed, +1 kinds)',
      '[HIGH] psa 123456789012/eu-west-1/payments: 2 findings (violations in place, +1 kinds)',
      '[INFO] psa 123456789012/eu-west-1/payments: 3 findings (ready to promote, +1 kinds)',
    ]);
  });

  it('delivers the document and the attributes, byte for byte, to a raw SQS subscription', () => {
    const messages = [...received.raw].sort((a, b) => byScanTime(a, b, (m) => documentOf(m.Body)));
    const expected = [...sent(), { message: bulk.message }];
    expect(messages.map((m) => m.Body)).toEqual(expected.map((p) => documentJson((p.message as AlertMessage).document)));
    expect(messages.map((m) => m.MessageAttributes)).toEqual(expected.map((p) => sqsAttributes((p.message as AlertMessage).document)));
    const relabel = documentOf(messages[1]?.Body);
    expect(relabel).toMatchObject({
      cluster: DRIFT_CLUSTER,
      highestSeverity: 'critical',
      goodNewsOnly: false,
      findingCount: 2,
      counts: { critical: 1, high: 0, medium: 0, low: 0, info: 1 },
      report: null,
    });
    expect(relabel.findings?.map((f) => [f.kind, f.namespace])).toEqual([
      ['enforcement-removed', 'web'],
      ['ready-to-promote', 'web'],
    ]);
    expect(messages[1]?.MessageAttributes?.['kinds']).toEqual({ DataType: 'String.Array', StringValue: '["enforcement-removed","ready-to-promote"]' });
  });

  it('wraps the same document in the SNS envelope, with subject and attributes, for a subscription without raw delivery', () => {
    const envelopes = received.envelope.map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
    envelopes.sort((a, b) => documentOf(a['Message'] as string).scannedAt.localeCompare(documentOf(b['Message'] as string).scannedAt));
    const expected = [...sent().map((p) => p.message as AlertMessage), bulk.message];
    expect(envelopes.map((e) => [e['Type'], e['TopicArn'], e['Subject'], e['Message']])).toEqual(
      expected.map((m) => ['Notification', topicArn, m.subject, documentJson(m.document)]),
    );
    expect(envelopes.map((e) => e['MessageAttributes'])).toEqual(
      expected.map((m) => Object.fromEntries(Object.entries(snsMessageAttributes(m.document)).map(([name, a]) => [name, { Type: a.DataType, Value: a.StringValue }]))),
    );
    // No SQS message attributes outside the envelope: SNS adds them only with raw delivery.
    expect(received.envelope.every((m) => m.MessageAttributes === undefined)).toBe(true);
  });

  it('posts the document to an HTTP subscriber', () => {
    const expected = [...sent().map((p) => p.message as AlertMessage), bulk.message];
    const posted = httpBodies.map((body) => JSON.parse(body) as Record<string, unknown>);
    expect(posted.map((e) => [e['Type'], e['Subject'], e['Message']])).toEqual(expected.map((m) => ['Notification', m.subject, documentJson(m.document)]));
  });

  it('lets a severity filter policy through only critical and high alerts', () => {
    expect(received.severe.map((m) => documentOf(m.Body).highestSeverity).sort()).toEqual(['critical', 'high']);
  });

  it('matches a filter policy against the String.Array of kinds', () => {
    expect(received.inPlace.map((m) => documentOf(m.Body).kinds)).toEqual([['violations-in-place', 'target-violations-new']]);
  });

  it('says on a phone what changed, worst first, what to do once per kind, the snapshot, and good news last', () => {
    const violate = sent().find((p) => p.step === 'violate');
    const text = violate?.message?.text ?? '';
    const key = violate?.message?.document.snapshotKey;
    expect(text.split('\n')).toEqual([
      'Cluster: payments (account 123456789012, region eu-west-1)',
      `Scanned: ${violate?.message?.document.scannedAt}`,
      'Findings: 2 (1 high, 1 medium)',
      '',
      'HIGH     legacy: 1 pod and 1 template violate the enforce level baseline:latest (Deployment/monolith)',
      'MEDIUM   shop: Pod/debug would be rejected at the target restricted:latest',
      '',
      'What to do:',
      '- Pods violate the enforce level in place: Fix the workloads named in the evidence and roll them out; PodSecurity rejects their next pods.',
      '- New violations at the target level: Fix the workloads named in the evidence before the namespace is promoted.',
      '',
      `Snapshot: ${key}`,
      '',
    ]);
    const fix = sent().find((p) => p.step === 'fix')?.message?.text ?? '';
    expect(fix.indexOf('Good news:')).toBeGreaterThan(fix.indexOf('Snapshot:'));
    expect(fix).not.toContain('What to do:');
  });

  it('publishes a finding set past 256 KiB as its summary and the key of the full report in S3', async () => {
    expect(bulk.findings).toHaveLength(BULK_NAMESPACES);
    expect(bulk.fullBytes).toBeGreaterThan(SNS_MAX_PUBLISH_BYTES);
    const request = snsPublishRequest(bulk.message);
    expect(snsPublishBytes(request)).toBeLessThanOrEqual(SNS_MAX_PUBLISH_BYTES);
    const summary = documentOf(received.raw.find((m) => documentOf(m.Body).report !== null)?.Body);
    expect(summary).toMatchObject({ findingCount: BULK_NAMESPACES, findings: null, kinds: ['unlabelled-namespace-new'], highestSeverity: 'medium' });
    const key = summary.report?.key ?? '';
    expect(summary.report?.location).toBe(`s3://${bucket}/${key}`);
    expect(key).toMatch(/^reports\/account=123456789012\/region=eu-west-1\/cluster=payments\/date=\d{4}-\d\d-\d\d\/\d{8}T\d{6}\.\d{3}Z\.json$/);

    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = (await object.Body?.transformToString('utf-8')) ?? '';
    expect(createHash('sha256').update(body).digest('hex')).toBe(summary.report?.sha256);
    expect(Buffer.byteLength(body)).toBe(summary.report?.bytes);
    const full = alertDocumentSchema.parse(JSON.parse(body));
    expect(full.findings).toEqual(bulk.findings);
    expect(body).toBe(reportBody(full));
    expect(bulk.message.text).toContain(`Full report: s3://${bucket}/${key}\n`);
    expect(bulk.message.text).toMatch(/\n\d+ more findings are in the full report\.\n/);
  });

  it('is refused by SNS when the whole finding set is published as one message', async () => {
    const input = { cluster: DRIFT_CLUSTER, findings: bulk.findings, scannedAt: bulk.message.document.scannedAt, snapshotKey: null };
    const whole = composeAlert(input, { maxPublishBytes: Number.MAX_SAFE_INTEGER });
    if (whole === undefined) throw new Error('no alert');
    const request = snsPublishRequest(whole.message);
    const error = await sns.send(new PublishCommand({ TopicArn: topicArn, ...request, MessageAttributes: { ...request.MessageAttributes } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('Message too long') });
  });
});
