// What Lambda's SQS event source mapping does, against moto: receive up to ten messages, hand them
// to the function as one SQS event, delete the records the partial batch response does not name,
// leave the rest to come back after the visibility timeout. After maxReceiveCount receives the
// queue's own redrive policy moves a message to the DLQ (moto does it on a later receive, as SQS).
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface DeliveredBatch {
  readonly records: readonly SQSRecord[];
  /** Message ids the function reported as failed (they stay on the queue). */
  readonly failed: readonly string[];
  /** The invocation itself failed (Lambda then returns the whole batch to the queue). */
  readonly error?: string;
}

export interface DrainOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly invoke: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** Gives up (throws) when the queue is not empty by then. */
  readonly timeoutMs: number;
  /** Messages per SQS event, 1-10 (the mapping's batchSize); default 10. The stack sets 1. */
  readonly batchSize?: number;
}

function recordOf(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes['ApproximateReceiveCount'] ?? '1',
      SentTimestamp: attributes['SentTimestamp'] ?? String(Date.now()),
      SenderId: attributes['SenderId'] ?? '',
      ApproximateFirstReceiveTimestamp: attributes['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType ?? 'String', ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }), stringListValues: [], binaryListValues: [] },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

async function messagesLeft(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes['ApproximateNumberOfMessages'] ?? 0) + Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0);
}

/** Delivers batches until the queue is empty (every message deleted or moved to the DLQ). */
export async function drainQueue(options: DrainOptions): Promise<DeliveredBatch[]> {
  const { sqs, queueUrl } = options;
  const deadline = Date.now() + options.timeoutMs;
  const batches: DeliveredBatch[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: options.batchSize ?? 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) {
      if ((await messagesLeft(sqs, queueUrl)) === 0) return batches;
      if (Date.now() > deadline) throw new Error(`${queueUrl} still holds messages after ${options.timeoutMs} ms`);
      continue;
    }
    const records = Messages.map((m) => recordOf(m, options.queueArn, options.region));
    let failed: Set<string>;
    let error: string | undefined;
    try {
      const response = await options.invoke({ Records: records });
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch (invokeError) {
      failed = new Set(records.map((r) => r.messageId));
      error = (invokeError as Error).message;
    }
    const done = records.filter((r) => !failed.has(r.messageId));
    if (done.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })) }));
    }
    batches.push({ records, failed: [...failed], ...(error === undefined ? {} : { error }) });
  }
}
