// The whole nightly flow on this machine, through the real handler modules: EventBridge Scheduler's
// event -> dispatch -> SQS work queue -> scan (one cluster per record, partial batch responses)
// -> S3 snapshots -> drift -> SNS -> an SQS queue that reads the alerts back. The servers are real
// (two kube-apiservers with etcd and EKS token authenticators, moto for AWS); the functions run in
// processes of their own with the environment the CDK stack gives them. `npm run demo` prints what
// this does; test/e2e/fleet-flow.test.ts asserts on it.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ClusterIdentity } from '../../../shared/fleet/cluster-identity.ts';
import { alertDocumentSchema, type AlertDocument } from '../../../shared/notify/alert-document.ts';
import { createS3SnapshotStore } from '../../../shared/store/s3-snapshot-store.ts';
import type { StoredSnapshot } from '../../../shared/store/snapshot-store.ts';
import { verifyChain, type VerifyReport } from '../../../shared/store/verify-chain.ts';
import { OPERATIONS_ALERT_KIND, operationsProblemLine, type OperationsAlertDocument } from '../../../lambdas/common/operations-alert.ts';
import type { DispatchResult } from '../../../lambdas/dispatch/dispatch-run.ts';
import { functionEnvironments } from '../../../infra/lambda-environment.ts';
import type { FunctionName } from '../../../infra/scanner-identity.ts';
import { resolveScannerSettings } from '../../../infra/scanner-settings.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { memberRoleArn, SCANNER_REGION, setUpFleetAws, type FleetAws } from './fleet-aws.ts';
import { runTool } from '../../harness/run-tool.ts';
import { buildFleetClusters, FLEET, FLEET_POLICY_YAML, startFleetServers, type FleetServers } from './fleet-clusters.ts';
import { LocalLambda } from './local-lambda.ts';
import { drainQueue, type DeliveredBatch } from './sqs-event-source.ts';

export const FLEET_POLICY_KEY = 'config/fleet-policy.yaml';
/** Low, so a poisoned item reaches the DLQ within seconds (the stack's default is 3). */
export const MAX_RECEIVE_COUNT = 2;
/** A region moto does not know: discovery fails there (moto answers 500), beside places that work. */
export const UNREACHABLE_REGION = 'zz-nowhere-9';

export interface FleetFlowOptions {
  /** Where the functions' and moto's logs go (the caller removes it, or keeps it to read them). */
  readonly workDir: string;
  /** Also search UNREACHABLE_REGION, so discovery reports a failure. */
  readonly unreachableRegion?: boolean;
  /** Told about each step of the start-up. */
  readonly progress?: (step: string, ms: number) => void;
}

export type ReceivedAlert =
  | { readonly kind: 'drift'; readonly subject: string; readonly document: AlertDocument; readonly lines: readonly string[] }
  | { readonly kind: 'operations'; readonly subject: string; readonly document: OperationsAlertDocument; readonly lines: readonly string[] };

export interface RunReport {
  readonly runId: string;
  readonly dispatch: DispatchResult;
  readonly batches: readonly DeliveredBatch[];
  readonly alerts: readonly ReceivedAlert[];
  /** S3 keys created or replaced during the run, sorted. */
  readonly written: readonly string[];
  readonly ms: number;
}

/** One JSON log line of a function (Powertools logger), the fields the demo and the test read. */
export interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly messageId?: string;
  readonly cluster?: string;
  readonly [key: string]: unknown;
}

