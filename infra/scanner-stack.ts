// The scanner account's stack: the nightly schedule, dispatch, the work queue, scan, the snapshot
// bucket and the topics, wired as DESIGN.md's flow; beside them the jobs that read what the flow
// stored: the fleet report after the scan window, the missed-scan watchdog every hour, and the
// ad-hoc what-if operators invoke. Each part is a construct beside this file; this one decides what
// they get from each other.
//
//   Scheduler (cron, time zone) -> dispatch -> SQS work queue (DLQ) -> scan (max concurrency)
//     -> S3 snapshots (KMS, Object Lock) -> SNS alerts;  alarms -> SNS ops
//   Scheduler -> report -> S3 reports/fleet/;  Scheduler (hourly) -> watchdog -> SNS alerts
//   operator (lambda:InvokeFunction) -> adhoc -> S3 whatif/
//
// Sizes: scan gets Lambda's longest timeout, 15 minutes. A big cluster takes minutes (thousands of
// pods to list, a dry-run per namespace and level, the apiserver's priority and fairness answering
// 429s with Retry-After), and a scan cut short is a failed item that starts over. Its memory
// defaults to 1769 MB, where Lambda gives a whole vCPU: attribution and parsing are CPU-bound.
// One cluster per invocation (batch size 1): the 15 minutes belong to one cluster, and a failure
// retries only that one. The what-if does a scan's work and more: the same. Dispatch makes a few
// API calls per cluster: 5 minutes and 512 MB. The report reads every cluster's chain for the
// trend (one snapshot per cluster and night): 15 minutes and the scan's memory. The watchdog reads
// each chain's head: 5 minutes, 512 MB.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import path from 'node:path';
import { CHART_JS_BUNDLE_FILE } from '../lambdas/report/chart-js-beside-handler.ts';
import { chartJsUmdPath } from '../shared/report/chart-js-from-node-modules.ts';
import { AlertTopics } from './alert-topics.ts';
import { bucketFolders } from './bucket-layout.ts';
import { FunctionSchedule } from './function-schedule.ts';
import type { FilesBesideBundle } from './lambda-bundling.ts';
import { checkEnvironmentSize, functionEnvironments } from './lambda-environment.ts';
import { ScannerAlarms } from './scanner-alarms.ts';
import { ScannerFunction } from './scanner-function.ts';
import { FUNCTION_NAMES, scannerRoleNames, serviceName, type FunctionName } from './scanner-identity.ts';
import { grantAdhoc, grantDispatch, grantReport, grantScan, grantWatchdog, type FleetAccess } from './scanner-permissions.ts';
import { resolveScannerSettings, type ScannerSettings, type ScannerSettingsInput } from './scanner-settings.ts';
import { SnapshotBucket } from './snapshot-bucket.ts';
import { WorkQueues } from './work-queues.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** The handlers (lambdas/README.md has the contract). */
export const HANDLER_ENTRIES: Readonly<Record<FunctionName, string>> = Object.fromEntries(
  FUNCTION_NAMES.map((name) => [name, path.join(REPO_ROOT, 'lambdas', name, 'handler.ts')]),
) as Record<FunctionName, string>;

/** What each function reads beside its bundle: the report inlines Chart.js into its page. */
export function filesBesideBundle(name: FunctionName): FilesBesideBundle {
  return name === 'report' ? { [CHART_JS_BUNDLE_FILE]: chartJsUmdPath() } : {};
}

export const SCAN_TIMEOUT = Duration.minutes(15);
export const DISPATCH_TIMEOUT = Duration.minutes(5);
export const DISPATCH_MEMORY_MB = 512;
export const REPORT_TIMEOUT = Duration.minutes(15);
export const WATCHDOG_TIMEOUT = Duration.minutes(5);
export const WATCHDOG_MEMORY_MB = 512;

/** The metric dispatch counts when it cannot write a run's marker (lambdas/dispatch/dispatch-run.ts). */
export const RUN_MARKER_FAILURES = 'RunMarkerFailures';

export interface ScannerStackProps extends StackProps, ScannerSettingsInput {
  /** Other handler files (tests); default HANDLER_ENTRIES. */
  readonly entries?: Readonly<Record<FunctionName, string>>;
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
  readonly adhoc: ScannerFunction;
  readonly report: ScannerFunction;
  readonly watchdog: ScannerFunction;
  readonly schedule: FunctionSchedule;
  readonly reportSchedule: FunctionSchedule;
  readonly watchdogSchedule: FunctionSchedule;
  readonly alarms: ScannerAlarms;

