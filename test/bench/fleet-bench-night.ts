// One night of the bench fleet through the real handlers: dispatch (EventBridge Scheduler's event)
// -> the SQS work queue -> the scan function, as Lambda runs it under the stack's event source
// mapping: batch size 1 and at most `maxConcurrency` invocations at once, i.e. that many execution
// environments, each a process of its own (test/e2e/support/local-lambda.ts) taking one item at a
// time from its own poller (test/e2e/support/sqs-event-source.ts). Fresh environments each night, as
// Lambda's are after a day; their module load happens before the clock starts (a bundled handler's
// cold start is measured by bench:lambdas), and is reported apart.
//
// Measured around the night, not inside the handlers: per item the invocation's time and its wait in
// the queue; per cluster the snapshot's own scan time (from S3) and what its apiserver counted (the
// scanner's requests, 429s, dry-runs); per environment the peak RSS (/proc VmHWM); the queue's
// depth sampled every QUEUE_SAMPLE_MS.
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { DISPATCH_TIMEOUT, HANDLER_ENTRIES } from '../../infra/scanner-stack.ts';
import type { DispatchResult } from '../../lambdas/dispatch/dispatch-run.ts';
import { parseWorkItem } from '../../lambdas/common/work-item.ts';
import { createS3SnapshotStore } from '../../shared/store/s3-snapshot-store.ts';
import { SCANNER_REGION, type FleetAws } from '../e2e/support/fleet-aws.ts';
import { LocalLambda } from '../e2e/support/local-lambda.ts';
import { drainQueue } from '../e2e/support/sqs-event-source.ts';
import { countsOf, difference, readMetrics, type ApiserverCounts } from './fleet-bench-apiserver-metrics.ts';
import type { ClusterContents, RunningBenchCluster } from './fleet-bench-clusters.ts';
import { clusterServersMemory } from './fleet-bench-clusters.ts';
import type { FunctionEnvironments } from './fleet-bench-functions.ts';
import { busyShare, cpuTimes, processMemory } from './fleet-bench-machine.ts';
import { countAwsRequests, logSince, logSize } from './fleet-bench-moto-log.ts';
import { spread, type NightCluster, type NightEnvironment, type NightItem, type NightResult, type QueueSample } from './fleet-bench-result.ts';

const QUEUE_SAMPLE_MS = 250;

export interface NightOptions {
  readonly label: string;
  readonly index: number;
  readonly scheduledTime: Date;
  readonly aws: FleetAws;
  readonly clusters: readonly RunningBenchCluster[];
  readonly contents: ReadonlyMap<string, ClusterContents>;
  readonly environments: FunctionEnvironments;
  readonly maxConcurrency: number;
  readonly scanTimeoutMs: number;
  /** Gives up when the queue is not empty by then. */
  readonly timeoutMs: number;
  readonly workDir: string;
  /** moto's access log: the night's AWS requests are counted from it. */
  readonly motoLogFile: string;
  readonly progress: (line: string) => void;
}

async function queueDepth(aws: FleetAws, queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes = {} } = await aws.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes['ApproximateNumberOfMessages'] ?? 0), inFlight: Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0) };
}

/** Receives and deletes what the alert topic delivered to its subscribed queue; the count. */
async function drainAlerts(aws: FleetAws): Promise<number> {
  let count = 0;
  for (;;) {
    const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.alertQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return count;
    count += Messages.length;
    await aws.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: aws.alertQueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  }
}

async function apiserverCounts(clusters: readonly RunningBenchCluster[]): Promise<Map<string, ApiserverCounts>> {
  const limit = pLimit(4);
  return new Map(
    await Promise.all(clusters.map(({ spec, servers }) => limit(async () => [spec.name, countsOf(await readMetrics(servers.kubectl, servers.adminKubeconfig))] as const))),
  );
}

