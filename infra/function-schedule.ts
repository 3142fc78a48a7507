// A function on a schedule: an EventBridge Scheduler schedule (a cron in a time zone, so "02:00
// Europe/Berlin" stays 02:00 across daylight saving, or a rate) that invokes the function with
// `{"trigger":"schedule","scheduledTime":"<aws.scheduler.scheduled-time>"}`. Three of them: the
// nightly run (dispatch), the fleet report after the scan window, the watchdog's hourly look. The
// scheduled time is what the function acts for: dispatch's run id (a delivery the Scheduler retries
// carries the same time, so it is the same run and the scans it enqueues again are recognised,
// lambdas/README.md), the report's date, the instant the watchdog judges.
//
// Each schedule's role is its own: it may invoke its function (not its versions and aliases, which
// CDK's grantInvoke adds as `function:*`) and send to its DLQ, and only schedules of this account
// may assume it (the confused-deputy condition).
//
// Retries: the Scheduler retries a failed delivery (throttled, function missing) for up to an hour,
// then puts the event in the DLQ. It invokes Lambda asynchronously: the function's own failures are
// retried by Lambda and end in the same DLQ (scanner-function.ts onFailure).
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export type ScheduleTiming =
  /** `cron(minutes hours day-of-month month day-of-week year)` in an IANA time zone, e.g. `Europe/Berlin`. */
  | { readonly cron: string; readonly timeZone: string }
  | { readonly every: Duration };

export interface FunctionScheduleProps {
  /** What the schedule is for, in the schedule's and its role's descriptions. */
  readonly purpose: string;
  readonly timing: ScheduleTiming;
  readonly target: IFunction;
  readonly deadLetterQueue: IQueue;
}

/** The input every scheduled function reads (lambdas/dispatch/dispatch-event.ts, lambdas/common/scheduled-event.ts). */
export function scheduledInput(): Record<string, string> {
  return { trigger: 'schedule', scheduledTime: ContextAttribute.scheduledTime };
}

export class FunctionSchedule extends Construct {
  readonly schedule: Schedule;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: FunctionScheduleProps) {
    super(scope, id);
    this.role = new Role(this, 'InvokeRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: `EventBridge Scheduler: ${props.purpose} (psa-fleet-scanner)`,
    });
    this.role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.target.functionArn] }));
    this.role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }));

    const { timing } = props;
    this.schedule = new Schedule(this, 'Schedule', {
      description: `psa-fleet-scanner: ${props.purpose}`,
      schedule: 'cron' in timing ? ScheduleExpression.expression(timing.cron, TimeZone.of(timing.timeZone)) : ScheduleExpression.rate(timing.every),
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(props.target, {
        // Immutable: the target would otherwise add its own, wider grants to it.
        role: this.role.withoutPolicyUpdates(),
        input: ScheduleTargetInput.fromObject(scheduledInput()),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
  }
}
