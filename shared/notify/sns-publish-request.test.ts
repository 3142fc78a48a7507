import { describe, expect, it } from 'vitest';
import type { AlertMessage } from './alert-message.ts';
import { composeAlert } from './compose-alert.ts';
import { recordedAlertInput, type DriftStepName } from '../../test/support/recorded-drift.ts';
import { documentJson, JSON_PROTOCOLS, snsMessageAttributes, snsPublishBytes, snsPublishRequest } from './sns-publish-request.ts';

function messageOf(step: DriftStepName, cluster?: { account: string; region: string; name: string }): AlertMessage {
  const input = recordedAlertInput(step);
  const result = composeAlert(cluster === undefined ? input : { ...input, cluster });
  if (result === undefined) throw new Error('no alert');
  return result.message;
}

describe('snsPublishRequest', () => {
  it('gives people text, SMS one line and machines the document, one string per protocol', () => {
    const message = messageOf('violate');
    const request = snsPublishRequest(message);
    expect(request.MessageStructure).toBe('json');
    expect(request.Subject).toBe(message.subject);
    const perProtocol = JSON.parse(request.Message) as Record<string, string>;
    expect(Object.keys(perProtocol).sort()).toEqual(['default', 'email', 'http', 'https', 'lambda', 'sms', 'sqs']);
    expect(perProtocol['default']).toBe(message.text);
    expect(perProtocol['email']).toBe(message.text);
    expect(perProtocol['sms']).toBe(message.subject);
    for (const protocol of JSON_PROTOCOLS) expect(JSON.parse(perProtocol[protocol] ?? '')).toEqual(message.document);
  });

  it('sets the attributes filter policies match, within the 10 SNS passes to raw SQS subscriptions', () => {
    const attributes = snsMessageAttributes(messageOf('relabel').document);
    expect(attributes).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      cluster: { DataType: 'String', StringValue: 'payments' },
      account: { DataType: 'String', StringValue: '123456789012' },
      region: { DataType: 'String', StringValue: 'eu-west-1' },
      goodNewsOnly: { DataType: 'String', StringValue: 'false' },
      kinds: { DataType: 'String.Array', StringValue: '["enforcement-removed","ready-to-promote"]' },
      findingCount: { DataType: 'Number', StringValue: '2' },
    });
    expect(Object.keys(attributes).length).toBeLessThanOrEqual(10);
    expect(snsMessageAttributes(messageOf('fix').document)['goodNewsOnly']?.StringValue).toBe('true');
  });

  it('counts UTF-8 bytes of the message, the subject and every attribute name, type and value', () => {
    const message = messageOf('violate', { account: 'local', region: 'local', name: 'prød-ø' });
    const request = snsPublishRequest(message);
    let expected = Buffer.byteLength(request.Message) + Buffer.byteLength(request.Subject);
    for (const [name, a] of Object.entries(request.MessageAttributes)) expected += Buffer.byteLength(name + a.DataType + a.StringValue);
    expect(snsPublishBytes(request)).toBe(expected);
    // ø is two bytes: counting characters would undercount.
    expect(snsPublishBytes(request)).toBeGreaterThan(request.Message.length + request.Subject.length);
  });

  it('sends only well-formed UTF-8, even for a name with a lone surrogate', () => {
    const message = messageOf('violate', { account: 'local', region: 'local', name: 'ctx\ud800' });
    const request = snsPublishRequest(message);
    expect(request.MessageAttributes['cluster']?.StringValue).toBe('ctx\ufffd');
    expect(request.Message.isWellFormed()).toBe(true);
    expect(JSON.parse(documentJson(message.document))).toEqual(message.document);
  });
});
