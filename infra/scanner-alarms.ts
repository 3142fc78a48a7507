// Alarms on the scanner's machinery, to the ops topic (alert-topics.ts says why not the alerts
// topic), each on the first occurrence: the run is nightly, so "more than a few" would mean a run
// lost before anyone hears of it.
//
// - function errors: an invocation that failed as a whole (a crash, a timeout, a bad environment at
//   cold start). A scan item that fails is not one: the batch response reports it and SQS retries
//   it; it surfaces in the work DLQ instead.
// - function throttles: the account's concurrency ran out (the event source's maximum concurrency
//   keeps the scans from doing this to themselves).
// - messages in a DLQ: a cluster given up on (work DLQ), a nightly run that did not start
//   (dispatch DLQ), a report or a watchdog look that did not happen (jobs DLQ). Each needs a
//   person: the cause fixed, then a redrive.
// - a count the functions emit (Powertools EMF, dimension `service`): a run marker dispatch could
//   not write (the watchdog would then page a missing run that did start).
//
// Missing data is "not breaching" for those: the metrics exist only while something happens. The
// one exception is the heartbeat: the watchdog is what notices a scanner that stopped, so a
// watchdog that stops running must be noticed too. Its invocations are expected every period, and
// two periods without one (missing data: breaching) raise the alarm; one late look does not.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** A count a function emits through Powertools (its namespace, dimension service = its service name). */
export interface EmittedCount {
  readonly namespace: string;
  readonly service: string;
  readonly metricName: string;
  readonly description: string;
}

export interface ScannerAlarmsProps {
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly deadLetterQueues: Readonly<Record<string, Queue>>;
  readonly counts: readonly EmittedCount[];
  /** A function invoked on a schedule whose silence is itself the failure, and how often it runs. */
  readonly heartbeat: { readonly name: string; readonly fn: IFunction; readonly every: Duration };
  readonly topic: ITopic;
}

/** Periods without an invocation before the heartbeat alarm. */
export const HEARTBEAT_MISSED_PERIODS = 2;

const PERIOD = Duration.minutes(5);

export class ScannerAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ScannerAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const add = (alarm: Alarm): void => {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };
    const onFirst = (alarmId: string, metric: IMetric, description: string): void =>
      add(
        new Alarm(this, alarmId, {
          metric,
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
          alarmDescription: `psa-fleet-scanner: ${description}`,
        }),
      );

    for (const [name, fn] of Object.entries(props.functions)) {
      onFirst(`${name}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), `the ${name} function failed (see its log group)`);
      onFirst(`${name}Throttles`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }), `the ${name} function was throttled (account concurrency exhausted)`);
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      onFirst(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        `messages in the ${name}: fix the cause (the function's log names it), then redrive the queue`,
      );
    }
    for (const count of props.counts) {
      onFirst(
        count.metricName,
        new Metric({ namespace: count.namespace, metricName: count.metricName, dimensionsMap: { service: count.service }, period: PERIOD, statistic: 'Sum' }),
        count.description,
      );
    }

    const { heartbeat } = props;
    add(
      new Alarm(this, `${heartbeat.name}Heartbeat`, {
        metric: heartbeat.fn.metricInvocations({ period: heartbeat.every, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: HEARTBEAT_MISSED_PERIODS,
        treatMissingData: TreatMissingData.BREACHING,
        alarmDescription: `psa-fleet-scanner: the ${heartbeat.name} function has not run for ${HEARTBEAT_MISSED_PERIODS} of its periods: nothing is watching for missed scans (check its schedule and the jobs DLQ)`,
      }),
    );
  }
}
