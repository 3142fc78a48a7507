// An alert as one SNS Publish request (plain data; the adapter hands it to the SDK), and its size
// as SNS counts it.
//
// MessageStructure `json`: the Message is a JSON object with one string per protocol; SNS delivers
// each subscriber its protocol's string, or `default` (API_Publish, "JSON-specific constraints").
// People get text (default, email), SMS one line, machines the document (sqs, lambda, http, https).
//
// Size: "messages must be UTF-8 encoded strings and at most 256 KB in size (262,144 bytes, not
// 262,144 characters)" (API_Publish), and "all parts of the message attribute, including name,
// type, and value, are included in the message size restriction" (API_MessageAttributeValue). With
// the json structure the Message is the whole JSON object, so every protocol's copy counts, with
// its JSON escaping. The Subject is counted too: SNS does not say it is not, and it is 100 bytes.
//
// Attributes are what subscription filter policies match (FilterPolicyScope MessageAttributes, the
// default). At most 10: SNS discards messages with more for SQS subscriptions with raw delivery
// (sns-message-attributes). String.Array values are JSON arrays; a filter matches any element.
import type { AlertDocument } from './alert-document.ts';
import type { AlertMessage } from './alert-message.ts';

export const SNS_MAX_PUBLISH_BYTES = 262_144;
export const JSON_PROTOCOLS = ['sqs', 'lambda', 'http', 'https'] as const;

export interface SnsAttribute {
  readonly DataType: 'String' | 'String.Array' | 'Number';
  readonly StringValue: string;
}

/** The fields of the SDK's PublishCommandInput this sets (TopicArn aside). */
export interface SnsPublishRequest {
  readonly Subject: string;
  readonly Message: string;
  readonly MessageStructure: 'json';
  readonly MessageAttributes: Readonly<Record<string, SnsAttribute>>;
}

/** SNS wants valid UTF-8: a lone surrogate (possible in a name read from a kubeconfig) becomes U+FFFD. */
function wellFormed(text: string): string {
  return text.toWellFormed();
}

/** Filter-policy attributes: severity (the highest), cluster, account, region, kinds, goodNewsOnly, findingCount. */
export function snsMessageAttributes(document: AlertDocument): Record<string, SnsAttribute> {
  const strings: Record<string, string> = {
    severity: document.highestSeverity,
    cluster: document.cluster.name,
    account: document.cluster.account,
    region: document.cluster.region,
    goodNewsOnly: String(document.goodNewsOnly),
  };
  const attributes: Record<string, SnsAttribute> = {};
  // SNS refuses an empty attribute value; a missing attribute is what a filter policy can express.
  for (const [name, value] of Object.entries(strings)) if (value !== '') attributes[name] = { DataType: 'String', StringValue: wellFormed(value) };
  attributes['kinds'] = { DataType: 'String.Array', StringValue: JSON.stringify(document.kinds) };
  attributes['findingCount'] = { DataType: 'Number', StringValue: String(document.findingCount) };
  return attributes;
}

/** The document as the JSON protocols receive it: compact, one line. */
export function documentJson(document: AlertDocument): string {
  return JSON.stringify(document);
}

export function snsPublishRequest(message: AlertMessage): SnsPublishRequest {
  const json = documentJson(message.document);
  const text = wellFormed(message.text);
  const perProtocol: Record<string, string> = { default: text, email: text, sms: wellFormed(message.short) };
  for (const protocol of JSON_PROTOCOLS) perProtocol[protocol] = json;
  return {
    Subject: message.subject,
    Message: JSON.stringify(perProtocol),
    MessageStructure: 'json',
    MessageAttributes: snsMessageAttributes(message.document),
  };
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Message + Subject + every attribute's name, type and value, in UTF-8 bytes. */
export function snsPublishBytes(request: SnsPublishRequest): number {
  let bytes = utf8Bytes(request.Message) + utf8Bytes(request.Subject);
  for (const [name, attribute] of Object.entries(request.MessageAttributes)) {
    bytes += utf8Bytes(name) + utf8Bytes(attribute.DataType) + utf8Bytes(attribute.StringValue);
  }
  return bytes;
}
