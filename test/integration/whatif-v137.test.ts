// The pre-upgrade what-if on a real v1.37 apiserver, through the CLI: to v1.37 itself nothing moves
// and nothing is new; to v1.39, newer than the checks the scanner knows, it says so, and moves the
// `latest` namespace and the pins newer than the server (v1.38 to its pin, v1.40 to the target's
// v1.39); a downgrade is refused. Stored beside a nightly chain, in a folder and in S3 (moto), the
// document is written once under whatif/ and the chain (pointer, verify, history, the next scan's
// predecessor) is exactly as it was. Its own apiserver, so the namespaces are exactly these.
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliEnvironment } from '../../shared/cli/cli-environment.ts';
import { runCli } from '../../shared/cli/run-cli.ts';
import { writeOnceFile as writeNewFile } from '../../shared/notify/write-once-file.ts';
import { KUBERNETES_DEFAULT_POD_SECURITY } from '../../shared/pss/admission/pod-security-configuration.ts';
import { processLockOwner } from '../../shared/store/folder-lock.ts';
import { createS3Client, s3ClientSettings } from '../../shared/store/s3-client-config.ts';
import { openWhatIfStore } from '../../shared/store/what-if-store.ts';
import { parseWhatIfJson } from '../../shared/whatif/what-if-json.ts';
import type { UpgradeWhatIf } from '../../shared/whatif/what-if-schema.ts';
import { capturedIo } from '../cli/captured-io.ts';
import { startServers, type Servers } from '../harness/servers.ts';
import { RESTRICTED_SPEC, ROOT_SPEC } from '../support/playbook/playbook-cluster.ts';
import { adminApis, createDeployment } from '../support/playbook/workloads.ts';
import { eventually, patchNamespaceLabels, servers as sharedServers } from './support/kube.ts';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const CLUSTER_PARTITION = 'account=local/region=local/cluster=psa-scanner';

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function environment(variables: Record<string, string> = {}): CliEnvironment {
  return { variables, stdoutIsTerminal: false, stderrIsTerminal: false, now: () => new Date(), writeNewFile, scannerVersion: '0.1.0-test', lockOwner: processLockOwner(process, hostname()) };
}

async function run(args: string[], variables: Record<string, string> = {}): Promise<Run> {
  const captured = capturedIo();
  const status = await runCli(args, captured.io, environment(variables));
  return { status, stdout: captured.stdout(), stderr: captured.stderr() };
}

function document(result: Run): UpgradeWhatIf {
  const parsed = parseWhatIfJson(result.stdout, 'stdout');
  if (!parsed.ok) throw new Error(`${parsed.errors.join('\n')}\n${result.stderr}`);
  return parsed.whatIf;
}

