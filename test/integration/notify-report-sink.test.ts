// The S3 report sink on moto: a report is created once and never replaced (If-None-Match: *), the
// same bytes again are accepted, SSE-KMS is asked for when configured, and a report that cannot be
// written stops the alert before anything is published.

import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeAlert } from '../../shared/notify/compose-alert.ts';
import { NotifyError } from '../../shared/notify/notifier.ts';
import { publishAlert } from '../../shared/notify/publish-alert.ts';
import { recordedAlertInput } from '../support/recorded-drift.ts';
import { createS3ReportSink, ReportExistsError } from '../../shared/notify/s3-report-sink.ts';
import { createSnsNotifier } from '../../shared/notify/sns-notifier.ts';
import { servers } from './support/kube.ts';

function awsConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
  const endpoint = servers().motoEndpoint;
  if (endpoint === undefined) throw new Error('the harness was started without moto');
  return { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

const BUCKET = 'notify-report-sink';

describe('the S3 report sink', () => {
  const s3 = new S3Client({ ...awsConfig(), forcePathStyle: true });

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  });

  async function read(key: string): Promise<{ body: string; contentType: string | undefined }> {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { body: (await object.Body?.transformToString('utf-8')) ?? '', contentType: object.ContentType };
  }

  it('writes the report as JSON under the prefix and says where it is', async () => {
    const sink = createS3ReportSink({ client: s3, bucket: BUCKET, prefix: 'psa/' });
    await sink.put('reports/a.json', '{"a":1}\n');
    expect(sink.locate('reports/a.json')).toBe(`s3://${BUCKET}/psa/reports/a.json`);
    expect(await read('psa/reports/a.json')).toEqual({ body: '{"a":1}\n', contentType: 'application/json' });
  });

  it('accepts the same bytes again and never replaces a report', async () => {
    const sink = createS3ReportSink({ client: s3, bucket: BUCKET });
    await sink.put('reports/b.json', 'one\n');
    await sink.put('reports/b.json', 'one\n');
    const error = await sink.put('reports/b.json', 'two\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportExistsError);
    expect((error as ReportExistsError).location).toBe(`s3://${BUCKET}/reports/b.json`);
    expect((await read('reports/b.json')).body).toBe('one\n');
  });

  it('asks for SSE-KMS with the configured key', async () => {
    const kmsKeyId = 'arn:aws:kms:eu-west-1:123456789012:key/notify-report-sink';
    await createS3ReportSink({ client: s3, bucket: BUCKET, kmsKeyId }).put('reports/c.json', '{}\n');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'reports/c.json' }));
    expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms', kmsKeyId]);
  });

  it('stops the alert, before anything is published, when the report cannot be written', async () => {
    const sns = new SNSClient({ ...awsConfig(), maxAttempts: 1 });
    const sqs = new SQSClient(awsConfig());
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'notify-report-sink' }));
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'notify-report-sink' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.['QueueArn'], Attributes: { RawMessageDelivery: 'true' } }));

    const input = recordedAlertInput('violate');
    const tooSmall = (composeAlert(input, { maxPublishBytes: Number.MAX_SAFE_INTEGER })?.publishBytes ?? 0) - 1;
    const sink = createS3ReportSink({ client: s3, bucket: 'notify-report-sink-missing' });
    const error = await publishAlert(input, createSnsNotifier({ client: sns, topicArn: TopicArn }), { reportSink: sink, maxPublishBytes: tooSmall }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotifyError);
    expect(error).toMatchObject({ failure: 'report', target: expect.stringMatching(/^s3:\/\/notify-report-sink-missing\/reports\/account=123456789012\//) });
    expect((error as Error).cause).toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    expect(Messages).toEqual([]);
  });
});
