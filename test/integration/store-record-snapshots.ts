// Records scanner-made snapshots into test/data/snapshots/store/ for the store's unit tests (folder
// store, verify) that run without a server: four scans started together (their times overlap, as
// racing scans' do), then two scans one after the other. Run it again when the snapshot schema
// changes:
//
//   npx node test/integration/store-record-snapshots.ts
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotJson } from '../../shared/snapshot/snapshot-json.ts';
import { startServers } from '../harness/servers.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { buildStoreCluster, scanStoreCluster, scanTogether, STORE_POD_SECURITY } from './store-scans.ts';

const OUT = join(REPO_ROOT, 'test', 'data', 'snapshots', 'store');

const servers = await startServers({ podSecurity: STORE_POD_SECURITY, moto: false });
try {
  await buildStoreCluster(servers.adminKubeconfig);
  const together = await scanTogether(servers, 4);
  const later = [await scanStoreCluster(servers)];
  later.push(await scanStoreCluster(servers));
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const files = [...together.map((s, i) => [`together-${i + 1}`, s] as const), ...later.map((s, i) => [`later-${i + 1}`, s] as const)];
  for (const [name, snapshot] of files) {
    const file = join(OUT, `${name}.snapshot.json`);
    await writeFile(file, snapshotJson(snapshot));
    console.log(`${file}: ${snapshot.startedAt} .. ${snapshot.finishedAt}, ${snapshot.outcome}, ${snapshot.namespaces.length} namespaces`);
  }
} finally {
  await servers.stop();
}