describe('psa-scan whatif on a v1.37 cluster', () => {
  let servers: Servers;
  let work: string;
  const whatif = (...args: string[]): Promise<Run> => run(['whatif', '--kubeconfig', servers.scannerKubeconfig, ...args], variables);
  /** AWS_* for the S3 store on moto (set by its describe). */
  let variables: Record<string, string> = {};

  beforeAll(async () => {
    servers = await startServers({ podSecurity: KUBERNETES_DEFAULT_POD_SECURITY, moto: false });
    const apis = adminApis(servers.adminKubeconfig);
    const namespaces: Record<string, Record<string, string>> = {
      'wi-latest': { [ENFORCE]: 'baseline' },
      'wi-pinned-138': { [ENFORCE]: 'baseline', [ENFORCE_VERSION]: 'v1.38' },
      'wi-pinned-140': { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.40' },
      'wi-pinned-130': { [ENFORCE]: 'restricted', [ENFORCE_VERSION]: 'v1.30' },
    };
    for (const name of Object.keys(namespaces)) await apis.core.createNamespace({ body: { metadata: { name } } });
    await createDeployment(apis, 'wi-latest', 'web', 2, ROOT_SPEC);
    await createDeployment(apis, 'wi-pinned-138', 'web', 1, ROOT_SPEC);
    await createDeployment(apis, 'wi-pinned-140', 'api', 1, RESTRICTED_SPEC);
    await createDeployment(apis, 'wi-pinned-130', 'api', 1, RESTRICTED_SPEC);
    for (const [name, labels] of Object.entries(namespaces)) await apis.core.patchNamespace({ name, body: { metadata: { labels } } }, MERGE_PATCH);
    await eventually(
      () => patchNamespaceLabels(apis.core, 'wi-pinned-138', { [ENFORCE]: 'restricted' }, { dryRun: true }),
      (outcome) => outcome.warnings.some((w) => w.startsWith('web-7d4b9c8f6-a0')),
    );
    work = await mkdtemp(join(tmpdir(), 'psa-whatif-137-'));
  });

  afterAll(async () => {
    await servers?.stop();
  });

  describe('to the version it runs', () => {
    let json: Run;
    let text: Run;
    beforeAll(async () => {
      [json, text] = [await whatif('--to-version', 'v1.37', '--format', 'json'), await whatif('--to-version', 'v1.37')];
    });

    it('moves nothing, finds nothing new, and exits 0', () => {
      const whatIf = document(json);
      expect([json.status, json.stderr]).toEqual([0, '']);
      expect(whatIf).toMatchObject({ outcome: 'complete', namespaces: [], upgrade: { from: 'v1.37', to: 'v1.37', beyondKnownChecks: false, note: null, removesPodSecurityPolicy: false } });
      expect(whatIf.cluster.version).toEqual({ gitVersion: 'v1.37.2', minor: 37 });
      expect(whatIf.podSecurityPolicy).toEqual({ served: false, names: [], reliantNamespaces: [] });
      expect(whatIf.scan).toMatchObject({ outcome: 'complete', namespaces: 8 });
    });

    it('says so as text', () => {
      expect(text.status).toBe(0);
      expect(text.stdout).toBe(
        [
          'local/local/psa-scanner  v1.37.2 -> v1.37  complete',
          '  today: complete scan of 8 namespaces, verified by server dry-runs at v1.37.2',
          '  no namespace enforces checks that move with this upgrade',
          'nothing would be newly rejected after the upgrade to v1.37',
          '',
        ].join('\n'),
      );
    });
  });

  describe('to a version newer than the checks the scanner knows', () => {
    let json: Run;
    let text: Run;
    beforeAll(async () => {
      [json, text] = [await whatif('--to-version', 'v1.39', '--format', 'json'), await whatif('--to-version', 'v1.39')];
    });

    it('says plainly that it evaluates v1.37, in the document, on stderr beside JSON and in the text', () => {
      const note =
        'v1.39 is newer than the newest Kubernetes version whose Pod Security checks this scanner knows (v1.37): namespaces are evaluated at v1.37, so what v1.38 to v1.39 adds or changes is not seen; update psa-fleet-scanner before relying on this for v1.39';
      expect(document(json).upgrade).toEqual({ from: 'v1.37', to: 'v1.39', evaluatedAs: 'v1.37', newestKnown: 'v1.37', beyondKnownChecks: true, note, removesPodSecurityPolicy: false });
      expect(json.stderr).toBe(`psa-scan whatif: warning: ${note}\n`);
      expect(text.stdout.split('\n')[1]).toBe(`  NOTE: ${note}`);
    });

    it('moves latest and the pins newer than the server: v1.38 to its pin, v1.40 to the target', () => {
      expect(document(json).namespaces.map((n) => [n.name, n.from, n.to, n.evaluatedAs, n.checkChanges])).toEqual([
        ['wi-latest', 'baseline:v1.37', 'baseline:v1.39', 'baseline:v1.37', []],
        ['wi-pinned-138', 'baseline:v1.37', 'baseline:v1.38', 'baseline:v1.37', []],
        ['wi-pinned-140', 'restricted:v1.37', 'restricted:v1.39', 'restricted:v1.37', []],
      ]);
      expect(text.stdout).toMatch(/^ {4}wi-pinned-140 {2,}restricted:v1\.40 {2}restricted:v1\.37 -> restricted:v1\.39 \(evaluated as restricted:v1\.37\) {2,}same checks$/m);
    });

    it('finds nothing new it can know of, and exits 0', () => {
      expect(document(json).summary).toMatchObject({ moving: 3, movingWithCheckChanges: 0, newlyRejectedWorkloads: 0 });
      expect([json.status, text.status]).toEqual([0, 0]);
    });
  });

  it('refuses a downgrade as bad input, sweeping nothing', async () => {
    expect(await whatif('--to-version', 'v1.36')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'psa-scan whatif: --to-version: the cluster runs v1.37.2, newer than v1.36: a what-if is for an upgrade (Kubernetes does not downgrade)\n',
    });
  });

  it('names the context it does not know, as bad input', async () => {
    const result = await whatif('--to-version', 'v1.37', '--context', 'no-such-context');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^psa-scan whatif: .*no-such-context/);
  });

  it('fails, not crashes, on a cluster it cannot reach (a CA it does not trust): exit 1, a failed document', async () => {
    const scanner = new KubeConfig();
    scanner.loadFromFile(servers.scannerKubeconfig);
    const cluster = scanner.getCurrentCluster();
    const user = scanner.getCurrentUser();
    if (cluster === null || user === null) throw new Error('the scanner kubeconfig has no current cluster or user');
    // The shared harness's CA, not this apiserver's: TLS fails on every request.
    const otherCa = Buffer.from(await readFile(sharedServers().caCert)).toString('base64');
    const file = join(work, 'wrong-ca.kubeconfig');
    await writeFile(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: cluster.server, 'certificate-authority-data': otherCa } }],
        users: [{ name: 'u', user: { 'client-certificate-data': user.certData, 'client-key-data': user.keyData } }],
        contexts: [{ name: 'wrong-ca', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'wrong-ca',
      }),
    );
    const result = await run(['whatif', '--kubeconfig', file, '--to-version', 'v1.37', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(document(result)).toMatchObject({ outcome: 'failed', namespaces: [], podSecurityPolicy: null, cluster: { name: 'wrong-ca', version: null }, upgrade: { from: null } });
    expect(document(result).errors.map((e) => e.kind)).toEqual(['tls']);
  });

  it('still prints the report when the store cannot take it, says NOT STORED, and exits 1', async () => {
    const blocked = join(work, 'a-file');
    await writeFile(blocked, 'not a folder\n');
    const result = await whatif('--to-version', 'v1.37', '--store', join(blocked, 'store'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^psa-scan whatif: NOT STORED: .*a-file\/store\/whatif\/.*: cannot be written: .*ENOTDIR.* \(rejected\)\n$/);
    expect(result.stdout).toContain('nothing would be newly rejected after the upgrade to v1.37\n');
  });

  describe('stored beside a nightly chain in a folder', () => {
    const store = (): string => join(work, 'store');
    const pointerFile = (): string => join(store(), 'pointers', ...CLUSTER_PARTITION.split('/'), 'latest.json');
    let before: { pointer: string; verify: Run; history: Run };
    let first: string;
    let stored: Run;

    beforeAll(async () => {
      const scan = await run(['scan', '--kubeconfig', servers.scannerKubeconfig, '--store', store(), '--format', 'json']);
      first = (JSON.parse(scan.stdout) as { clusters: Array<{ recorded: { key: string } }> }).clusters[0]?.recorded.key ?? '';
      before = {
        pointer: await readFile(pointerFile(), 'utf8'),
        verify: await run(['verify', '--store', store(), '--format', 'json']),
        history: await run(['history', '--store', store(), '--cluster', 'psa-scanner', '--format', 'json']),
      };
      stored = await whatif('--to-version', 'v1.39', '--store', store());
    });

    it('writes the what-if once, read-only, under whatif/', async () => {
      expect(stored.status).toBe(0);
      const line = stored.stdout.trimEnd().split('\n').at(-1) ?? '';
      expect(line).toMatch(new RegExp(`^stored: .*/whatif/${CLUSTER_PARTITION}/date=\\d{4}-\\d\\d-\\d\\d/\\d{8}T\\d{6}\\.\\d{3}Z-to-v1\\.39-[0-9a-f]{8}\\.json$`));
      const file = line.slice('stored: '.length);
      expect((await stat(file)).mode & 0o777).toBe(0o444);
      expect(document({ ...stored, stdout: await readFile(file, 'utf8') }).upgrade.to).toBe('v1.39');
      expect((await readdir(join(store(), 'whatif'), { recursive: true })).filter((p) => p.endsWith('.json'))).toHaveLength(1);
    });

    it('leaves the chain exactly as it was: pointer, verify, history', async () => {
      expect(await readFile(pointerFile(), 'utf8')).toBe(before.pointer);
      expect(before.verify.status).toBe(0);
      expect(await run(['verify', '--store', store(), '--format', 'json'])).toEqual(before.verify);
      expect(await run(['history', '--store', store(), '--cluster', 'psa-scanner', '--format', 'json'])).toEqual(before.history);
    });

    it('lets the next nightly scan chain onto the same predecessor', async () => {
      const next = await run(['scan', '--kubeconfig', servers.scannerKubeconfig, '--store', store(), '--format', 'json']);
      expect((JSON.parse(next.stdout) as { clusters: Array<{ recorded: { comparedWith: string | null } }> }).clusters[0]?.recorded.comparedWith).toBe(first);
    });
  });

  describe('stored beside a nightly chain in S3 (moto)', () => {
    const BUCKET = 'wi-v137';
    let s3: S3Client;
    let pointer: () => Promise<{ bytes: string; etag: string | undefined }>;
    let before: { bytes: string; etag: string | undefined };
    let stored: Run;

    beforeAll(async () => {
      const endpoint = sharedServers().motoEndpoint ?? '';
      variables = { AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
      const settings = s3ClientSettings(variables);
      if (!settings.ok) throw new Error(settings.message);
      s3 = createS3Client(settings.settings);
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
      pointer = async () => {
        const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `psa/pointers/${CLUSTER_PARTITION}/latest.json` }));
        return { bytes: (await object.Body?.transformToString()) ?? '', etag: object.ETag };
      };
      expect((await run(['scan', '--kubeconfig', servers.scannerKubeconfig, '--store', `s3://${BUCKET}/psa`], variables)).status).toBe(0);
      before = await pointer();
      stored = await whatif('--to-version', 'v1.39', '--store', `s3://${BUCKET}/psa`, '--format', 'json');
    });

    afterAll(() => {
      s3?.destroy();
    });

    it('writes the what-if under the prefix, the bytes printed, readable through the store', async () => {
      expect(stored.status).toBe(0);
      const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'psa/whatif/' }));
      expect(Contents.map((o) => o.Key)).toEqual([expect.stringMatching(new RegExp(`^psa/whatif/${CLUSTER_PARTITION}/date=\\d{4}-\\d\\d-\\d\\d/\\d{8}T\\d{6}\\.\\d{3}Z-to-v1\\.39-[0-9a-f]{8}\\.json$`))]);
      const key = Contents[0]?.Key ?? '';
      expect(stored.stderr).toContain(`psa-scan whatif: stored s3://${BUCKET}/${key}\n`);
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(await object.Body?.transformToString()).toBe(stored.stdout);
      const whatIfStore = openWhatIfStore({ kind: 's3', bucket: BUCKET, prefix: 'psa/' }, { s3Client: () => s3 });
      const keys = await whatIfStore.list({ account: 'local', region: 'local', name: 'psa-scanner' });
      expect(keys).toEqual([key.slice('psa/'.length)]);
      expect((await whatIfStore.read(keys[0] ?? '')).whatIf).toEqual(document(stored));
    });

    it('is write-once: S3 refuses another write to its key (412), and storing it again adds nothing', async () => {
      const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'psa/whatif/' }));
      const key = Contents[0]?.Key ?? '';
      const overwrite = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{}', IfNoneMatch: '*' })).then(
        () => 200,
        (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
      );
      expect(overwrite).toBe(412);
      const whatIfStore = openWhatIfStore({ kind: 's3', bucket: BUCKET, prefix: 'psa/' }, { s3Client: () => s3 });
      expect((await whatIfStore.put(document(stored))).alreadyStored).toBe(true);
      expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'psa/whatif/' }))).Contents).toHaveLength(1);
    });

    it('leaves the chain exactly as it was: the pointer (bytes and ETag) and verify', async () => {
      expect(await pointer()).toEqual(before);
      expect(await run(['verify', '--store', `s3://${BUCKET}/psa`], variables)).toMatchObject({ status: 0, stderr: '' });
    });
  });
});