  constructor(scope: Construct, id: string, props: ScannerStackProps) {
    super(scope, id, props);
    const settings = resolveScannerSettings(props);
    this.settings = settings;
    const entries = props.entries ?? HANDLER_ENTRIES;
    const fleet = fleetAccess(settings);
    const roleNames = scannerRoleNames(settings.roleNamePrefix);
    const folders = bucketFolders(settings.snapshotPrefix);

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

    const environments = functionEnvironments(settings, {
      workQueueUrl: this.queues.work.queueUrl,
      alertTopicArn: this.topics.alerts.topicArn,
      snapshotBucket: this.snapshots.bucket.bucketName,
      kmsKeyId: this.key.keyArn,
    });
    for (const name of FUNCTION_NAMES) checkEnvironmentSize(name, environments[name]);
    const common = (name: FunctionName) => ({
      entry: entries[name],
      roleName: roleNames[name],
      environment: environments[name],
      logRetention: settings.logRetention,
      tracing: settings.tracing,
      besideBundle: filesBesideBundle(name),
    });
    const storeResources = { bucket: this.snapshots.bucket, folders, key: this.key };
    const objectLock = settings.objectLock !== undefined;

    this.dispatch = new ScannerFunction(this, 'Dispatch', {
      ...common('dispatch'),
      description: 'Discovers the EKS fleet and enqueues one scan per cluster',
      memorySize: DISPATCH_MEMORY_MB,
      timeout: DISPATCH_TIMEOUT,
      onFailure: new SqsDestination(this.queues.dispatchDlq),
    });
    grantDispatch(this.dispatch.role, { fleet, tracing: settings.tracing, workQueue: this.queues.work, alerts: this.topics.alerts, key: this.key, store: storeResources });

    this.scan = new ScannerFunction(this, 'Scan', {
      ...common('scan'),
      description: 'Scans one EKS cluster per work item: snapshot, drift, alerts',
      memorySize: settings.scanMemoryMb,
      timeout: SCAN_TIMEOUT,
    });
    grantScan(this.scan.role, {
      fleet,
      tracing: settings.tracing,
      bucket: this.snapshots.bucket,
      folders,
      fleetPolicyKey: settings.fleetPolicyKey,
      objectLock,
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

    // Invoked by an operator, synchronously: the answer (or the request's error) goes back to the
    // caller, so no retries and no failure destination.
    this.adhoc = new ScannerFunction(this, 'Adhoc', {
      ...common('adhoc'),
      description: 'Pre-upgrade what-if for one EKS cluster, on request',
      memorySize: settings.scanMemoryMb,
      timeout: SCAN_TIMEOUT,
    });
    grantAdhoc(this.adhoc.role, { ...storeResources, fleet, tracing: settings.tracing, fleetPolicyKey: settings.fleetPolicyKey, objectLock });

    this.report = new ScannerFunction(this, 'Report', {
      ...common('report'),
      description: 'The nightly fleet report: JSON, CSV and HTML from the stored snapshots',
      memorySize: settings.scanMemoryMb,
      timeout: REPORT_TIMEOUT,
      onFailure: new SqsDestination(this.queues.jobsDlq),
    });
    grantReport(this.report.role, { ...storeResources, tracing: settings.tracing });

    this.watchdog = new ScannerFunction(this, 'Watchdog', {
      ...common('watchdog'),
      description: 'Pages when the nightly run did not start or a cluster was not scanned within the window',
      memorySize: WATCHDOG_MEMORY_MB,
      timeout: WATCHDOG_TIMEOUT,
      onFailure: new SqsDestination(this.queues.jobsDlq),
    });
    grantWatchdog(this.watchdog.role, { ...storeResources, tracing: settings.tracing, alerts: this.topics.alerts });

    const nightly = { cron: settings.scheduleCron, timeZone: settings.scheduleTimeZone };
    this.schedule = new FunctionSchedule(this, 'Nightly', {
      purpose: 'the nightly fleet scan (dispatch)',
      timing: nightly,
      target: this.dispatch.function,
      deadLetterQueue: this.queues.dispatchDlq,
    });
    this.reportSchedule = new FunctionSchedule(this, 'NightlyReport', {
      purpose: 'the nightly fleet report, after the scan window',
      timing: { cron: settings.reportCron, timeZone: settings.scheduleTimeZone },
      target: this.report.function,
      deadLetterQueue: this.queues.jobsDlq,
    });
    const watchdogEvery = Duration.hours(settings.watchdogEveryHours);
    this.watchdogSchedule = new FunctionSchedule(this, 'WatchdogLook', {
      purpose: 'the missed-scan watchdog',
      timing: { every: watchdogEvery },
      target: this.watchdog.function,
      deadLetterQueue: this.queues.jobsDlq,
    });

    this.alarms = new ScannerAlarms(this, 'Alarms', {
      // Not adhoc: its failures are answers to the operator who invoked it (a version older than the
      // cluster's, a cluster not in the fleet), not the scanner's machinery failing.
      functions: { Dispatch: this.dispatch.function, Scan: this.scan.function, Report: this.report.function, Watchdog: this.watchdog.function },
      deadLetterQueues: { WorkDlq: this.queues.workDlq, DispatchDlq: this.queues.dispatchDlq, JobsDlq: this.queues.jobsDlq },
      counts: [
        {
          namespace: settings.metricsNamespace,
          service: serviceName('dispatch'),
          metricName: RUN_MARKER_FAILURES,
          description: 'dispatch could not write a run marker: the watchdog will report that run as missing (see the dispatch log)',
        },
      ],
      heartbeat: { name: 'Watchdog', fn: this.watchdog.function, every: watchdogEvery },
      topic: this.topics.ops,
    });

    new CfnOutput(this, 'AdhocFunctionName', {
      description: 'The what-if function: aws lambda invoke --function-name <this> --payload \'{"cluster":{"account":"...","region":"...","name":"..."},"toVersion":"1.38"}\' out.json',
      value: this.adhoc.function.functionName,
    });
    new CfnOutput(this, 'SnapshotBucketName', { description: 'psa-scan --store s3://<this>/<snapshotPrefix>', value: this.snapshots.bucket.bucketName });
  }
}