/** The JSON log lines (Powertools logger) and EMF metric lines of a function's log. */
export function jsonLines(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface FleetFlow {
  readonly servers: FleetServers;
  readonly aws: FleetAws;
  readonly dispatch: LocalLambda;
  readonly scan: LocalLambda;
  /** Each function's variables as the stack sets them (dispatch's and scan's with what Lambda sets too). */
  readonly environments: Readonly<Record<FunctionName, Readonly<Record<string, string>>>>;
  /** Dispatch for the schedule at `scheduledTime`, deliver the work queue to scan until it is empty, read what came out. */
  run(scheduledTime: Date): Promise<RunReport>;
  /** Puts a message on the work queue as it is (a redelivery, a poisoned item), delivers, reads what came out. */
  deliver(bodies: readonly string[]): Promise<Omit<RunReport, 'runId' | 'dispatch'>>;
  latest(cluster: ClusterIdentity): Promise<StoredSnapshot | undefined>;
  /** `psa-scan verify` over the bucket: every chain walked and judged. */
  verify(): Promise<VerifyReport>;
  history(cluster: ClusterIdentity): Promise<StoredSnapshot[]>;
  /** What the DLQ holds (received with a zero visibility timeout: left there). */
  deadLetters(): Promise<Message[]>;
  /** The scan function's log lines (JSON) about these SQS messages, in order. */
  scanLog(messageIds: readonly string[]): Promise<LogLine[]>;
  /** The apiserver's count of dry-run namespace PATCHes so far (its /metrics), per scanned cluster. */
  dryRunPatches(): Promise<Record<string, number>>;
  /** What reached the alert topic's subscribed queue since last read (taken off the queue). */
  alerts(): Promise<ReceivedAlert[]>;
  stop(): Promise<void>;
}

/** What Lambda puts in every function's environment, pointed at moto (also used by bench:fleet). */
export function lambdaRuntimeEnvironment(aws: FleetAws, credentials: FleetAws['functionCredentials']['scan'], home: string): Record<string, string> {
  return {
    // What Lambda sets: region, the execution role's credentials, the runtime.
    AWS_REGION: SCANNER_REGION,
    AWS_DEFAULT_REGION: SCANNER_REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    // Powertools reports a cold start only when Lambda says the environment started on demand.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    TZ: 'UTC',
    // What the stack sets (infra/lambda-bundling.ts): source-mapped stack traces.
    NODE_OPTIONS: '--enable-source-maps',
    // Local only: every AWS call goes to moto (the SDK's own variable), and no profile or config
    // file of the developer's is read.
    AWS_ENDPOINT_URL: aws.moto,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
  };
}

function receivedAlert(body: string): ReceivedAlert {
  const envelope = JSON.parse(body) as { Subject?: string; Message?: string };
  const subject = envelope.Subject ?? '';
  const message = JSON.parse(envelope.Message ?? 'null') as { kind?: string };
  if (message.kind === OPERATIONS_ALERT_KIND) {
    const document = message as OperationsAlertDocument;
    return { kind: 'operations', subject, document, lines: document.problems.map(operationsProblemLine) };
  }
  const document = alertDocumentSchema.parse(message);
  return { kind: 'drift', subject, document, lines: (document.findings ?? []).map((f) => `${f.severity.toUpperCase().padEnd(8)} ${f.summary}`) };
}

/** The metric's samples summed, from a Prometheus text exposition. */
function sumSamples(text: string, name: string, labels: Readonly<Record<string, string>>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export async function startFleetFlow(options: FleetFlowOptions): Promise<FleetFlow> {
  const progress = options.progress ?? ((): void => {});
  let mark = performance.now();
  const step = (name: string): void => {
    const now = performance.now();
    progress(name, now - mark);
    mark = now;
  };

  const servers = await startFleetServers(options.workDir);
  step('servers');
  let aws: FleetAws | undefined;
  const lambdas: LocalLambda[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(lambdas.map((l) => l.stop()));
    aws?.destroy();
    await servers.stop();
  };
  try {
    const [, setUp] = await Promise.all([
      buildFleetClusters(servers.clusters),
      setUpFleetAws(servers.moto, {
        clusters: FLEET,
        fleetPolicyKey: FLEET_POLICY_KEY,
        fleetPolicyYaml: FLEET_POLICY_YAML,
        maxReceiveCount: MAX_RECEIVE_COUNT,
        visibilityTimeoutSeconds: 1,
      }),
    ]);
    aws = setUp;
    step('clusters and AWS');

    const accounts = [...new Set(FLEET.map((c) => c.account))].map((account) => ({
      roleArn: memberRoleArn(account),
      regions: [...new Set(FLEET.filter((c) => c.account === account).map((c) => c.region)), ...(options.unreachableRegion === true && account === FLEET.at(-1)?.account ? [UNREACHABLE_REGION] : [])],
    }));
    const fleetConfig = { accounts, endpointOverrides: await servers.endpointOverrides(), awsEndpoints: { eks: aws.moto, sts: aws.moto } };
    const home = join(options.workDir, 'lambda-home');
    await mkdir(home, { recursive: true });
    // What the CDK stack sets for each function (infra/lambda-environment.ts), from settings as a
    // deployment would give them, pointed at moto's resources.
    const settings = resolveScannerSettings({
      fleetConfig,
      objectLock: { mode: 'GOVERNANCE', days: 1 },
      fleetPolicyKey: FLEET_POLICY_KEY,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    });
    const stackVariables = functionEnvironments(settings, { workQueueUrl: aws.workQueueUrl, alertTopicArn: aws.topicArn, snapshotBucket: aws.bucket, kmsKeyId: aws.kmsKeyId });
    const environments = {
      ...stackVariables,
      dispatch: { ...lambdaRuntimeEnvironment(aws, aws.functionCredentials.dispatch, home), ...stackVariables.dispatch },
      scan: { ...lambdaRuntimeEnvironment(aws, aws.functionCredentials.scan, home), ...stackVariables.scan },
    };
    const [dispatch, scan] = await Promise.all([
      LocalLambda.start({
        functionName: 'psa-fleet-dispatch',
        handlerModule: join(REPO_ROOT, 'lambdas', 'dispatch', 'handler.ts'),
        environment: environments.dispatch,
        logFile: join(options.workDir, 'dispatch.log'),
        timeoutMs: 60_000,
      }),
      LocalLambda.start({
        functionName: 'psa-fleet-scan',
        handlerModule: join(REPO_ROOT, 'lambdas', 'scan', 'handler.ts'),
        environment: environments.scan,
        logFile: join(options.workDir, 'scan.log'),
        timeoutMs: 120_000,
      }),
    ]);
    lambdas.push(dispatch, scan);
    step('functions');

    const ready = aws;
    const store = createS3SnapshotStore({ client: ready.s3, bucket: ready.bucket, prefix: '' });

    const objectTags = async (): Promise<Map<string, string>> => {
      const tags = new Map<string, string>();
      let token: string | undefined;
      do {
        const page = await ready.s3.send(new ListObjectsV2Command({ Bucket: ready.bucket, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key !== undefined) tags.set(object.Key, object.ETag ?? '');
        token = page.NextContinuationToken;
      } while (token !== undefined);
      return tags;
    };

    const readAlerts = async (): Promise<ReceivedAlert[]> => {
      const alerts: ReceivedAlert[] = [];
      for (;;) {
        const { Messages = [] } = await ready.sqs.send(new ReceiveMessageCommand({ QueueUrl: ready.alertQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        if (Messages.length === 0) return alerts;
        alerts.push(...Messages.map((m) => receivedAlert(m.Body ?? '')));
        await ready.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: ready.alertQueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
      }
    };

    const drain = (): Promise<DeliveredBatch[]> =>
      drainQueue({
        sqs: ready.sqs,
        queueUrl: ready.workQueueUrl,
        queueArn: ready.workQueueArn,
        region: SCANNER_REGION,
        invoke: (event: SQSEvent) => scan.invoke<SQSBatchResponse>(event),
        timeoutMs: 60_000,
      });

    const observe = async <T>(work: () => Promise<T>): Promise<{ result: T; alerts: ReceivedAlert[]; written: string[]; ms: number }> => {
      const started = performance.now();
      const before = await objectTags();
      const result = await work();
      const after = await objectTags();
      const written = [...after].filter(([key, etag]) => before.get(key) !== etag).map(([key]) => key).sort();
      return { result, alerts: await readAlerts(), written, ms: performance.now() - started };
    };

    return {
      servers,
      aws: ready,
      dispatch,
      scan,
      environments,
      async run(scheduledTime: Date): Promise<RunReport> {
        const observed = await observe(async () => {
          const result = await dispatch.invoke<DispatchResult>({ trigger: 'schedule', scheduledTime: scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z') });
          return { dispatch: result, batches: await drain() };
        });
        const { dispatch: dispatched, batches } = observed.result;
        return { runId: dispatched.runId, dispatch: dispatched, batches, alerts: observed.alerts, written: observed.written, ms: observed.ms };
      },
      async deliver(bodies: readonly string[]) {
        const observed = await observe(async () => {
          for (const body of bodies) await ready.sqs.send(new SendMessageCommand({ QueueUrl: ready.workQueueUrl, MessageBody: body }));
          return drain();
        });
        return { batches: observed.result, alerts: observed.alerts, written: observed.written, ms: observed.ms };
      },
      async scanLog(messageIds: readonly string[]): Promise<LogLine[]> {
        const wanted = new Set(messageIds);
        return jsonLines(await scan.logLines()).filter((l): l is LogLine => typeof l['messageId'] === 'string' && wanted.has(l['messageId']) && typeof l['message'] === 'string');
      },
      latest: (cluster) => store.latest(cluster),
      verify: () => verifyChain(store),
      history: (cluster) => store.history(cluster),
      async deadLetters(): Promise<Message[]> {
        const { Messages = [] } = await ready.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: ready.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageSystemAttributeNames: ['All'] }),
        );
        return Messages;
      },
      async dryRunPatches(): Promise<Record<string, number>> {
        const counts: Record<string, number> = {};
        for (const { spec, servers: s } of servers.clusters) {
          const { stdout } = await runTool(s.kubectl, ['--kubeconfig', s.adminKubeconfig, 'get', '--raw', '/metrics'], { what: 'kubectl get --raw /metrics' });
          counts[spec.name] = sumSamples(stdout, 'apiserver_request_total', { verb: 'PATCH', resource: 'namespaces', dry_run: 'All' });
        }
        return counts;
      },
      alerts: readAlerts,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

