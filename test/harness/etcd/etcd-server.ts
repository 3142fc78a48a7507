// etcd, built from go.etcd.io/etcd/server/v3 (test/harness/etcd/go.mod), as the apiserver's store.
// One member, loopback only, data in the run's temporary directory. fsync is off: the data is
// thrown away after the run and the saved time matters on a 2-core machine.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryPath } from '../setup-go.ts';
import { freePort, spawnServer, waitUntilReady, type ServerProcess } from '../servers-process.ts';

export interface EtcdServer {
  readonly process: ServerProcess;
  readonly clientUrl: string;
  readonly readyMs: number;
}

export async function startEtcd(workDir: string, detached: boolean): Promise<EtcdServer> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const dataDir = join(workDir, 'etcd-data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const server = spawnServer({
    name: 'etcd',
    command: binaryPath('etcd'),
    args: [
      '--name=harness',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=harness=${peerUrl}`,
      '--log-level=warn',
      '--unsafe-no-fsync',
    ],
    logFile: join(workDir, 'etcd.log'),
    detached,
  });
  const readyMs = await waitUntilReady(
    server,
    async () => {
      const response = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await response.json()) as { health?: string };
      return response.ok && body.health === 'true';
    },
    30_000,
  );
  return { process: server, clientUrl, readyMs };
}
