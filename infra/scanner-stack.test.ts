// The scanner stack as a list of properties, each a test over the synthesized template. Two
// stacks: the defaults, and one with every option set (e-mails, tracing, a store prefix, a fleet
// policy, no Object Lock, other limits), so each option is seen to change what it should.
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { bucketFolders } from './bucket-layout.ts';
import { scheduledInput } from './function-schedule.ts';
import { HEARTBEAT_MISSED_PERIODS } from './scanner-alarms.ts';
import { DISPATCH_MEMORY_MB, DISPATCH_TIMEOUT, REPORT_TIMEOUT, SCAN_TIMEOUT, ScannerStack, WATCHDOG_MEMORY_MB, WATCHDOG_TIMEOUT, type ScannerStackProps } from './scanner-stack.ts';
import { LAPSE_MARKER_DAYS } from './snapshot-bucket.ts';
import { actionsOf, deniesInsecureTransport, resourcesOf, StackTemplate, type Json, type Statement } from './stack-template.test-support.ts';
import { VISIBILITY_TIMEOUT_FACTOR } from './work-queues.ts';

const MEMBER_ROLE = 'arn:aws:iam::111122223333:role/psa-fleet-scanner-member';
const OTHER_MEMBER_ROLE = 'arn:aws:iam::444455556666:role/psa-fleet-scanner-member';
const FLEET = {
  accounts: [{ regions: ['eu-west-1', 'eu-central-1'] }, { roleArn: MEMBER_ROLE, externalId: 'fleet-ext-id', regions: ['eu-west-1'] }, { roleArn: OTHER_MEMBER_ROLE, regions: ['us-east-1'] }],
};

const FULL: Omit<ScannerStackProps, 'fleetConfig'> = {
  scheduleCron: 'cron(30 1 ? * MON-FRI *)',
  scheduleTimeZone: 'Europe/Berlin',
  objectLock: false,
  alertEmail: 'oncall@example.com',
  opsEmail: 'platform@example.com',
  maxConcurrentScans: 25,
  maxReceiveCount: 5,
  logRetentionDays: 30,
  tracing: true,
  snapshotPrefix: 'psa/',
  fleetPolicyKey: 'config/fleet-policy.yaml',
  scanConcurrency: 8,
  requestTimeoutMs: 20_000,
  roleNamePrefix: 'psa-prod',
  scanMemoryMb: 3008,
  reportCron: 'cron(0 7 ? * MON-FRI *)',
  reportNights: 14,
  watchdogEveryHours: 3,
  watchdogWindowHours: 80,
};

function synth(props: Omit<ScannerStackProps, 'fleetConfig'>): { stack: ScannerStack; t: StackTemplate } {
  const stack = new ScannerStack(new App(), 'Scanner', { fleetConfig: FLEET, ...props });
  return { stack, t: new StackTemplate(stack) };
}

let base: { stack: ScannerStack; t: StackTemplate };
let full: { stack: ScannerStack; t: StackTemplate };
beforeAll(() => {
  base = synth({});
  full = synth(FULL);
}, 120_000);

const env = (t: StackTemplate, fn: ScannerStack['scan']): Record<string, Json> =>
  (t.props(fn.function, 'AWS::Lambda::Function')['Environment'] as { Variables: Record<string, Json> }).Variables;

