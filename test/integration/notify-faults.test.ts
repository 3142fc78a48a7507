// Publishing failures: SNS (moto) refusing for good (a topic that does not exist), SNS gone (this
// file's own moto, stopped mid-run), and throttling and 5xx answers, which moto never gives: those
// come from a small proxy in front of moto that answers the first requests itself, the way SNS's
// Query protocol words them, and forwards the rest. Retried where it makes sense, then NotifyError
// with the SDK's error as its cause.

import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../shared/notify/alert-message.ts';
import { composeAlert } from '../../shared/notify/compose-alert.ts';
import { NotifyError } from '../../shared/notify/notifier.ts';
import { recordedAlertInput } from '../support/recorded-drift.ts';
import { createSnsNotifier } from '../../shared/notify/sns-notifier.ts';
import { documentJson } from '../../shared/notify/sns-publish-request.ts';
import { startMoto, type MotoServer } from '../harness/moto/moto-server.ts';
import { stopServer } from '../harness/servers-process.ts';
import { servers } from './support/kube.ts';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const FAST_RETRY = { maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 50 };

function motoEndpoint(): string {
  const endpoint = servers().motoEndpoint;
  if (endpoint === undefined) throw new Error('the harness was started without moto');
  return endpoint;
}

/** One SDK attempt per call: the notifier's own retry policy is what is under test. */
function snsClient(endpoint: string): SNSClient {
  return new SNSClient({ endpoint, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 });
}

const message: AlertMessage = (() => {
  const composed = composeAlert(recordedAlertInput('violate'));
  if (composed === undefined) throw new Error('no alert');
  return composed.message;
})();

interface Fault {
  readonly status: number;
  readonly code: string;
}

/** Answers with `faults` (one per request) while any are left, then forwards to moto. */
class FaultProxy {
  readonly server: Server;
  readonly faults: Fault[] = [];
  requests = 0;

  constructor(target: string) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests++;
        const fault = this.faults.shift();
        if (fault !== undefined) {
          // The Query protocol's error document (what SNS answers; the SDK reads Code from it).
          response.writeHead(fault.status, { 'content-type': 'text/xml' });
          response.end(`<ErrorResponse><Error><Type>${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${fault.code}</Code><Message>injected ${fault.code}</Message></Error><RequestId>fault-${this.requests}</RequestId></ErrorResponse>`);
          return;
        }
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
        fetch(`${target}${request.url ?? '/'}`, { method: request.method ?? 'POST', headers, body: Buffer.concat(chunks) })
          .then(async (answer) => {
            response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/xml' });
            response.end(Buffer.from(await answer.arrayBuffer()));
          })
          .catch((error: unknown) => {
            response.writeHead(502);
            response.end(String(error));
          });
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

async function topicWithQueue(endpoint: string, name: string): Promise<{ topicArn: string; queueUrl: string; sqs: SQSClient }> {
  const sns = snsClient(endpoint);
  const sqs = new SQSClient({ endpoint, region: 'eu-west-1', credentials: CREDENTIALS });
  const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.['QueueArn'], Attributes: { RawMessageDelivery: 'true' } }));
  return { topicArn: TopicArn, queueUrl: QueueUrl, sqs };
}

async function bodies(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return all.map((m) => m.Body ?? '');
    all.push(...Messages);
  }
}

async function failure(promise: Promise<unknown>): Promise<NotifyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof NotifyError)) throw new Error(`expected a NotifyError, got ${String(error)}`);
  return error;
}

describe('publishing through throttling and 5xx answers', () => {
  const proxy = new FaultProxy(motoEndpoint());
  let proxyUrl: string;
  let topic: { topicArn: string; queueUrl: string; sqs: SQSClient };

  beforeAll(async () => {
    proxyUrl = await proxy.start();
    topic = await topicWithQueue(motoEndpoint(), 'notify-faults-retry');
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.server.close(resolve));
  });

  it('retries throttling and a 5xx, then delivers the message once', async () => {
    proxy.faults.push({ status: 429, code: 'Throttled' }, { status: 503, code: 'ServiceUnavailable' }, { status: 500, code: 'InternalError' });
    proxy.requests = 0;
    const receipt = await createSnsNotifier({ client: snsClient(proxyUrl), topicArn: topic.topicArn, retry: FAST_RETRY }).notify(message);
    expect(receipt).toMatchObject({ channel: 'sns', topicArn: topic.topicArn, attempts: 4 });
    expect(proxy.requests).toBe(4);
    expect(await bodies(topic.sqs, topic.queueUrl)).toEqual([documentJson(message.document)]);
  });

  it('gives up after its attempts while throttled, with a typed error that keeps the cause', async () => {
    proxy.faults.push(...Array.from({ length: 4 }, () => ({ status: 429, code: 'Throttled' })));
    proxy.requests = 0;
    const error = await failure(createSnsNotifier({ client: snsClient(proxyUrl), topicArn: topic.topicArn, retry: FAST_RETRY }).notify(message));
    expect(error).toMatchObject({ failure: 'throttled', target: topic.topicArn, attempts: 4 });
    expect(error.cause).toMatchObject({ name: 'ThrottledException', $metadata: { httpStatusCode: 429 } });
    expect(error.message).toContain('(throttled, 4 attempts)');
    expect(proxy.requests).toBe(4);
    expect(await bodies(topic.sqs, topic.queueUrl)).toEqual([]);
  });

  it('gives up after its attempts on 5xx answers', async () => {
    proxy.faults.push(...Array.from({ length: 2 }, () => ({ status: 500, code: 'InternalError' })));
    proxy.requests = 0;
    const error = await failure(createSnsNotifier({ client: snsClient(proxyUrl), topicArn: topic.topicArn, retry: { ...FAST_RETRY, maxAttempts: 2 } }).notify(message));
    expect(error).toMatchObject({ failure: 'server-error', attempts: 2 });
    expect(error.cause).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(proxy.requests).toBe(2);
  });
});

describe('publishing to a topic that does not exist', () => {
  it('fails at once with the SNS error as the cause: a retry would get the same answer', async () => {
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:notify-faults-no-such-topic';
    const error = await failure(createSnsNotifier({ client: snsClient(motoEndpoint()), topicArn, retry: FAST_RETRY }).notify(message));
    expect(error).toMatchObject({ name: 'NotifyError', failure: 'rejected', target: topicArn, attempts: 1 });
    expect(error.cause).toMatchObject({ name: 'NotFoundException', $metadata: { httpStatusCode: 404 } });
    expect(error.message).toContain(topicArn);
  });
});

describe('publishing while SNS is gone', () => {
  let directory: string;
  let moto: MotoServer;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'notify-faults-moto-'));
    moto = await startMoto(directory, false);
  });
  afterAll(async () => {
    if (moto !== undefined && !moto.process.hasExited()) await stopServer(moto.process);
    await rm(directory, { recursive: true, force: true });
  });

  it('publishes while moto runs, then retries and fails with a typed error once it is stopped', async () => {
    const topic = await topicWithQueue(moto.endpoint, 'notify-faults-gone');
    const notifier = createSnsNotifier({ client: snsClient(moto.endpoint), topicArn: topic.topicArn, retry: { ...FAST_RETRY, maxAttempts: 3 } });
    expect(await notifier.notify(message)).toMatchObject({ channel: 'sns', attempts: 1 });
    expect(await bodies(topic.sqs, topic.queueUrl)).toEqual([documentJson(message.document)]);

    await stopServer(moto.process);
    const error = await failure(notifier.notify(message));
    expect(error).toMatchObject({ failure: 'unreachable', attempts: 3 });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
