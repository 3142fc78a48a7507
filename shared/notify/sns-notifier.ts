// The Notifier over SNS (AWS SDK v3 client passed in): one Publish per alert, retried with capped
// exponential backoff (cockatiel) when SNS throttles, answers 5xx, or cannot be reached; anything
// else (no such topic, access denied, invalid parameter) fails at once. Then NotifyError with the
// SDK error as its cause.
//
// Which errors are which is the SDK's own classification (@smithy/core/retry: throttling names
// and 429, transient network codes and timeouts), and any 5xx. The SDK client retries on its
// own too (standard mode, 3 attempts by default): give this adapter a client made with
// `maxAttempts: 1` so that one policy, this one, decides. A retried Publish whose first answer was
// lost can deliver twice; alerts are at-least-once.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { AlertMessage } from './alert-message.ts';
import { NotifyError, type Notifier, type NotifyFailure, type NotifyReceipt } from './notifier.ts';
import { snsPublishRequest } from './sns-publish-request.ts';

export interface SnsRetryOptions {
  /** Publish attempts in all (default 4). */
  readonly maxAttempts?: number;
  /** Default 200 ms; doubles per retry, with jitter. */
  readonly initialDelayMs?: number;
  /** Default 5 s. */
  readonly maxDelayMs?: number;
}

export interface SnsNotifierOptions {
  readonly client: SNSClient;
  readonly topicArn: string;
  readonly retry?: SnsRetryOptions;
}

interface SdkError extends Error {
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly code?: string;
}

/** What the SDK's classifiers take; they read $metadata, $retryable, name and code, all optional on any Error. */
type Classifiable = Parameters<typeof isTransientError>[0];

function failureOf(error: unknown): NotifyFailure {
  if (!(error instanceof Error)) return 'rejected';
  const sdkError = error as SdkError;
  if (isThrottlingError(sdkError as Classifiable)) return 'throttled';
  const status = sdkError.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return 'server-error';
  // Connection refused or reset, DNS, timeouts: no answer at all (or a timeout the service reported).
  if (isTransientError(sdkError as Classifiable)) return status === undefined ? 'unreachable' : 'server-error';
  return 'rejected';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const sdkError = error as SdkError;
  const status = sdkError.$metadata?.httpStatusCode;
  const code = sdkError.code ?? (error.cause as { code?: string } | undefined)?.code;
  return [status !== undefined ? String(status) : undefined, error.name, code, error.message].filter((p) => p !== undefined && p !== '').join(' ');
}

export function createSnsNotifier(options: SnsNotifierOptions): Notifier {
  const { client, topicArn } = options;
  const maxAttempts = options.retry?.maxAttempts ?? 4;
  const policy = retry(
    handleWhen((error) => failureOf(error) !== 'rejected'),
    {
      maxAttempts: maxAttempts - 1, // cockatiel counts retries
      backoff: new ExponentialBackoff({ initialDelay: options.retry?.initialDelayMs ?? 200, maxDelay: options.retry?.maxDelayMs ?? 5_000 }),
    },
  );

  return {
    async notify(message: AlertMessage): Promise<NotifyReceipt> {
      const request = snsPublishRequest(message);
      let attempts = 0;
      try {
        const output = await policy.execute(() => {
          attempts++;
          return client.send(new PublishCommand({ TopicArn: topicArn, ...request, MessageAttributes: { ...request.MessageAttributes } }));
        });
        return { channel: 'sns', topicArn, messageId: output.MessageId ?? '', attempts };
      } catch (error) {
        const failure = failureOf(error);
        const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
        throw new NotifyError(failure, topicArn, `publishing the alert to ${topicArn} failed (${failure}, ${tries}): ${describe(error)}`, { attempts, cause: error });
      }
    },
  };
}