describe('snapshot bucket', () => {
  it('is versioned, with Object Lock enabled and no bucket-wide default retention', () => {
    for (const { stack, t } of [base, full]) {
      const bucket = t.props(stack.snapshots.bucket, 'AWS::S3::Bucket');
      expect(bucket['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
      expect(bucket['ObjectLockEnabled']).toBe(true);
      expect(bucket['ObjectLockConfiguration']).toBeUndefined();
    }
  });

  it('is encrypted with the stack\'s customer-managed key (SSE-KMS, bucket key), and the key rotates', () => {
    const { stack, t } = base;
    const bucket = t.props(stack.snapshots.bucket, 'AWS::S3::Bucket');
    expect(bucket['BucketEncryption']).toEqual({
      ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: t.arn(stack.key) } }],
    });
    expect(t.props(stack.key, 'AWS::KMS::Key')['EnableKeyRotation']).toBe(true);
  });

  it('blocks public access and takes TLS requests only (and so does its log bucket)', () => {
    const { stack, t } = base;
    for (const bucket of [stack.snapshots.bucket, stack.snapshots.accessLogs]) {
      expect(t.props(bucket, 'AWS::S3::Bucket')['PublicAccessBlockConfiguration']).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(deniesInsecureTransport(t.resourcePolicy('AWS::S3::BucketPolicy', 'Bucket', bucket))).toBe(true);
    }
  });

  it('logs access to the log bucket, which keeps ACLs off and expires the logs', () => {
    const { stack, t } = base;
    expect(t.props(stack.snapshots.bucket, 'AWS::S3::Bucket')['LoggingConfiguration']).toEqual({
      DestinationBucketName: t.ref(stack.snapshots.accessLogs),
      LogFilePrefix: 'snapshots-bucket/',
    });
    const logs = t.props(stack.snapshots.accessLogs, 'AWS::S3::Bucket');
    expect(logs['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(logs['AccessControl']).toBeUndefined();
    expect(JSON.stringify(logs['LifecycleConfiguration'])).toContain('"ExpirationInDays":365');
  });

  it('moves objects to cheaper storage with age, expires staging late, and drops replaced pointers after 30 days', () => {
    for (const { stack, t } of [base, full]) {
      const folders = bucketFolders(stack.settings.snapshotPrefix);
      const rules = (t.props(stack.snapshots.bucket, 'AWS::S3::Bucket')['LifecycleConfiguration'] as { Rules: Array<Record<string, Json>> }).Rules;
      const byId = new Map(rules.map((r) => [r['Id'], r]));
      expect(byId.get('cheaper-storage-with-age')).toMatchObject({
        Status: 'Enabled',
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
          { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
        ],
      });
      expect(byId.get('expire-staging')).toMatchObject({ Prefix: folders.staging, ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 7 } });
      expect(byId.get('expire-replaced-pointers')).toMatchObject({ Prefix: folders.pointers, NoncurrentVersionExpiration: { NoncurrentDays: 30 } });
      expect(byId.get('expire-watchdog-lapses')).toMatchObject({ Prefix: folders.lapses, ExpirationInDays: LAPSE_MARKER_DAYS, NoncurrentVersionExpiration: { NoncurrentDays: 1 } });
      // Nothing expires the chain, the reports, the alert ledger, the run markers or the what-ifs.
      const expiring = rules.filter((r) => r['ExpirationInDays'] !== undefined || r['NoncurrentVersionExpiration'] !== undefined).map((r) => r['Prefix']);
      expect(expiring).toEqual([folders.staging, folders.pointers, folders.lapses]);
    }
    expect(bucketFolders(full.stack.settings.snapshotPrefix)).toMatchObject({ staging: 'psa/staging/', lapses: 'psa/watchdog/lapses/', runs: 'psa/runs/', whatIfs: 'psa/whatif/', fleetReports: 'psa/reports/fleet/' });
  });

  it('gives each snapshot and each what-if Object Lock retention through their functions (mode and days from the settings)', () => {
    for (const [fn, folder] of [['scan', 'snapshots'], ['adhoc', 'whatif']] as const) {
      expect(env(base.t, base.stack[fn])).toMatchObject({ OBJECT_LOCK_MODE: 'GOVERNANCE', OBJECT_LOCK_DAYS: '365' });
      expect(env(full.t, full.stack[fn])).not.toHaveProperty('OBJECT_LOCK_MODE');
      expect(env(full.t, full.stack[fn])).not.toHaveProperty('OBJECT_LOCK_DAYS');
      const retention = (s: typeof base) => s.t.allowed(s.stack[fn].role).get('s3:PutObjectRetention');
      expect(retention(base)).toEqual([{ 'Fn::Join': ['', [base.t.arn(base.stack.snapshots.bucket), `/${folder}/*`]] }]);
      expect(retention(full)).toBeUndefined();
    }
    for (const fn of ['dispatch', 'report', 'watchdog'] as const) expect(base.t.allowed(base.stack[fn].role).get('s3:PutObjectRetention')).toBeUndefined();
  });
});

