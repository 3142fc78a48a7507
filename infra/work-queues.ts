// The fan-out: one message per cluster from dispatch to scan, and the dead-letter queues that keep
// whatever could not be done, so no cluster and no run is dropped silently (each DLQ has an alarm).
//
// - work: visibility timeout six times the scan function's timeout, as Lambda asks for an SQS event
//   source (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html): a message
//   must stay hidden while one scan of it may still run, and the poller's own retries need room.
// - work DLQ: an item that failed maxReceiveCount times. 14 days (the most SQS keeps a message) to
//   find the cause and redrive it.
// - dispatch DLQ: a nightly run that never started: the Scheduler could not invoke dispatch, or
//   dispatch failed on every attempt of an asynchronous invocation (the Scheduler invokes Lambda
//   asynchronously, so the function's own failures do not reach the Scheduler's DLQ).
// - jobs DLQ: the same for the report and the watchdog: a night without its report, a look the
//   watchdog did not take. Apart from the dispatch DLQ, so its alarm says which.
//
// Encrypted with SQS-managed keys (SSE-SQS): the messages name a cluster and a role ARN, nothing
// secret, and a customer-managed key would have to be granted to the Scheduler, Lambda's poller
// and both functions for no gain. TLS only.
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WorkQueuesProps {
  readonly scanTimeout: Duration;
  readonly maxReceiveCount: number;
}

/** Lambda's guidance for an SQS event source: at least six times the function's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

const FOURTEEN_DAYS = Duration.days(14);

export class WorkQueues extends Construct {
  readonly work: Queue;
  readonly workDlq: Queue;
  readonly dispatchDlq: Queue;
  readonly jobsDlq: Queue;

  constructor(scope: Construct, id: string, props: WorkQueuesProps) {
    super(scope, id);
    const secure = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;

    this.workDlq = new Queue(this, 'WorkDlq', { ...secure, retentionPeriod: FOURTEEN_DAYS });
    this.work = new Queue(this, 'Work', {
      ...secure,
      visibilityTimeout: Duration.seconds(props.scanTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      // A run's items are consumed within the night; what is still here after 4 days is stale
      // (the next runs have enqueued the cluster again).
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.workDlq, maxReceiveCount: props.maxReceiveCount },
    });

    this.dispatchDlq = new Queue(this, 'DispatchDlq', { ...secure, retentionPeriod: FOURTEEN_DAYS });
    this.jobsDlq = new Queue(this, 'JobsDlq', { ...secure, retentionPeriod: FOURTEEN_DAYS });
    for (const [queue, functions] of [
      [this.dispatchDlq, 'the dispatch function'],
      [this.jobsDlq, 'the report and watchdog functions'],
    ] as const) {
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: `This queue is a DLQ: of EventBridge Scheduler targets and of ${functions}' asynchronous invocations, which cdk-nag does not recognise (it only sees SQS redrive policies). Its depth has an alarm.`,
      });
    }
  }
}
