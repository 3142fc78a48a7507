// The decorator's decisions over in-memory ports; the S3 ledger itself runs against moto in
// test/e2e/fleet-flow.test.ts.
import { describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../shared/notify/alert-message.ts';
import { NotifyError, type Notifier, type NotifyReceipt } from '../../shared/notify/notifier.ts';
import { ledgeredNotifier, type AlertLedger, type LedgerEntry } from './ledgered-notifier.ts';

const RECEIPT: NotifyReceipt = { channel: 'sns', topicArn: 'arn:aws:sns:eu-west-1:111122223333:alerts', messageId: 'm-1', attempts: 1 };
const NOW = new Date('2026-11-29T02:03:00.000Z');

function message(snapshotKey: string | null): AlertMessage {
  return { subject: 's', lines: [], text: '', short: '', document: { snapshotKey } } as unknown as AlertMessage;
}

function memoryLedger(failWrites = false): AlertLedger & { entries: Map<string, LedgerEntry> } {
  const entries = new Map<string, LedgerEntry>();
  return {
    entries,
    sent: async (key) => entries.get(key),
    record: async (entry) => {
      if (failWrites) throw new Error('S3 503');
      if (!entries.has(entry.snapshotKey)) entries.set(entry.snapshotKey, entry);
    },
  };
}

function countingNotifier(fail?: Error): Notifier & { sent: AlertMessage[] } {
  const sent: AlertMessage[] = [];
  return {
    sent,
    notify: async (m) => {
      if (fail !== undefined) throw fail;
      sent.push(m);
      return RECEIPT;
    },
  };
}

describe('ledgeredNotifier', () => {
  it('publishes a snapshot\'s alert once and remembers it; a retry gets the first receipt back', async () => {
    const inner = countingNotifier();
    const ledger = memoryLedger();
    const skipped: LedgerEntry[] = [];
    const notifier = ledgeredNotifier(inner, ledger, { alreadySent: (e) => skipped.push(e) }, () => NOW);

    expect(await notifier.notify(message('snapshots/a.json'))).toEqual(RECEIPT);
    expect(await notifier.notify(message('snapshots/a.json'))).toEqual(RECEIPT);

    expect(inner.sent).toHaveLength(1);
    expect(ledger.entries.get('snapshots/a.json')).toEqual({ snapshotKey: 'snapshots/a.json', receipt: RECEIPT, sentAt: NOW.toISOString() });
    expect(skipped.map((e) => e.snapshotKey)).toEqual(['snapshots/a.json']);
  });

  it('keeps apart the alerts of different snapshots', async () => {
    const inner = countingNotifier();
    const notifier = ledgeredNotifier(inner, memoryLedger());

    await notifier.notify(message('snapshots/a.json'));
    await notifier.notify(message('snapshots/b.json'));

    expect(inner.sent).toHaveLength(2);
  });

  it('remembers nothing when the publish fails, so the retry publishes', async () => {
    const ledger = memoryLedger();
    const failure = new NotifyError('throttled', RECEIPT.channel, 'SNS throttled');

    await expect(ledgeredNotifier(countingNotifier(failure), ledger).notify(message('snapshots/a.json'))).rejects.toBe(failure);

    expect(ledger.entries.size).toBe(0);
  });

  it('does not fail an alert that went out when the ledger cannot be written: it says so', async () => {
    const failedKeys: string[] = [];
    const notifier = ledgeredNotifier(countingNotifier(), memoryLedger(true), { recordFailed: (key) => failedKeys.push(key) });

    expect(await notifier.notify(message('snapshots/a.json'))).toEqual(RECEIPT);
    expect(failedKeys).toEqual(['snapshots/a.json']);
  });

  it('passes an alert about no stored snapshot straight through', async () => {
    const inner = countingNotifier();
    const ledger = memoryLedger();

    await ledgeredNotifier(inner, ledger).notify(message(null));
    await ledgeredNotifier(inner, ledger).notify(message(null));

    expect(inner.sent).toHaveLength(2);
    expect(ledger.entries.size).toBe(0);
  });
});
