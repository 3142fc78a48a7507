// The scanner account's stack: the nightly schedule, dispatch, the work queue, scan, the snapshot
// bucket and the topics, wired as DESIGN.md's flow. Each part is a construct beside this file; this
// one decides what they get from each other.
//
//   Scheduler (cron, time zone) -> dispatch -> SQS work queue (DLQ) -> scan (max concurrency)
//     -> S3 snapshots (KMS, Object Lock) -> SNS alerts;  alarms -> SNS ops
//
// Sizes: scan gets Lambda's longest timeout, 15 minutes. A big cluster takes minutes (thousands of
// pods to list, a dry-run per namespace and level, the apiserver's priority and fairness answering
// 429s with Retry-After), and a scan cut short is a failed item that starts over. Its memory
// defaults to 1769 MB, where Lambda gives a whole vCPU: attribution and parsing are CPU-bound.
// One cluster per invocation (batch size 1): the 15 minutes belong to one cluster, and a failure
// retries only that one. Dispatch makes a few API calls per cluster: 5 minutes and 512 MB.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import path from 'node:path';
import { AlertTopics } from './alert-topics.ts';
import { bucketFolders } from './bucket-layout.ts';
import { checkEnvironmentSize, dispatchEnvironment, scanEnvironment } from './lambda-environment.ts';
import { NightlySchedule } from './nightly-schedule.ts';
import { ScannerAlarms } from './scanner-alarms.ts';
import { ScannerFunction } from './scanner-function.ts';
import { scannerRoleNames } from './scanner-identity.ts';
import { grantDispatch, grantScan, type FleetAccess } from './scanner-permissions.ts';
import { resolveScannerSettings, type ScannerSettings, type ScannerSettingsInput } from './scanner-settings.ts';
import { SnapshotBucket } from './snapshot-bucket.ts';
import { WorkQueues } from './work-queues.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** The handlers (lambdas/README.md has the contract). */
export const HANDLER_ENTRIES = {
  dispatch: path.join(REPO_ROOT, 'lambdas', 'dispatch', 'handler.ts'),
  scan: path.join(REPO_ROOT, 'lambdas', 'scan', 'handler.ts'),
} as const;

export const SCAN_TIMEOUT = Duration.minutes(15);
export const DISPATCH_TIMEOUT = Duration.minutes(5);
export const DISPATCH_MEMORY_MB = 512;

export interface ScannerStackProps extends StackProps, ScannerSettingsInput {
  /** Other handler files (tests); default HANDLER_ENTRIES. */
  readonly entries?: { readonly dispatch: string; readonly scan: string };
}

function fleetAccess(settings: ScannerSettings): FleetAccess {
  const { accounts } = settings.fleet;
  return {
    memberRoleArns: accounts.flatMap((a) => (a.roleArn === undefined ? [] : [a.roleArn])),
    ownAccountRegions: accounts.find((a) => a.roleArn === undefined)?.regions ?? [],
  };
}

export class ScannerStack extends Stack {
  readonly settings: ScannerSettings;
  readonly key: Key;
  readonly snapshots: SnapshotBucket;
  readonly topics: AlertTopics;
  readonly queues: WorkQueues;
  readonly dispatch: ScannerFunction;
  readonly scan: ScannerFunction;
  readonly schedule: NightlySchedule;
  readonly alarms: ScannerAlarms;

