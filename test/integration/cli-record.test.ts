// The CLI's record of scans over time, in-process against the harness apiserver: scan --store
// (a folder, and S3 on moto) with --notify (a folder, and SNS to an SQS queue on moto), then
// history, diff and verify over what was stored.

import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliEnvironment } from '../../shared/cli/cli-environment.ts';
import { runCli } from '../../shared/cli/run-cli.ts';
import { writeOnceFile as writeNewFile } from '../../shared/notify/write-once-file.ts';
import { processLockOwner } from '../../shared/store/folder-lock.ts';
import { capturedIo } from '../cli/captured-io.ts';
import { restrictedPod } from './scenarios/pods.ts';
import { coreApi, createNamespace, createPod, MERGE_PATCH, servers } from './support/kube.ts';

const NAMESPACE = 'cli-record';
const ENFORCE = 'pod-security.kubernetes.io/enforce';

interface ScanJson {
  clusters: Array<{ outcome: string; file: string | null; recorded?: { key: string | null; comparedWith: string | null; notified: string | null; error: string | null; findings: Array<{ kind: string; namespace: string | null }> } }>;
}

function environment(variables: Record<string, string> = {}): CliEnvironment {
  return {
    variables,
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    now: () => new Date(),
    writeNewFile,
    scannerVersion: '0.1.0-test',
    lockOwner: processLockOwner(process, hostname()),
  };
}

async function run(args: string[], variables: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const captured = capturedIo();
  const status = await runCli(args, captured.io, environment(variables));
  return { status, stdout: captured.stdout(), stderr: captured.stderr() };
}

async function relabel(labels: Record<string, string>): Promise<void> {
  await coreApi(servers().adminKubeconfig).patchNamespace({ name: NAMESPACE, body: { metadata: { labels } } }, MERGE_PATCH);
}

const kindsFor = (report: ScanJson, namespace: string | null): string[] =>
  (report.clusters[0]?.recorded?.findings ?? []).filter((f) => f.namespace === namespace).map((f) => f.kind);

describe('recording scans with the CLI', () => {
  let work: string;

  beforeAll(async () => {
    const admin = coreApi(servers().adminKubeconfig);
    await createNamespace(admin, NAMESPACE, { [ENFORCE]: 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30' });
    await createPod(admin, NAMESPACE, restrictedPod('web'));
    work = await mkdtemp(join(tmpdir(), 'psa-cli-record-'));
  });

  describe('to a folder', () => {
    const scan = async (): Promise<ScanJson> => {
      const result = await run(['scan', '--kubeconfig', servers().scannerKubeconfig, '--store', join(work, 'store'), '--notify', `file:${join(work, 'alerts')}`, '--out', join(work, 'out'), '--format', 'json']);
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout) as ScanJson;
    };
    let first: ScanJson;
    let second: ScanJson;

    beforeAll(async () => {
      first = await scan();
      await relabel({ [ENFORCE]: 'privileged' });
      second = await scan();
      await relabel({ [ENFORCE]: 'restricted' });
    });

    it('stores the first scan as the start of the chain, with a baseline finding and its alert', async () => {
      expect(first.clusters[0]?.recorded).toMatchObject({ comparedWith: null, notified: 'file', error: null });
      expect(kindsFor(first, null)).toContain('baseline');
      expect((await readdir(join(work, 'alerts'))).filter((f) => f.endsWith('.alert.json'))).toHaveLength(2);
    });

    it('reports the relabelled namespace on the next scan, compared with the first', () => {
      expect(second.clusters[0]?.recorded?.comparedWith).toBe(first.clusters[0]?.recorded?.key);
      expect(kindsFor(second, NAMESPACE)).toEqual(['enforcement-removed']);
    });

    it('shows the history with what each scan changed', async () => {
      const result = await run(['history', '--store', join(work, 'store'), '--cluster', 'psa-scanner', '--format', 'json']);
      expect(result.status).toBe(0);
      const history = JSON.parse(result.stdout) as { snapshots: Array<{ key: string; findings: Array<{ kind: string; namespace: string | null }> }> };
      expect(history.snapshots.map((s) => s.key)).toEqual([first.clusters[0]?.recorded?.key, second.clusters[0]?.recorded?.key]);
      expect(history.snapshots[1]?.findings.filter((f) => f.namespace === NAMESPACE).map((f) => f.kind)).toEqual(['enforcement-removed']);
      const text = await run(['history', '--store', join(work, 'store'), '--cluster', 'local/local/psa-scanner']);
      expect(text.stdout).toMatch(/^local\/local\/psa-scanner: 2 snapshots, oldest first\n/);
      expect(text.stdout).toContain(`CRITICAL ${NAMESPACE}: enforce restricted:v1.30 -> privileged: nothing is enforced now`);
    });

    it('diffs the two snapshot files as the alert did (exit 1: there are findings)', async () => {
      const [a, b] = [first.clusters[0]?.file ?? '', second.clusters[0]?.file ?? ''];
      const result = await run(['diff', '--format', 'json', a, b]);
      expect(result.status).toBe(1);
      const findings = (JSON.parse(result.stdout) as { findings: Array<{ kind: string; namespace: string | null }> }).findings;
      expect(findings.filter((f) => f.namespace === NAMESPACE).map((f) => f.kind)).toEqual(['enforcement-removed']);
      expect((await run(['diff', b, b])).stdout).toBe('no change\n');
    });

    it('verifies the chain intact', async () => {
      const result = await run(['verify', '--store', join(work, 'store')]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    });
  });

  describe('to S3 with alerts through SNS', () => {
    it('stores under the prefix and publishes the change to a subscribed queue', async () => {
      const endpoint = servers().motoEndpoint ?? '';
      const aws = { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
      await new S3Client({ ...aws, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'cli-record', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
      const sns = new SNSClient(aws);
      const sqs = new SQSClient(aws);
      const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'cli-record' }));
      const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'cli-record' }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.['QueueArn'], Attributes: { RawMessageDelivery: 'true' } }));
      const variables = { AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
      const args = ['scan', '--kubeconfig', servers().scannerKubeconfig, '--store', 's3://cli-record/psa', '--notify', `sns:${TopicArn}`, '--format', 'json'];

      const first = JSON.parse((await run(args, variables)).stdout) as ScanJson;
      await relabel({ [ENFORCE]: 'baseline' });
      const second = JSON.parse((await run(args, variables)).stdout) as ScanJson;
      await relabel({ [ENFORCE]: 'restricted' });

      expect(first.clusters[0]?.recorded?.key).toMatch(/^snapshots\/account=local\/region=local\/cluster=psa-scanner\/date=\d{4}-\d\d-\d\d\/.+\.json$/);
      expect(second.clusters[0]?.recorded).toMatchObject({ comparedWith: first.clusters[0]?.recorded?.key, notified: 'sns', error: null });
      expect(kindsFor(second, NAMESPACE)).toEqual(['enforcement-relaxed']);
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      const documents = Messages.map((m) => JSON.parse(m.Body ?? '{}') as { findings: Array<{ kind: string; namespace: string | null }> });
      expect(documents).toHaveLength(2);
      expect(documents[1]?.findings.filter((f) => f.namespace === NAMESPACE).map((f) => f.kind)).toEqual(['enforcement-relaxed']);
      expect((await run(['verify', '--store', 's3://cli-record/psa'], variables)).status).toBe(0);
    });
  });
});