async function startEnvironments(options: NightOptions, dir: string): Promise<{ dispatch: LocalLambda; scans: LocalLambda[] }> {
  const started: LocalLambda[] = [];
  try {
    const dispatch = await LocalLambda.start({
      functionName: 'psa-fleet-dispatch',
      handlerModule: HANDLER_ENTRIES.dispatch,
      environment: options.environments.dispatch,
      logFile: join(dir, 'dispatch.log'),
      timeoutMs: DISPATCH_TIMEOUT.toMilliseconds(),
    });
    started.push(dispatch);
    // Two at a time: each loads the handler's modules (TypeScript stripped on the fly) on 2 cores.
    const limit = pLimit(2);
    const scans = await Promise.all(
      Array.from({ length: options.maxConcurrency }, (_, i) =>
        limit(async () => {
          const scan = await LocalLambda.start({
            functionName: 'psa-fleet-scan',
            handlerModule: HANDLER_ENTRIES.scan,
            environment: options.environments.scan,
            logFile: join(dir, `scan-${i + 1}.log`),
            timeoutMs: options.scanTimeoutMs,
          });
          started.push(scan);
          return scan;
        }),
      ),
    );
    return { dispatch, scans };
  } catch (error) {
    await Promise.allSettled(started.map((l) => l.stop()));
    throw error;
  }
}

