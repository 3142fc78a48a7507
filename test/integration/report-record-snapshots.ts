// Records the scanner-made snapshots of report-scans.ts into test/data/snapshots/report/ for the
// auditor report's tests (unit tests build a folder store from them; the Chromium test renders the
// page). Two clusters, each its own kube-apiserver. Run it again when the snapshot schema changes:
//
//   npx node test/integration/report-record-snapshots.ts
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotJson } from '../../shared/snapshot/snapshot-json.ts';
import { startServers, type Servers } from '../harness/servers.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { applyAndScanNight, REPORT_NIGHTS, REPORT_POD_SECURITY, type ReportClusterName } from './report-scans.ts';

const OUT = join(REPO_ROOT, 'test', 'data', 'snapshots', 'report');

const started: Servers[] = [];
try {
  const servers: Record<ReportClusterName, Servers> = {
    payments: await startServers({ podSecurity: REPORT_POD_SECURITY, moto: false }),
    hostile: await startServers({ podSecurity: REPORT_POD_SECURITY, moto: false }),
  };
  started.push(servers.payments, servers.hostile);
  const files: [string, string][] = [];
  for (const [index, night] of REPORT_NIGHTS.entries()) {
    const snapshot = await applyAndScanNight(night, servers[night.cluster]);
    const name = `${String(index + 1).padStart(2, '0')}-${night.cluster}-${night.at.slice(0, 10)}.snapshot.json`;
    files.push([name, snapshotJson(snapshot)]);
    console.log(`${name}: ${snapshot.startedAt} .. ${snapshot.finishedAt}, ${snapshot.outcome}, ${JSON.stringify(snapshot.summary.byState)}`);
  }
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  for (const [name, text] of files) await writeFile(join(OUT, name), text);
} finally {
  for (const servers of started) await servers.stop();
}
