// Two SNS topics, both encrypted with the stack's key and refusing requests without TLS:
//
// - alerts: what the scans found (drift, PSP-removal regressions) and what the scanner could not do
//   (a place not searched, a cluster given up on: lambdas/common/operations-alert.ts). Messages
//   carry attributes (severity, cluster, kinds) that subscribers filter on.
// - ops: CloudWatch alarms about the scanner's machinery (function errors, throttles, messages in
//   a DLQ). Apart from the alerts because alarm notifications are CloudWatch's own JSON without
//   those attributes: a subscriber filtering the alerts by severity would drop every alarm
//   silently, and a consumer parsing alert documents would choke on them.
//
// Either takes an optional e-mail subscription (confirmed by the recipient before SNS delivers).
import { ServicePrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlertTopicsProps {
  readonly key: Key;
  readonly alertEmail?: string;
  readonly opsEmail?: string;
}

export class AlertTopics extends Construct {
  readonly alerts: Topic;
  readonly ops: Topic;

  constructor(scope: Construct, id: string, props: AlertTopicsProps) {
    super(scope, id);
    this.alerts = new Topic(this, 'Alerts', { displayName: 'PSA fleet scanner alerts', masterKey: props.key, enforceSSL: true });
    this.ops = new Topic(this, 'Ops', { displayName: 'PSA fleet scanner operations', masterKey: props.key, enforceSSL: true });
    if (props.alertEmail !== undefined) this.alerts.addSubscription(new EmailSubscription(props.alertEmail));
    if (props.opsEmail !== undefined) this.ops.addSubscription(new EmailSubscription(props.opsEmail));

    // CloudWatch publishes alarm notifications to an encrypted topic only if the key lets it
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-encryption).
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }
}
