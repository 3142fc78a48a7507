// Alarms on the scanner's machinery, to the ops topic (alert-topics.ts says why not the alerts
// topic), each on the first occurrence: the run is nightly, so "more than a few" would mean a run
// lost before anyone hears of it.
//
// - function errors: an invocation that failed as a whole (a crash, a timeout, a bad environment at
//   cold start). A scan item that fails is not one: the batch response reports it and SQS retries
//   it; it surfaces in the work DLQ instead.
// - function throttles: the account's concurrency ran out (the event source's maximum concurrency
//   keeps the scans from doing this to themselves).
// - messages in a DLQ: a cluster given up on (work DLQ), or a nightly run that did not start
//   (dispatch DLQ). Both need a person: the cause fixed, then a redrive.
//
// Missing data is "not breaching": the metrics exist only while something happens.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ScannerAlarmsProps {
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly deadLetterQueues: Readonly<Record<string, Queue>>;
  readonly topic: ITopic;
}

const PERIOD = Duration.minutes(5);

export class ScannerAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ScannerAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const onFirst = (alarmId: string, metric: IMetric, description: string): void => {
      const alarm = new Alarm(this, alarmId, {
        metric,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `psa-fleet-scanner: ${description}`,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };

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
  }
}
