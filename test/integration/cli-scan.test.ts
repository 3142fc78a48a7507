// `psa-scan scan` in-process (runCli with a captured io) against the harness apiserver: snapshots
// written, summaries printed, and what a user gets for a wrong context, a broken policy file or an
// unreachable cluster.

import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliEnvironment } from '../../shared/cli/cli-environment.ts';
import { runCli } from '../../shared/cli/run-cli.ts';
import { writeOnceFile as writeNewFile } from '../../shared/notify/write-once-file.ts';
import { parseSnapshotJson } from '../../shared/snapshot/snapshot-json.ts';
import { capturedIo } from '../cli/captured-io.ts';
import { coreApi, createNamespace, createPod, servers } from './support/kube.ts';
import { plainPod } from './scenarios/pods.ts';

const NAMESPACE = 'cli-scan-blocked';

function environment(variables: Record<string, string> = {}): CliEnvironment {
  return { variables, stdoutIsTerminal: false, stderrIsTerminal: false, now: () => new Date(), writeNewFile, scannerVersion: '0.1.0-test' };
}

async function run(args: string[], variables: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const captured = capturedIo();
  const status = await runCli(args, captured.io, environment(variables));
  return { status, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('psa-scan scan', () => {
  let out: string;

  beforeAll(async () => {
    const admin = coreApi(servers().adminKubeconfig);
    await createNamespace(admin, NAMESPACE, { 'pod-security.kubernetes.io/warn': 'restricted' });
    await createPod(admin, NAMESPACE, plainPod('root-app'));
    out = await mkdtemp(join(tmpdir(), 'psa-cli-scan-'));
  });

  it('scans the current context, writes its snapshot and prints JSON a machine can read', async () => {
    const result = await run(['scan', '--format', 'json', '--out', out], { KUBECONFIG: servers().scannerKubeconfig });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { clusters: Array<{ outcome: string; file: string; namespaces: Array<{ name: string; state: string }> }> };
    expect(report.clusters).toHaveLength(1);
    const [cluster] = report.clusters;
    expect(result.status).toBe(cluster?.outcome === 'complete' ? 0 : 1);
    expect(cluster?.namespaces.find((n) => n.name === NAMESPACE)?.state).toBe('unlabelled');
    const files = await readdir(out);
    expect(files).toHaveLength(1);
    const parsed = parseSnapshotJson(await readFile(join(out, files[0] ?? ''), 'utf8'), 'snapshot');
    expect(parsed.ok).toBe(true);
    expect(cluster?.file).toBe(join(out, files[0] ?? ''));
  });

  it('prints a summary by state and the workloads that block a target', async () => {
    const result = await run(['scan', '--kubeconfig', servers().scannerKubeconfig]);
    expect(result.stdout).toMatch(/^local\/local\/\S+ {2}v1\.37\.2 {2}(complete|degraded) {2}\d+ namespaces/);
    expect(result.stdout).toMatch(/\n {2}unlabelled +\d+ +/);
    expect(result.stdout).toMatch(/\n1 cluster scanned/);
  });

  it('names the available contexts when asked for one that does not exist (exit 2)', async () => {
    const result = await run(['scan', '--context', 'nope', '--kubeconfig', servers().scannerKubeconfig]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^psa-scan: no context "nope" in .*scanner\.kubeconfig; available: /);
  });

  it('refuses a broken policy file with file, line, column and path (exit 2)', async () => {
    const policy = join(out, 'policy.yaml');
    await writeFile(policy, 'apiVersion: psa-fleet-scanner/v1\nkind: FleetPolicy\nclusters:\n  - match: {}\n    namespaces:\n      - match: {}\n        target: { level: strict }\n');
    const result = await run(['scan', '--kubeconfig', servers().scannerKubeconfig, '--policy', policy]);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')).toContain(`psa-scan: ${policy}:7:26: clusters[0].namespaces[0].target.level: Invalid value: "strict": must be one of privileged, baseline, restricted`);
  });

  it('reports an unreachable cluster as failed, with its snapshot, and exits 1', async () => {
    const kubeconfig = join(out, 'unreachable.kubeconfig');
    const text = (await readFile(servers().scannerKubeconfig, 'utf8')).replace(/https:\/\/127\.0\.0\.1:\d+/, 'https://127.0.0.1:1');
    await writeFile(kubeconfig, text);
    const dir = join(out, 'unreachable');
    const result = await run(['scan', '--kubeconfig', kubeconfig, '--out', dir, '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { clusters: Array<{ outcome: string; errors: Array<{ kind: string }> }> };
    expect(report.clusters[0]?.outcome).toBe('failed');
    expect(report.clusters[0]?.errors.map((e) => e.kind)).toEqual(['unreachable']);
    expect(await readdir(dir)).toHaveLength(1);
  }, 120_000);

  it('refuses usage mistakes with the reason (exit 2)', async () => {
    expect((await run(['scan', '--concurrency', '0'])).stderr).toMatch(/^psa-scan: --concurrency: Invalid value: "0"/);
    expect((await run(['scan', '--all-contexts', '--context', 'a'])).status).toBe(2);
    expect((await run(['scan', '--bogus'])).stderr).toMatch(/Unknown option '--bogus'/);
  });
});
