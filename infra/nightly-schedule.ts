// The nightly run: an EventBridge Scheduler schedule (cron in a time zone, so "02:00 Europe/Berlin"
// stays 02:00 across daylight saving) that invokes dispatch with
// `{"trigger":"schedule","scheduledTime":"<aws.scheduler.scheduled-time>"}`. The scheduled time is
// the run's id: a delivery the Scheduler retries carries the same time, so it is the same run and
// the scans it enqueues again are recognised (lambdas/README.md).
//
// The Scheduler's role is this construct's own: it may invoke the dispatch function (not its
// versions and aliases, which CDK's grantInvoke adds as `function:*`) and send to the DLQ, and only
// schedules of this account may assume it (the confused-deputy condition).
//
// Retries: the Scheduler retries a failed delivery (throttled, function missing) for up to an hour,
// then puts the event in the dispatch DLQ. It invokes Lambda asynchronously: dispatch's own
// failures are retried by Lambda and end in the same DLQ (scanner-function.ts onFailure).
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { TimeZone } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface NightlyScheduleProps {
  /** `cron(minutes hours day-of-month month day-of-week year)`, EventBridge Scheduler's syntax. */
  readonly cron: string;
  /** IANA name, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  readonly dispatch: IFunction;
  readonly deadLetterQueue: IQueue;
}

/** The dispatch function's input, as the contract (lambdas/dispatch/dispatch-event.ts) reads it. */
export function dispatchInput(): Record<string, string> {
  return { trigger: 'schedule', scheduledTime: ContextAttribute.scheduledTime };
}

export class NightlySchedule extends Construct {
  readonly schedule: Schedule;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: NightlyScheduleProps) {
    super(scope, id);
    this.role = new Role(this, 'InvokeRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'EventBridge Scheduler: invokes the psa-fleet-scanner dispatch function',
    });
    this.role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.dispatch.functionArn] }));
    this.role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }));

    this.schedule = new Schedule(this, 'Schedule', {
      description: 'psa-fleet-scanner: the nightly fleet scan (dispatch)',
      schedule: ScheduleExpression.expression(props.cron, TimeZone.of(props.timeZone)),
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(props.dispatch, {
        // Immutable: the target would otherwise add its own, wider grants to it.
        role: this.role.withoutPolicyUpdates(),
        input: ScheduleTargetInput.fromObject(dispatchInput()),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
  }
}
