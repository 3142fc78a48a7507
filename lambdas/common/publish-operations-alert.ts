// Sends an operations alert (operations-alert.ts) with the SNS client's own retries. Failures come
// back as NotifyError, the type every alert failure has, with the SDK error as cause.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { NotifyError, type NotifyFailure } from '../../shared/notify/notifier.ts';
import { operationsAlertRequest, type OperationsAlertInput } from './operations-alert.ts';

function failureOf(error: unknown): NotifyFailure {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined) return 'unreachable';
  if (status === 429 || (error as Error).name.includes('Throttl')) return 'throttled';
  return status >= 500 ? 'server-error' : 'rejected';
}

export async function publishOperationsAlert(sns: SNSClient, topicArn: string, input: OperationsAlertInput): Promise<string> {
  const request = operationsAlertRequest(input);
  try {
    const output = await sns.send(new PublishCommand({ TopicArn: topicArn, ...request, MessageAttributes: { ...request.MessageAttributes } }));
    return output.MessageId ?? '';
  } catch (error) {
    throw new NotifyError(failureOf(error), topicArn, `publishing the operations alert to ${topicArn} failed: ${(error as Error).message}`, { cause: error });
  }
}