describe('topics', () => {
  it('encrypts both topics with the stack\'s key and takes TLS requests only', () => {
    const { stack, t } = base;
    for (const topic of [stack.topics.alerts, stack.topics.ops]) {
      expect(t.props(topic, 'AWS::SNS::Topic')['KmsMasterKeyId']).toEqual(t.arn(stack.key));
      expect(deniesInsecureTransport(t.resourcePolicy('AWS::SNS::TopicPolicy', 'Topics', topic))).toBe(true);
    }
  });

  it('lets CloudWatch use the key, so alarms reach the encrypted ops topic', () => {
    const { stack, t } = base;
    const statements = (t.props(stack.key, 'AWS::KMS::Key')['KeyPolicy'] as { Statement: Statement[] }).Statement;
    const cloudwatch = statements.find((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }));
    expect(cloudwatch && actionsOf(cloudwatch).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
  });

  it('subscribes the e-mail addresses only when given, each to its topic', () => {
    expect(base.t.all('AWS::SNS::Subscription')).toEqual([]);
    const subscriptions = full.t.all('AWS::SNS::Subscription').map((s) => [s.props['Endpoint'], s.props['Protocol'], s.props['TopicArn']]);
    expect(subscriptions).toEqual(
      expect.arrayContaining([
        ['oncall@example.com', 'email', full.t.ref(full.stack.topics.alerts)],
        ['platform@example.com', 'email', full.t.ref(full.stack.topics.ops)],
      ]),
    );
    expect(subscriptions).toHaveLength(2);
  });
});

describe('work queue', () => {
  it('encrypts every queue and takes TLS requests only', () => {
    const { stack, t } = base;
    for (const queue of [stack.queues.work, stack.queues.workDlq, stack.queues.dispatchDlq]) {
      expect(t.props(queue, 'AWS::SQS::Queue')['SqsManagedSseEnabled']).toBe(true);
      expect(deniesInsecureTransport(t.resourcePolicy('AWS::SQS::QueuePolicy', 'Queues', queue))).toBe(true);
    }
  });

  it('hides a message for six scan timeouts, and sends it to the DLQ after maxReceiveCount receives', () => {
    for (const { stack, t } of [base, full]) {
      const work = t.props(stack.queues.work, 'AWS::SQS::Queue');
      expect(work['VisibilityTimeout']).toBe(SCAN_TIMEOUT.toSeconds() * VISIBILITY_TIMEOUT_FACTOR);
      expect(work['VisibilityTimeout']).toBeGreaterThan(t.props(stack.scan.function, 'AWS::Lambda::Function')['Timeout'] as number);
      expect(work['RedrivePolicy']).toEqual({ deadLetterTargetArn: t.arn(stack.queues.workDlq), maxReceiveCount: stack.settings.maxReceiveCount });
      expect(t.props(stack.queues.workDlq, 'AWS::SQS::Queue')['MessageRetentionPeriod']).toBe(14 * 86_400);
    }
    expect(full.stack.settings.maxReceiveCount).toBe(5);
  });

  it('feeds scan one record at a time, with partial batch failures and a concurrency cap', () => {
    for (const { stack, t } of [base, full]) {
      const [mapping, ...others] = t.all('AWS::Lambda::EventSourceMapping');
      expect(others).toEqual([]);
      expect(mapping?.props).toMatchObject({
        EventSourceArn: t.arn(stack.queues.work),
        FunctionName: t.ref(stack.scan.function),
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: stack.settings.maxConcurrentScans },
      });
    }
    expect(full.stack.settings.maxConcurrentScans).toBe(25);
  });
});