  constructor(scope: Construct, id: string, props: ScannerStackProps) {
    super(scope, id, props);
    const settings = resolveScannerSettings(props);
    this.settings = settings;
    const entries = props.entries ?? HANDLER_ENTRIES;
    const fleet = fleetAccess(settings);
    const roleNames = scannerRoleNames(settings.roleNamePrefix);
    const powertools = (fn: string) => ({ serviceName: `psa-fleet-scanner-${fn}`, metricsNamespace: settings.metricsNamespace, logLevel: settings.logLevel });

    this.key = new Key(this, 'Key', {
      description: 'psa-fleet-scanner: snapshots, reports and alert topics',
      enableKeyRotation: true,
    });
    this.snapshots = new SnapshotBucket(this, 'SnapshotStore', {
      key: this.key,
      prefix: settings.snapshotPrefix,
      infrequentAccessAfterDays: settings.infrequentAccessAfterDays,
      glacierInstantRetrievalAfterDays: settings.glacierInstantRetrievalAfterDays,
      stagingExpirationDays: settings.stagingExpirationDays,
      accessLogRetentionDays: settings.accessLogRetentionDays,
    });
    this.topics = new AlertTopics(this, 'Topics', {
      key: this.key,
      ...(settings.alertEmail === undefined ? {} : { alertEmail: settings.alertEmail }),
      ...(settings.opsEmail === undefined ? {} : { opsEmail: settings.opsEmail }),
    });
    this.queues = new WorkQueues(this, 'Queues', { scanTimeout: SCAN_TIMEOUT, maxReceiveCount: settings.maxReceiveCount });

    const dispatchVariables = dispatchEnvironment({
      powertools: powertools('dispatch'),
      fleetConfigJson: settings.fleetConfigJson,
      workQueueUrl: this.queues.work.queueUrl,
      alertTopicArn: this.topics.alerts.topicArn,
    });
    const scanVariables = scanEnvironment({
      powertools: powertools('scan'),
      fleetConfigJson: settings.fleetConfigJson,
      snapshotBucket: this.snapshots.bucket.bucketName,
      snapshotPrefix: settings.snapshotPrefix,
      alertTopicArn: this.topics.alerts.topicArn,
      kmsKeyId: this.key.keyArn,
      objectLock: settings.objectLock,
      fleetPolicyKey: settings.fleetPolicyKey,
      scanConcurrency: settings.scanConcurrency,
      requestTimeoutMs: settings.requestTimeoutMs,
      maxReceiveCount: settings.maxReceiveCount,
    });
    checkEnvironmentSize('dispatch', dispatchVariables);
    checkEnvironmentSize('scan', scanVariables);

    this.dispatch = new ScannerFunction(this, 'Dispatch', {
      entry: entries.dispatch,
      description: 'Discovers the EKS fleet and enqueues one scan per cluster',
      roleName: roleNames.dispatch,
      memorySize: DISPATCH_MEMORY_MB,
      timeout: DISPATCH_TIMEOUT,
      environment: dispatchVariables,
      logRetention: settings.logRetention,
      tracing: settings.tracing,
      onFailure: new SqsDestination(this.queues.dispatchDlq),
    });
    grantDispatch(this.dispatch.role, { fleet, tracing: settings.tracing, workQueue: this.queues.work, alerts: this.topics.alerts, key: this.key });

    this.scan = new ScannerFunction(this, 'Scan', {
      entry: entries.scan,
      description: 'Scans one EKS cluster per work item: snapshot, drift, alerts',
      roleName: roleNames.scan,
      memorySize: settings.scanMemoryMb,
      timeout: SCAN_TIMEOUT,
      environment: scanVariables,
      logRetention: settings.logRetention,
      tracing: settings.tracing,
    });
    grantScan(this.scan.role, {
      fleet,
      tracing: settings.tracing,
      bucket: this.snapshots.bucket,
      folders: bucketFolders(settings.snapshotPrefix),
      fleetPolicyKey: settings.fleetPolicyKey,
      objectLock: settings.objectLock !== undefined,
      alerts: this.topics.alerts,
      key: this.key,
    });
    this.scan.function.addEventSource(
      new SqsEventSource(this.queues.work, {
        batchSize: 1,
        reportBatchItemFailures: true,
        // A cap on the poller, not reserved concurrency: with reserved concurrency the poller keeps
        // receiving, Lambda throttles, and each throttled receive counts towards maxReceiveCount.
        maxConcurrency: settings.maxConcurrentScans,
      }),
    );

    this.schedule = new NightlySchedule(this, 'Nightly', {
      cron: settings.scheduleCron,
      timeZone: settings.scheduleTimeZone,
      dispatch: this.dispatch.function,
      deadLetterQueue: this.queues.dispatchDlq,
    });
    this.alarms = new ScannerAlarms(this, 'Alarms', {
      functions: { Dispatch: this.dispatch.function, Scan: this.scan.function },
      deadLetterQueues: { WorkDlq: this.queues.workDlq, DispatchDlq: this.queues.dispatchDlq },
      topic: this.topics.ops,
    });
  }
}
