import { describe, expect, it } from 'vitest';
import { operationsAlertRequest, type OperationsAlertInput } from './operations-alert.ts';

const DISCOVERY: OperationsAlertInput = {
  runId: '2026-11-29T02:00:00.000Z',
  source: 'dispatch',
  problems: [
    { kind: 'discovery-failed', account: '111122223333', region: 'eu-west-1', roleArn: 'arn:aws:iam::111122223333:role/psa-scanner', step: 'credentials', message: 'AccessDenied: not authorized to perform sts:AssumeRole' },
    { kind: 'discovery-failed', account: '444455556666', region: 'us-east-2', cluster: 'payments', step: 'describe-cluster', message: 'ThrottlingException' },
  ],
};

describe('operationsAlertRequest', () => {
  it('gives people text and subscribers the JSON document, per protocol', () => {
    const request = operationsAlertRequest(DISCOVERY);
    const message = JSON.parse(request.Message) as Record<string, string>;

    expect(request.Subject).toBe('[HIGH] psa fleet discovery failed in 2 places');
    expect(request.MessageStructure).toBe('json');
    expect(message['default']).toBe(
      [
        'Fleet run: 2026-11-29T02:00:00.000Z (dispatch)',
        'Problems: 2',
        '',
        '- not searched (credentials): account 111122223333, region eu-west-1: AccessDenied: not authorized to perform sts:AssumeRole',
        '- not searched (describe-cluster): account 444455556666, region us-east-2, cluster payments: ThrottlingException',
        '',
        'What to do:',
        '- check the member role (trust policy, external id) and the region in FLEET_CONFIG; the clusters there were not scanned in this run',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(message['sqs'] ?? '')).toEqual({ apiVersion: 'psa-fleet-scanner/v1', kind: 'OperationsAlert', runId: DISCOVERY.runId, source: 'dispatch', problems: DISCOVERY.problems });
    expect(message['lambda']).toBe(message['sqs']);
    expect(message['sms']).toBe(request.Subject);
  });

  it('sets the attributes subscribers filter drift alerts by: severity high, the kinds, and the cluster when there is one', () => {
    const abandoned = operationsAlertRequest({
      runId: null,
      source: 'scan',
      problems: [{ kind: 'scan-abandoned', cluster: { account: '111122223333', region: 'eu-west-1', name: 'prod' }, messageId: 'm-1', receiveCount: 3, message: 'store: HTTP 503' }],
    });

    expect(abandoned.Subject).toBe('[HIGH] psa 111122223333/eu-west-1/prod not scanned, moved to the DLQ');
    expect(abandoned.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'high' },
      kinds: { DataType: 'String.Array', StringValue: '["scan-abandoned"]' },
      goodNewsOnly: { DataType: 'String', StringValue: 'false' },
      findingCount: { DataType: 'Number', StringValue: '1' },
      cluster: { DataType: 'String', StringValue: 'prod' },
      account: { DataType: 'String', StringValue: '111122223333' },
      region: { DataType: 'String', StringValue: 'eu-west-1' },
    });
    expect(operationsAlertRequest(DISCOVERY).MessageAttributes['cluster']).toBeUndefined();
  });

  it('keeps the subject to 100 printable ASCII characters and quotes what a terminal could act on', () => {
    const long = operationsAlertRequest({
      runId: null,
      source: 'scan',
      problems: [{ kind: 'scan-abandoned', cluster: { account: '111122223333', region: 'eu-west-1', name: `${'x'.repeat(99)}é` }, messageId: 'm', receiveCount: 3, message: 'bad\u001b[31m' }],
    });

    expect(long.Subject).toHaveLength(100);
    expect(long.Subject).toMatch(/^[\x20-\x7e]+$/);
    expect((JSON.parse(long.Message) as { default: string }).default).toContain('"- not scanned');
  });
});