describe('functions', () => {
  it('run nodejs24.x on arm64 from an ESM bundle, each with its own log group and retention', () => {
    for (const { stack, t } of [base, full]) {
      for (const fn of [stack.dispatch, stack.scan, stack.adhoc, stack.report, stack.watchdog]) {
        const props = t.props(fn.function, 'AWS::Lambda::Function');
        expect(props).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler', LoggingConfig: { LogGroup: t.ref(fn.logGroup) } });
        expect(t.props(fn.logGroup, 'AWS::Logs::LogGroup')['RetentionInDays']).toBe(stack === base.stack ? 90 : 30);
      }
    }
  });

  it('give scan, adhoc and report Lambda\'s longest timeout and a full vCPU by default; dispatch and watchdog 5 minutes and 512 MB', () => {
    const props = (s: typeof base, fn: ScannerStack['scan']) => s.t.props(fn.function, 'AWS::Lambda::Function');
    for (const fn of [base.stack.scan, base.stack.adhoc]) expect(props(base, fn)).toMatchObject({ Timeout: 900, MemorySize: 1769 });
    expect(SCAN_TIMEOUT.toMinutes()).toBe(15);
    expect(props(base, base.stack.report)).toMatchObject({ Timeout: REPORT_TIMEOUT.toSeconds(), MemorySize: 1769 });
    for (const fn of [full.stack.scan, full.stack.adhoc, full.stack.report]) expect(props(full, fn)).toMatchObject({ MemorySize: 3008 });
    expect(props(base, base.stack.dispatch)).toMatchObject({ Timeout: DISPATCH_TIMEOUT.toSeconds(), MemorySize: DISPATCH_MEMORY_MB });
    expect(props(base, base.stack.watchdog)).toMatchObject({ Timeout: WATCHDOG_TIMEOUT.toSeconds(), MemorySize: WATCHDOG_MEMORY_MB });
  });

  it('trace with X-Ray only when asked', () => {
    expect(base.t.props(base.stack.scan.function, 'AWS::Lambda::Function')['TracingConfig']).toBeUndefined();
    for (const fn of [full.stack.dispatch, full.stack.scan, full.stack.adhoc, full.stack.report, full.stack.watchdog]) {
      expect(full.t.props(fn.function, 'AWS::Lambda::Function')['TracingConfig']).toEqual({ Mode: 'Active' });
    }
  });

  it('get exactly the contract\'s variables (lambdas/README.md), wired to this stack\'s resources', () => {
    const { stack, t } = base;
    const fleetJson = JSON.stringify(FLEET);
    const common = (fn: string) => ({
      POWERTOOLS_SERVICE_NAME: `psa-fleet-scanner-${fn}`,
      POWERTOOLS_METRICS_NAMESPACE: 'PsaFleetScanner',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
    const store = { SNAPSHOT_BUCKET: t.ref(stack.snapshots.bucket), SNAPSHOT_PREFIX: '', KMS_KEY_ID: t.arn(stack.key) };
    const clusters = { FLEET_CONFIG: fleetJson, SCAN_CONCURRENCY: '16', REQUEST_TIMEOUT_MS: '15000' };
    const objectLock = { OBJECT_LOCK_MODE: 'GOVERNANCE', OBJECT_LOCK_DAYS: '365' };
    expect(env(t, stack.dispatch)).toEqual({
      ...common('dispatch'),
      ...store,
      FLEET_CONFIG: fleetJson,
      WORK_QUEUE_URL: t.ref(stack.queues.work),
      ALERT_TOPIC_ARN: t.ref(stack.topics.alerts),
    });
    expect(env(t, stack.scan)).toEqual({ ...common('scan'), ...store, ...clusters, ...objectLock, ALERT_TOPIC_ARN: t.ref(stack.topics.alerts), MAX_RECEIVE_COUNT: '3' });
    expect(env(t, stack.adhoc)).toEqual({ ...common('adhoc'), ...store, ...clusters, ...objectLock });
    expect(env(t, stack.report)).toEqual({ ...common('report'), ...store, REPORT_NIGHTS: '30' });
    expect(env(t, stack.watchdog)).toEqual({ ...common('watchdog'), ...store, ALERT_TOPIC_ARN: t.ref(stack.topics.alerts), WATCHDOG_WINDOW_HOURS: '26' });
    const clustersFull = { SNAPSHOT_PREFIX: 'psa/', FLEET_POLICY_KEY: 'config/fleet-policy.yaml', SCAN_CONCURRENCY: '8', REQUEST_TIMEOUT_MS: '20000' };
    expect(env(full.t, full.stack.scan)).toMatchObject({ ...clustersFull, MAX_RECEIVE_COUNT: '5' });
    expect(env(full.t, full.stack.adhoc)).toMatchObject(clustersFull);
    expect(env(full.t, full.stack.report)).toMatchObject({ SNAPSHOT_PREFIX: 'psa/', REPORT_NIGHTS: '14' });
    expect(env(full.t, full.stack.watchdog)).toMatchObject({ SNAPSHOT_PREFIX: 'psa/', WATCHDOG_WINDOW_HOURS: '80' });
  });

  it('send failed asynchronous invocations to a DLQ after two retries: dispatch\'s to the dispatch DLQ, the report\'s and the watchdog\'s to the jobs DLQ', () => {
    const { stack, t } = base;
    const configs = t.all('AWS::Lambda::EventInvokeConfig').map((c) => c.props);
    expect(configs).toHaveLength(3);
    for (const [fn, dlq] of [
      [stack.dispatch, stack.queues.dispatchDlq],
      [stack.report, stack.queues.jobsDlq],
      [stack.watchdog, stack.queues.jobsDlq],
    ] as const) {
      expect(configs).toContainEqual(expect.objectContaining({ FunctionName: t.ref(fn.function), MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: t.arn(dlq) } } }));
    }
  });

  it('tell operators the what-if function\'s name and the store\'s bucket (stack outputs)', () => {
    const { stack, t } = base;
    const outputs = t.template.toJSON() as { Outputs: Record<string, { Value: Json }> };
    expect(outputs.Outputs['AdhocFunctionName']?.Value).toEqual(t.ref(stack.adhoc.function));
    expect(outputs.Outputs['SnapshotBucketName']?.Value).toEqual(t.ref(stack.snapshots.bucket));
  });
});