export async function runNight(options: NightOptions): Promise<NightResult> {
  const { aws } = options;
  const dir = join(options.workDir, `night-${options.index}`);
  await mkdir(dir, { recursive: true });
  const { dispatch, scans } = await startEnvironments(options, dir);
  let sampling = true;
  try {
    options.progress(`${options.label}: ${scans.length} scan environments loaded (${scans.map((s) => (s.initMs / 1000).toFixed(1)).join(', ')} s)`);
    await drainAlerts(aws);
    const before = await apiserverCounts(options.clusters);

    const samples: QueueSample[] = [];
    const cpuBefore = cpuTimes();
    const motoLogBefore = await logSize(options.motoLogFile);
    const started = performance.now();
    const sampler = (async (): Promise<void> => {
      while (sampling) {
        const depth = await queueDepth(aws, aws.workQueueUrl);
        samples.push({ atMs: performance.now() - started, ...depth });
        await sleep(QUEUE_SAMPLE_MS);
      }
      // A failed sample ends the sampling only; the night's own calls report their failures.
    })().catch(() => undefined);

    const dispatched = await dispatch.invoke<DispatchResult>({ trigger: 'schedule', scheduledTime: options.scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const dispatchMs = performance.now() - started;
    options.progress(`${options.label}: dispatch enqueued ${dispatched.enqueued} (skipped ${dispatched.skipped}, failed ${dispatched.failed}) in ${(dispatchMs / 1000).toFixed(1)} s`);

    // Lambda's pollers run all along; here they start once dispatch has returned, since a poller
    // that finds the queue empty (drainQueue) has finished.
    const items: NightItem[] = [];
    const itemsDone = (): string => `${items.filter((i) => !i.failed).length}/${dispatched.enqueued}`;
    const batches = await Promise.all(
      scans.map((scan, environment) =>
        drainQueue({
          sqs: aws.sqs,
          queueUrl: aws.workQueueUrl,
          queueArn: aws.workQueueArn,
          region: SCANNER_REGION,
          batchSize: 1,
          timeoutMs: options.timeoutMs,
          invoke: async (event: SQSEvent): Promise<SQSBatchResponse> => {
            const record = event.Records[0];
            const startedAtMs = performance.now() - started;
            const receivedAt = Date.now();
            let failed = true;
            try {
              const response = await scan.invoke<SQSBatchResponse>(event);
              failed = response.batchItemFailures.length > 0;
              return response;
            } finally {
              items.push({
                cluster: record === undefined ? '' : parseWorkItem(record.body).cluster.name,
                environment: environment + 1,
                receiveCount: Number(record?.attributes.ApproximateReceiveCount ?? 1),
                queuedMs: receivedAt - Number(record?.attributes.SentTimestamp ?? receivedAt),
                startedAtMs,
                invokeMs: performance.now() - started - startedAtMs,
                failed,
              });
              options.progress(`${options.label}: ${itemsDone()} items done`);
            }
          },
        }),
      ),
    );
    const drainedMs = performance.now() - started;
    const machineCpuBusy = busyShare(cpuTimes(), cpuBefore);
    const awsRequests = countAwsRequests(await logSince(options.motoLogFile, motoLogBefore), aws.bucket);
    const wallMs = Math.max(dispatchMs, ...items.map((i) => i.startedAtMs + i.invokeMs));
    sampling = false;
    await sampler;

    const after = await apiserverCounts(options.clusters);
    const environments: NightEnvironment[] = scans.map((scan, i) => {
      const mine = items.filter((item) => item.environment === i + 1);
      return {
        environment: i + 1,
        initMs: scan.initMs,
        items: mine.length,
        clusters: mine.map((item) => item.cluster),
        largestNamespaces: Math.max(0, ...mine.map((item) => options.contents.get(item.cluster)?.namespaces ?? 0)),
        peakRssMb: (scan.pid === undefined ? undefined : processMemory(scan.pid))?.peakMb ?? NaN,
      };
    });

    const store = createS3SnapshotStore({ client: aws.s3, bucket: aws.bucket, prefix: '' });
    const clusters: NightCluster[] = await Promise.all(
      options.clusters.map(async (cluster) => {
        const { spec } = cluster;
        const latest = await store.latest({ account: spec.account, region: spec.region, name: spec.name });
        const snapshot = latest?.snapshot.runId === dispatched.runId ? latest.snapshot : undefined;
        const counts = difference(after.get(spec.name) ?? countsOf(''), before.get(spec.name) ?? countsOf(''));
        const item = items.filter((i) => i.cluster === spec.name && !i.failed).at(-1);
        return {
          cluster: spec.name,
          namespaces: snapshot?.summary.namespaces ?? 0,
          pods: options.contents.get(spec.name)?.pods ?? 0,
          outcome: snapshot?.outcome ?? 'not scanned this night',
          scanMs: snapshot === undefined ? NaN : Date.parse(snapshot.finishedAt) - Date.parse(snapshot.startedAt),
          itemMs: item?.invokeMs ?? NaN,
          requests: counts.scannerRequests,
          rejected429: counts.rejected,
          dryRunPatches: counts.dryRunPatches,
          serverMsPerRequest: (counts.executionSeconds * 1000) / Math.max(1, counts.scannerRequests),
          seatsPerRequest: counts.estimatedSeats / Math.max(1, counts.scannerRequests),
          snapshotBytes: snapshot === undefined ? NaN : (latest?.bytes.byteLength ?? NaN),
          apiserverPeakMb: clusterServersMemory(cluster).apiserver?.peakMb ?? NaN,
        };
      }),
    );

    const { visible: deadLettered } = await queueDepth(aws, aws.dlqUrl);
    const records = batches.flat().flatMap((b) => b.records);
    return {
      label: options.label,
      runId: dispatched.runId,
      wallMs,
      drainedMs,
      machineCpuBusy,
      awsRequests,
      clusters,
      items,
      environments,
      queue: {
        enqueued: dispatched.enqueued,
        dispatchMs,
        receives: records.length,
        redeliveries: records.filter((r) => Number(r.attributes.ApproximateReceiveCount) > 1).length,
        failedItems: items.filter((i) => i.failed).length,
        deadLettered,
        maxVisible: Math.max(0, ...samples.map((s) => s.visible)),
        maxInFlight: Math.max(0, ...samples.map((s) => s.inFlight)),
        queued: spread(items.map((i) => i.queuedMs)),
        samples,
      },
      alerts: await drainAlerts(aws),
    };
  } finally {
    sampling = false;
    await Promise.allSettled([dispatch, ...scans].map((l) => l.stop()));
  }
}
