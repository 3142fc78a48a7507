// Records the drift sequence's snapshots (notify-drift-sequence.ts) as the scanner writes them from a
// real apiserver, into test/data/snapshots/, so the notify unit tests render real findings
// without a server. Run it again when the snapshot schema or the drift sequence changes:
//
//   npx node test/integration/notify-record-snapshots.ts
//
// Timestamps and uids are whatever the run had; the tests read them from the files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotJson } from '../../shared/snapshot/snapshot-json.ts';
import { startServers } from '../harness/servers.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { applyAndScan, DRIFT_POD_SECURITY, DRIFT_STEPS } from './notify-drift-sequence.ts';

const OUT = join(REPO_ROOT, 'test', 'data', 'snapshots');

const servers = await startServers({ podSecurity: DRIFT_POD_SECURITY, moto: false });
try {
  await mkdir(OUT, { recursive: true });
  for (const [index, step] of DRIFT_STEPS.entries()) {
    const snapshot = await applyAndScan(step, servers);
    const file = join(OUT, `drift-${index + 1}-${step.name}.snapshot.json`);
    await writeFile(file, snapshotJson(snapshot));
    console.log(`${file}: ${snapshot.outcome}, ${snapshot.namespaces.length} namespaces`);
  }
} finally {
  await servers.stop();
}