describe('schedule', () => {
  it('invokes dispatch on the cron in the time zone, with the scheduled time as input', () => {
    for (const { stack, t } of [base, full]) {
      const schedule = t.props(stack.schedule.schedule, 'AWS::Scheduler::Schedule');
      expect(schedule).toMatchObject({
        ScheduleExpression: stack.settings.scheduleCron,
        ScheduleExpressionTimezone: stack.settings.scheduleTimeZone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
      });
      const target = schedule['Target'] as Record<string, Json>;
      expect(target['Arn']).toEqual(t.arn(stack.dispatch.function));
      expect(JSON.parse(target['Input'] as string)).toEqual({ trigger: 'schedule', scheduledTime: '<aws.scheduler.scheduled-time>' });
      expect(JSON.parse(target['Input'] as string)).toEqual(t.resolve(scheduledInput()));
    }
    expect(full.t.props(full.stack.schedule.schedule, 'AWS::Scheduler::Schedule')).toMatchObject({ ScheduleExpression: 'cron(30 1 ? * MON-FRI *)', ScheduleExpressionTimezone: 'Europe/Berlin' });
  });

  it('makes the fleet report after the scan window in the same time zone, and lets the watchdog look every hour (or as set)', () => {
    for (const { stack, t } of [base, full]) {
      const report = t.props(stack.reportSchedule.schedule, 'AWS::Scheduler::Schedule');
      expect(report).toMatchObject({ ScheduleExpression: stack.settings.reportCron, ScheduleExpressionTimezone: stack.settings.scheduleTimeZone, FlexibleTimeWindow: { Mode: 'OFF' } });
      const watchdog = t.props(stack.watchdogSchedule.schedule, 'AWS::Scheduler::Schedule');
      expect(watchdog['ScheduleExpression']).toBe(stack === base.stack ? 'rate(1 hour)' : 'rate(3 hours)');
      for (const [schedule, fn] of [
        [report, stack.report],
        [watchdog, stack.watchdog],
      ] as const) {
        const target = schedule['Target'] as Record<string, Json>;
        expect(target['Arn']).toEqual(t.arn(fn.function));
        expect(JSON.parse(target['Input'] as string)).toEqual({ trigger: 'schedule', scheduledTime: '<aws.scheduler.scheduled-time>' });
        expect(target['DeadLetterConfig']).toEqual({ Arn: t.arn(stack.queues.jobsDlq) });
        expect(target['RetryPolicy']).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
      }
    }
    expect(base.stack.settings.reportCron).toBe('cron(0 6 * * ? *)');
    expect(full.t.props(full.stack.reportSchedule.schedule, 'AWS::Scheduler::Schedule')).toMatchObject({ ScheduleExpression: 'cron(0 7 ? * MON-FRI *)', ScheduleExpressionTimezone: 'Europe/Berlin' });
  });

  it('retries a failed delivery for an hour, then puts it in the dispatch DLQ', () => {
    const { stack, t } = base;
    const target = t.props(stack.schedule.schedule, 'AWS::Scheduler::Schedule')['Target'] as Record<string, Json>;
    expect(target['RetryPolicy']).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
    expect(target['DeadLetterConfig']).toEqual({ Arn: t.arn(stack.queues.dispatchDlq) });
    expect(target['RoleArn']).toEqual(t.arn(stack.schedule.role));
  });

  it('runs each schedule as a role that only this account\'s schedules assume, and that may only invoke its function and fill its DLQ', () => {
    const { stack, t } = base;
    for (const [schedule, fn, dlq] of [
      [stack.schedule, stack.dispatch, stack.queues.dispatchDlq],
      [stack.reportSchedule, stack.report, stack.queues.jobsDlq],
      [stack.watchdogSchedule, stack.watchdog, stack.queues.jobsDlq],
    ] as const) {
      const trust = (t.props(schedule.role, 'AWS::IAM::Role')['AssumeRolePolicyDocument'] as { Statement: Statement[] }).Statement;
      expect(trust).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
      ]);
      expect(Object.fromEntries(t.allowed(schedule.role))).toEqual({
        'lambda:InvokeFunction': [t.arn(fn.function)],
        'sqs:SendMessage': [t.arn(dlq)],
      });
    }
    // Nothing schedules the what-if: operators invoke it.
    expect(t.all('AWS::Scheduler::Schedule')).toHaveLength(3);
  });
});

