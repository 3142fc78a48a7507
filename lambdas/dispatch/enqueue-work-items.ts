// Work items onto the queue: SendMessageBatch ten at a time (SQS's limit per call). SendMessageBatch
// can accept some entries and refuse others in one answer: refused entries that are not the
// sender's fault (throttling, an internal error) are sent again, twice at most; whatever is still
// refused comes back, with SQS's reason, for the caller to report.
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { workItemAttributes, workItemBody, type WorkItem } from '../common/work-item.ts';

/** SendMessageBatch takes at most 10 entries. */
export const SQS_BATCH_SIZE = 10;
const ATTEMPTS = 3;
const BATCHES_AT_ONCE = 8;

export interface EnqueueFailure {
  readonly item: WorkItem;
  readonly message: string;
}

export interface EnqueueResult {
  readonly enqueued: number;
  readonly failed: readonly EnqueueFailure[];
}

export function inBatches<T>(items: readonly T[], size = SQS_BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

function entryOf(item: WorkItem, id: number): SendMessageBatchRequestEntry {
  return { Id: String(id), MessageBody: workItemBody(item), MessageAttributes: workItemAttributes(item) };
}

async function sendBatch(sqs: SQSClient, queueUrl: string, batch: readonly WorkItem[]): Promise<EnqueueResult> {
  let pending = batch.map((item, id) => ({ item, id }));
  let enqueued = 0;
  const failed: EnqueueFailure[] = [];
  for (let attempt = 1; pending.length > 0; attempt++) {
    let answer;
    try {
      answer = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((p) => entryOf(p.item, p.id)) }));
    } catch (error) {
      // The SDK has retried the call already: the whole batch is refused.
      failed.push(...pending.map((p) => ({ item: p.item, message: `SendMessageBatch failed: ${(error as Error).name}: ${(error as Error).message}` })));
      break;
    }
    enqueued += answer.Successful?.length ?? 0;
    const retry: typeof pending = [];
    for (const refusal of answer.Failed ?? []) {
      const entry = pending.find((p) => String(p.id) === refusal.Id);
      if (entry === undefined) continue;
      const message = `${refusal.Code ?? 'error'}: ${refusal.Message ?? 'refused'}`;
      if (refusal.SenderFault === true || attempt >= ATTEMPTS) failed.push({ item: entry.item, message });
      else retry.push(entry);
    }
    pending = retry;
    if (pending.length > 0) await sleep(100 * 2 ** attempt);
  }
  return { enqueued, failed };
}

export async function enqueueWorkItems(sqs: SQSClient, queueUrl: string, items: readonly WorkItem[]): Promise<EnqueueResult> {
  // A few calls at once: 1000 clusters are 100 calls, too slow one after another, and SQS takes
  // far more than this from one sender.
  const limit = pLimit(BATCHES_AT_ONCE);
  const results = await Promise.all(inBatches(items).map((batch) => limit(() => sendBatch(sqs, queueUrl, batch))));
  return { enqueued: results.reduce((sum, r) => sum + r.enqueued, 0), failed: results.flatMap((r) => r.failed) };
}
