// `psa-scan verify` on real folder stores (scanner-made snapshots from shared/store/testdata), run
// in-process through runCli; the S3 side is proven against moto in test/integration/store-s3.test.ts.
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturedIo } from '../../test/cli/captured-io.ts';
import { NO_ENVIRONMENT } from './cli-environment.ts';
import { runCli } from './run-cli.ts';
import { RECORDED, recorded, temporaryFolderStore, type TemporaryStore } from '../store/store.test-support.ts';
import type { StoredSnapshot } from '../store/snapshot-store.ts';

async function storeOfSix(): Promise<TemporaryStore & { chain: StoredSnapshot[] }> {
  const t = await temporaryFolderStore();
  const chain: StoredSnapshot[] = [];
  for (const name of RECORDED) chain.push((await t.store.append(await recorded(name))).stored);
  return Object.assign(t, { chain });
}

async function verify(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const captured = capturedIo();
  const status = await runCli(['verify', ...args], captured.io, NO_ENVIRONMENT);
  return { status, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('psa-scan verify', () => {
  it('exits 0 and prints each chain with its length, count and times when all is intact', async () => {
    await using t = await storeOfSix();
    const { chain } = t;
    const { status, stdout, stderr } = await verify('--store', t.root);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe(
      `store ${t.root}/\n` +
        `123456789012/eu-west-1/store-chain: intact, 6 snapshots (pointer counts 6), ${chain[0]?.snapshot.startedAt} .. ${chain[5]?.snapshot.startedAt}\n` +
        '1 cluster, 1 intact, 0 with problems\n',
    );
  });

  it('exits 1 and names the problem and the file when a snapshot was altered', async () => {
    await using t = await storeOfSix();
    const { chain } = t;
    const path = join(t.root, chain[1]?.key ?? '');
    await chmod(path, 0o644);
    await writeFile(path, '{}\n');
    const { status, stdout } = await verify('--store', t.root, '--cluster', 'store-chain');
    expect(status).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[1]).toBe(`123456789012/eu-west-1/store-chain: 3 problems, 5 snapshots (pointer counts 6), ${chain[2]?.snapshot.startedAt} .. ${chain[5]?.snapshot.startedAt}`);
    expect(lines[2]).toMatch(new RegExp(`^  altered: ${path} has SHA-256 [0-9a-f]{64}, but .* recorded ${chain[1]?.sha256}: its bytes changed after it was chained$`));
    expect(lines[3]).toBe(`  unreadable: ${path} is not a snapshot: document: apiVersion: Invalid input: expected "psa-fleet-scanner/v1"; document: kind: Invalid input: expected "ClusterSnapshot"; document: schemaVersion: Invalid input: expected 1; and 13 more`);
    expect(lines[4]).toMatch(/^ {2}unchained: .*20261129T052837.005Z-[0-9a-f]{8}.json is under snapshots\/ but the chain does not reach it \(it may lie beyond the break above\)$/);
  });

  it('prints the same report as JSON', async () => {
    await using t = await storeOfSix();
    const { chain } = t;
    await writeFile(join(t.root, 'snapshots', 'stray.json'), '{}');
    const { status, stdout } = await verify('--store', `file://${t.root}`, '--format', 'json');
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      store: `${t.root}/`,
      intact: false,
      clusters: [
        { account: '123456789012', region: 'eu-west-1', name: 'store-chain', intact: true, length: 6, count: 6, first: chain[0]?.snapshot.startedAt, last: chain[5]?.snapshot.startedAt, pending: null, problems: [] },
      ],
      strays: [{ kind: 'unchained', key: 'snapshots/stray.json', message: `${join(t.root, 'snapshots', 'stray.json')} is under snapshots/ but outside every cluster partition` }],
    });
  });

  it('prints a cluster name that holds a newline quoted, so that it cannot forge a line', async () => {
    await using t = await temporaryFolderStore();
    const snapshot = await recorded('together-1');
    await t.store.append({ ...snapshot, cluster: { ...snapshot.cluster, account: 'local', region: 'local', name: 'x: intact\nforged' } });
    const { status, stdout } = await verify('--store', t.root);
    expect(status).toBe(0);
    expect(stdout.split('\n')[1]).toBe('"local/local/x: intact\\nforged": intact, 1 snapshot (pointer counts 1), 2026-11-29T05:28:37.005Z .. 2026-11-29T05:28:37.005Z');
  });

  it('exits 2 when the store cannot be read, saying why on stderr only', async () => {
    const missing = join('/nonexistent', 'psa-store');
    const { status, stdout, stderr } = await verify('--store', missing);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`psa-scan verify: ${missing}/: no such folder (not-found)\n`);
  });

  it.each([
    [[], '--store is required'],
    [['--store', 'gs://b/p'], '--store: gs://b/p: unsupported scheme gs://'],
    [['--store', 'x', '--format', 'yaml'], '--format: Invalid value: "yaml": must be one of text, json'],
    [['--store', 'x', 'extra'], "Unexpected argument 'extra'"],
  ])('exits 2 for a usage error: %j', async (args, message) => {
    const { status, stdout, stderr } = await verify(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`psa-scan verify: ${message}`);
    expect(stderr).toContain('Usage: psa-scan verify --store');
  });

  it('exits 2 when a cluster asked for is not in the store', async () => {
    await using t = await storeOfSix();
    const { status, stderr } = await verify('--store', t.root, '--cluster', 'store-chain', '--cluster', 'nope');
    expect(status).toBe(2);
    expect(stderr).toBe(`psa-scan verify: ${t.root}: no cluster "nope" in this store\n`);
  });

  it('selects a cluster by ACCOUNT/REGION/NAME too', async () => {
    await using t = await storeOfSix();
    expect((await verify('--store', t.root, '--cluster', '123456789012/eu-west-1/store-chain')).status).toBe(0);
  });

  it('prints its help', async () => {
    const { status, stdout } = await verify('--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: psa-scan verify --store DIR\|s3:\/\/BUCKET\/PREFIX/);
    expect(stdout).toContain('Exit status:');
  });
});