describe('alarms', () => {
  const heartbeatMetric = (s: typeof base) => `AWS/Lambda:Invocations:${JSON.stringify(s.t.ref(s.stack.watchdog.function))}`;
  const watchedBy = (s: typeof base) =>
    new Map(s.t.all('AWS::CloudWatch::Alarm').map((a) => [`${a.props['Namespace']}:${a.props['MetricName']}:${JSON.stringify((a.props['Dimensions'] as Array<{ Value: Json }>)[0]?.Value)}`, a.props]));

  it('alarm on the first function error or throttle, the first message in a DLQ and the first run marker not written, to the ops topic', () => {
    const { stack, t } = base;
    const watched = watchedBy(base);
    const fn = (f: ScannerStack['scan']) => JSON.stringify(t.ref(f.function));
    const queueName = (q: ScannerStack['queues']['work']) => JSON.stringify({ 'Fn::GetAtt': [t.id(q), 'QueueName'] });
    const onFirst = [
      ...[stack.dispatch, stack.scan, stack.report, stack.watchdog].flatMap((f) => [`AWS/Lambda:Errors:${fn(f)}`, `AWS/Lambda:Throttles:${fn(f)}`]),
      ...[stack.queues.workDlq, stack.queues.dispatchDlq, stack.queues.jobsDlq].map((q) => `AWS/SQS:ApproximateNumberOfMessagesVisible:${queueName(q)}`),
      // Powertools EMF: the namespace the function is given, dimension service = its service name.
      'PsaFleetScanner:RunMarkerFailures:"psa-fleet-scanner-dispatch"',
    ];
    expect([...watched.keys()].sort()).toEqual([...onFirst, heartbeatMetric(base)].sort());
    for (const id of onFirst) {
      expect(watched.get(id), id).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    }
    for (const alarm of watched.values()) expect(alarm['AlarmActions']).toEqual([t.ref(stack.topics.ops)]);
    // An adhoc error is an answer to the operator who invoked it, not the machinery failing.
    expect([...watched.keys()].some((id) => id.includes(fn(stack.adhoc)))).toBe(false);
  });

  it('alarm when the watchdog itself stops: no invocation for two of its periods, missing data breaching', () => {
    for (const s of [base, full]) {
      expect(watchedBy(s).get(heartbeatMetric(s))).toMatchObject({
        Statistic: 'Sum',
        Period: s.stack.settings.watchdogEveryHours * 3600,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        EvaluationPeriods: HEARTBEAT_MISSED_PERIODS,
        TreatMissingData: 'breaching',
      });
    }
    expect(full.stack.settings.watchdogEveryHours).toBe(3);
  });
});

