import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alertDocumentSchema } from './alert-document.ts';
import { composeAlert, reportBody, type ComposedAlert } from './compose-alert.ts';
import { NotifyError } from './notifier.ts';
import { recordedAlertInput } from '../../test/support/recorded-drift.ts';
import { reportKey } from './report-key.ts';
import { SNS_MAX_PUBLISH_BYTES, snsPublishBytes, snsPublishRequest } from './sns-publish-request.ts';

function composed(result: ComposedAlert | undefined): ComposedAlert {
  if (result === undefined) throw new Error('no alert');
  return result;
}

describe('composeAlert', () => {
  it('makes no alert for a rescan that found nothing', () => {
    const input = recordedAlertInput('unchanged');
    expect(input.findings).toEqual([]);
    expect(composeAlert(input)).toBeUndefined();
  });

  it('makes one for findings that are only good news, at severity info', () => {
    const { message, report } = composed(composeAlert(recordedAlertInput('fix')));
    expect(report).toBeNull();
    expect(message.document).toMatchObject({ highestSeverity: 'info', goodNewsOnly: true, findingCount: 3, kinds: ['ready-to-promote', 'violations-resolved'] });
  });

  it('carries every finding, worst first, in a document the schema accepts', () => {
    const input = recordedAlertInput('violate');
    const { message, publishBytes } = composed(composeAlert(input));
    const document = alertDocumentSchema.parse(JSON.parse(JSON.stringify(message.document)));
    expect(document).toEqual(message.document);
    expect(document.findings?.map((f) => [f.severity, f.kind, f.namespace])).toEqual([
      ['high', 'violations-in-place', 'legacy'],
      ['medium', 'target-violations-new', 'shop'],
    ]);
    expect(document).toMatchObject({
      apiVersion: 'psa-fleet-scanner/v1',
      kind: 'DriftAlert',
      cluster: { account: '123456789012', region: 'eu-west-1', name: 'payments' },
      scannedAt: input.scannedAt,
      snapshotKey: input.snapshotKey,
      counts: { critical: 0, high: 1, medium: 1, low: 0, info: 0 },
      report: null,
    });
    expect(publishBytes).toBe(snsPublishBytes(snsPublishRequest(message)));
    expect(message.short).toBe(message.subject);
  });

  it('publishes everything at exactly the limit and moves the findings to a report one byte below it', () => {
    const input = recordedAlertInput('violate');
    const whole = composed(composeAlert(input, { maxPublishBytes: Number.MAX_SAFE_INTEGER }));
    expect(composed(composeAlert(input, { maxPublishBytes: whole.publishBytes })).report).toBeNull();

    const split = composed(composeAlert(input, { maxPublishBytes: whole.publishBytes - 1 }));
    const key = reportKey(input.cluster, input.scannedAt);
    expect(split.report?.key).toBe(key);
    expect(split.publishBytes).toBeLessThanOrEqual(whole.publishBytes - 1);
    const body = split.report?.body ?? '';
    expect(body).toBe(reportBody(whole.message.document));
    expect(split.message.document).toEqual({
      ...whole.message.document,
      findings: null,
      report: { key, location: key, sha256: createHash('sha256').update(body).digest('hex'), bytes: Buffer.byteLength(body) },
    });
    expect(split.message.subject).toBe(whole.message.subject);
  });

  it('keeps as many finding lines as the budget holds, then only the counts when even that is too big', () => {
    const input = recordedAlertInput('violate');
    const whole = composed(composeAlert(input, { maxPublishBytes: Number.MAX_SAFE_INTEGER }));
    const withLines = composed(composeAlert(input, { maxPublishBytes: whole.publishBytes - 1, report: { key: 'r.json', location: 's3://bucket/r.json' } }));
    expect(withLines.message.text).toContain('\nHIGH     legacy: ');
    expect(withLines.message.text).toContain('\nFull report: s3://bucket/r.json\n');
    expect(withLines.message.document.report?.location).toBe('s3://bucket/r.json');

    const tight = composed(composeAlert(input, { maxPublishBytes: withLines.publishBytes - 1, report: { key: 'r.json', location: 's3://bucket/r.json' } }));
    expect(tight.message.text).not.toContain('\nHIGH     ');
    expect(tight.message.text).toContain('\n2 more findings are in the full report.\n');
    expect(tight.publishBytes).toBeLessThan(withLines.publishBytes);
  });

  it('fails with a typed error when not even the summary fits', () => {
    const error = (() => {
      try {
        composeAlert(recordedAlertInput('violate'), { maxPublishBytes: 500 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NotifyError);
    expect(error).toMatchObject({ failure: 'too-large' });
  });

  it('stays far below the SNS limit for an ordinary scan', () => {
    expect(composed(composeAlert(recordedAlertInput('relabel'))).publishBytes).toBeLessThan(SNS_MAX_PUBLISH_BYTES / 10);
  });
});
