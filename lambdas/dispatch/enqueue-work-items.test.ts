// SendMessageBatch answering with some entries refused: moto never does that, so an in-process
// client stands in for SQS here (the happy path runs against moto in test/e2e/fleet-flow.test.ts).
import { SendMessageBatchCommand, type SendMessageBatchCommandOutput, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { WorkItem } from '../common/work-item.ts';
import { enqueueWorkItems, inBatches } from './enqueue-work-items.ts';

const items = (n: number): WorkItem[] =>
  Array.from({ length: n }, (_, i) => ({ runId: '2026-11-29T02:00:00.000Z', cluster: { account: '111122223333', region: 'eu-west-1', name: `c${i}` } }));

/** Answers each SendMessageBatch with `answer(entries, call)`; records the cluster names of every call. */
function fakeSqs(answer: (ids: string[], call: number) => Pick<SendMessageBatchCommandOutput, 'Successful' | 'Failed'>): { client: SQSClient; calls: string[][] } {
  const calls: string[][] = [];
  const client = {
    send: async (command: SendMessageBatchCommand) => {
      const entries = command.input.Entries ?? [];
      calls.push(entries.map((e) => (JSON.parse(e.MessageBody ?? '{}') as WorkItem).cluster.name));
      return answer(entries.map((e) => e.Id ?? ''), calls.length);
    },
  } as unknown as SQSClient;
  return { client, calls };
}

describe('enqueueWorkItems', () => {
  it('cuts the work into batches of ten', () => {
    expect(inBatches(items(23)).map((b) => b.length)).toEqual([10, 10, 3]);
    expect(inBatches([])).toEqual([]);
  });

  it('sends again only the entries SQS refused without blaming the sender, and reports those it kept refusing', async () => {
    const sqs = fakeSqs((ids, call) => {
      if (call === 1) {
        return {
          Successful: ids.slice(2).map((Id) => ({ Id, MessageId: Id, MD5OfMessageBody: '' })),
          Failed: [
            { Id: ids[0] ?? '', Code: 'InternalError', SenderFault: false, Message: 'try again' },
            { Id: ids[1] ?? '', Code: 'InvalidParameterValue', SenderFault: true, Message: 'too big' },
          ],
        };
      }
      return { Successful: ids.map((Id) => ({ Id, MessageId: Id, MD5OfMessageBody: '' })), Failed: [] };
    });

    const result = await enqueueWorkItems(sqs.client, 'https://sqs.eu-west-1.amazonaws.com/111122223333/q', items(4));

    expect(sqs.calls).toEqual([['c0', 'c1', 'c2', 'c3'], ['c0']]);
    expect(result.enqueued).toBe(3);
    expect(result.failed.map((f) => [f.item.cluster.name, f.message])).toEqual([['c1', 'InvalidParameterValue: too big']]);
  });

  it('gives up on an entry after three refusals, and on a whole batch when the call itself fails', async () => {
    const throttled = fakeSqs((ids) => ({ Successful: [], Failed: ids.map((Id) => ({ Id, Code: 'ThrottlingException', SenderFault: false, Message: 'slow down' })) }));
    const refused = await enqueueWorkItems(throttled.client, 'q', items(1));
    expect(throttled.calls).toHaveLength(3);
    expect(refused).toEqual({ enqueued: 0, failed: [{ item: items(1)[0], message: 'ThrottlingException: slow down' }] });

    const down = { send: async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' })) } as unknown as SQSClient;
    const failed = await enqueueWorkItems(down, 'q', items(12));
    expect(failed.enqueued).toBe(0);
    expect(failed.failed.map((f) => f.message)).toEqual(Array.from({ length: 12 }, () => 'SendMessageBatch failed: Error: connect ECONNREFUSED'));
  });
});