describe('least privilege', () => {
  const everyRole = (s: typeof base) => s.t.all('AWS::IAM::Role');

  it('uses no managed policies and no action wildcards anywhere', () => {
    for (const s of [base, full]) {
      for (const role of everyRole(s)) expect(role.props['ManagedPolicyArns'], role.id).toBeUndefined();
      const actions = s.t.all('AWS::IAM::Policy').flatMap((p) => (p.props['PolicyDocument'] as { Statement: Statement[] }).Statement.flatMap(actionsOf));
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  it('names the functions\' roles from the prefix (the member accounts trust these names)', () => {
    for (const s of [base, full]) {
      const prefix = s.stack.settings.roleNamePrefix;
      for (const fn of ['dispatch', 'scan', 'adhoc', 'report', 'watchdog'] as const) {
        expect(s.t.props(s.stack[fn].role, 'AWS::IAM::Role')['RoleName']).toBe(`${prefix}-${fn}`);
      }
    }
  });

  it('lets dispatch enqueue, publish, write run markers, assume the member roles and discover clusters in its own account, nothing more', () => {
    const { stack, t } = base;
    const allowed = t.allowed(stack.dispatch.role);
    const ownClusters = (region: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:eks:${region}:`, { Ref: 'AWS::AccountId' }, ':cluster/*']] });
    expect([...allowed.keys()].sort()).toEqual(
      [
        'eks:DescribeCluster',
        'eks:ListClusters',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:ListBucket',
        's3:PutObject',
        'sns:Publish',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
        'sts:AssumeRole',
      ].sort(),
    );
    expect(allowed.get('sqs:SendMessage')).toEqual(expect.arrayContaining([t.arn(stack.queues.work), t.arn(stack.queues.dispatchDlq)]));
    expect(allowed.get('sqs:SendMessage')).toHaveLength(2);
    expect(allowed.get('sqs:GetQueueUrl')).toEqual([t.arn(stack.queues.dispatchDlq)]);
    expect(allowed.get('sns:Publish')).toEqual([t.ref(stack.topics.alerts)]);
    expect(allowed.get('sts:AssumeRole')).toEqual([MEMBER_ROLE, OTHER_MEMBER_ROLE]);
    expect(allowed.get('eks:DescribeCluster')).toEqual([ownClusters('eu-west-1'), ownClusters('eu-central-1')]);
    expect(allowed.get('logs:PutLogEvents')).toEqual([t.arn(stack.dispatch.logGroup)]);
    expect(allowed.get('s3:PutObject')).toEqual([{ 'Fn::Join': ['', [t.arn(stack.snapshots.bucket), '/runs/*']] }]);
    expect(allowed.get('s3:ListBucket')).toEqual([t.arn(stack.snapshots.bucket)]);
    expect(full.t.allowed(full.stack.dispatch.role).get('s3:PutObject')).toEqual([{ 'Fn::Join': ['', [full.t.arn(full.stack.snapshots.bucket), '/psa/runs/*']] }]);
  });

  /** What a failure destination on a queue grants (CDK's SqsDestination). */
  const JOBS_DLQ_ACTIONS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];

  /** The S3 actions of a role, each with the folders (or keys) of the bucket it may act on. */
  const s3Grants = (s: typeof base, fn: 'dispatch' | 'scan' | 'adhoc' | 'report' | 'watchdog'): Record<string, string[]> => {
    const bucketArn = JSON.stringify(s.t.arn(s.stack.snapshots.bucket));
    const name = (resource: Json): string => {
      if (JSON.stringify(resource) === bucketArn) return '(bucket)';
      const join = (resource as { 'Fn::Join': [string, Json[]] })['Fn::Join'];
      expect(JSON.stringify(join[1][0])).toBe(bucketArn);
      return String(join[1][1]).slice(1);
    };
    return Object.fromEntries([...s.t.allowed(s.stack[fn].role)].filter(([action]) => action.startsWith('s3:')).map(([action, resources]) => [action, resources.map(name)]));
  };

  it('lets adhoc read the fleet policy and create what-ifs (retained), reach clusters as scan does, never the chain', () => {
    for (const s of [base, full]) {
      const f = bucketFolders(s.stack.settings.snapshotPrefix);
      const policy = s.stack.settings.fleetPolicyKey === undefined ? [] : [s.stack.settings.fleetPolicyKey];
      expect(s3Grants(s, 'adhoc')).toEqual({
        's3:GetObject': [`${f.whatIfs}*`, ...policy],
        's3:PutObject': [`${f.whatIfs}*`],
        's3:ListBucket': ['(bucket)'],
        ...(s.stack.settings.objectLock === undefined ? {} : { 's3:PutObjectRetention': [`${f.whatIfs}*`] }),
      });
      const allowed = s.t.allowed(s.stack.adhoc.role);
      expect(allowed.get('sts:AssumeRole')).toEqual([MEMBER_ROLE, OTHER_MEMBER_ROLE]);
      expect([...allowed.keys()].filter((a) => a.startsWith('eks:'))).toEqual(['eks:DescribeCluster']);
      expect(allowed.get('sns:Publish')).toBeUndefined();
      expect(allowed.get('sqs:SendMessage')).toBeUndefined();
    }
  });

  it('lets report read the chain and create the fleet report, nothing else', () => {
    for (const s of [base, full]) {
      const f = bucketFolders(s.stack.settings.snapshotPrefix);
      expect(s3Grants(s, 'report')).toEqual({
        's3:GetObject': [`${f.snapshots}*`, `${f.staging}*`, `${f.pointers}*`, `${f.fleetReports}*`],
        's3:PutObject': [`${f.fleetReports}*`],
        's3:ListBucket': ['(bucket)'],
      });
      const allowed = s.t.allowed(s.stack.report.role);
      const other = [...allowed.keys()].filter((a) => !a.startsWith('s3:') && !a.startsWith('logs:') && !a.startsWith('xray:'));
      // SQS: its failure destination, the jobs DLQ.
      expect(other.sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', ...JOBS_DLQ_ACTIONS]);
      for (const action of JOBS_DLQ_ACTIONS) expect(allowed.get(action)).toEqual([s.t.arn(s.stack.queues.jobsDlq)]);
    }
  });

  it('lets watchdog read the chain and the run markers, create lapse markers, publish to the alerts topic, nothing else', () => {
    for (const s of [base, full]) {
      const f = bucketFolders(s.stack.settings.snapshotPrefix);
      expect(s3Grants(s, 'watchdog')).toEqual({
        's3:GetObject': [`${f.snapshots}*`, `${f.staging}*`, `${f.pointers}*`, `${f.runs}*`, `${f.lapses}*`],
        's3:PutObject': [`${f.lapses}*`],
        's3:ListBucket': ['(bucket)'],
      });
      const allowed = s.t.allowed(s.stack.watchdog.role);
      expect(allowed.get('sns:Publish')).toEqual([s.t.ref(s.stack.topics.alerts)]);
      const other = [...allowed.keys()].filter((a) => !a.startsWith('s3:') && !a.startsWith('logs:') && !a.startsWith('xray:'));
      expect(other.sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish', ...JOBS_DLQ_ACTIONS]);
      for (const action of JOBS_DLQ_ACTIONS) expect(allowed.get(action)).toEqual([s.t.arn(s.stack.queues.jobsDlq)]);
    }
  });

  it('lets scan read and write only its folders of the bucket: delete only staging, retain only snapshots', () => {
    for (const { stack, t } of [base, full]) {
      const allowed = t.allowed(stack.scan.role);
      const folders = bucketFolders(stack.settings.snapshotPrefix);
      const objects = (folder: string) => ({ 'Fn::Join': ['', [t.arn(stack.snapshots.bucket), `/${folder}*`]] });
      const written = [folders.snapshots, folders.staging, folders.pointers, folders.reports, folders.alerts].map(objects);
      const policyKey = stack.settings.fleetPolicyKey === undefined ? [] : [{ 'Fn::Join': ['', [t.arn(stack.snapshots.bucket), `/${stack.settings.fleetPolicyKey}`]] }];
      expect(allowed.get('s3:GetObject')).toEqual([...written, ...policyKey]);
      expect(allowed.get('s3:PutObject')).toEqual(written);
      expect(allowed.get('s3:DeleteObject')).toEqual([objects(folders.staging)]);
      expect(allowed.get('s3:ListBucket')).toEqual([t.arn(stack.snapshots.bucket)]);
      const s3 = [...allowed.keys()].filter((a) => a.startsWith('s3:')).sort();
      expect(s3).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject', ...(stack.settings.objectLock === undefined ? [] : ['s3:PutObjectRetention'])].sort());
    }
  });

  it('lets scan use the key only through S3 and SNS, publish only to the alerts topic, and never enqueue', () => {
    const { stack, t } = base;
    const kms = t.statementsOf(stack.scan.role).filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(kms).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: t.arn(stack.key),
        Condition: {
          StringEquals: {
            'kms:ViaService': [
              { 'Fn::Join': ['', ['s3.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
              { 'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
            ],
          },
        },
      },
    ]);
    const allowed = t.allowed(stack.scan.role);
    expect(allowed.get('sns:Publish')).toEqual([t.ref(stack.topics.alerts)]);
    expect(allowed.get('sqs:SendMessage')).toBeUndefined();
    expect(allowed.get('sts:AssumeRole')).toEqual([MEMBER_ROLE, OTHER_MEMBER_ROLE]);
    expect([...allowed.keys()].filter((a) => a.startsWith('eks:'))).toEqual(['eks:DescribeCluster']);
    // The event source's own permissions: receive and delete on the work queue only.
    const sqs = t.statementsOf(stack.scan.role).filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap(resourcesOf)).toEqual([t.arn(stack.queues.work)]);
  });

  it('grants EKS in the own account only when FLEET_CONFIG searches it with the own credentials', () => {
    const stack = new ScannerStack(new App(), 'MembersOnly', { fleetConfig: { accounts: [{ roleArn: MEMBER_ROLE, regions: ['eu-west-1'] }] } });
    const t = new StackTemplate(stack);
    for (const role of [stack.dispatch.role, stack.scan.role, stack.adhoc.role]) {
      expect([...t.allowed(role).keys()].filter((a) => a.startsWith('eks:'))).toEqual([]);
      expect(t.allowed(role).get('sts:AssumeRole')).toEqual([MEMBER_ROLE]);
    }
  });
});
