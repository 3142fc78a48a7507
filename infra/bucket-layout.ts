// The parts of the snapshot bucket the functions touch, from the modules that write them, so the
// IAM policies and the bucket's lifecycle follow the store's layout instead of a copy of it:
//
//   <prefix>snapshots/        the hash chain, write-once, under Object Lock       scan: read, create; report, watchdog: read
//   <prefix>staging/          an append in flight; garbage after a lost race      scan: read, create, delete; report, watchdog: read
//   <prefix>pointers/         each cluster's chain head, replaced (If-Match)       scan: read, replace; report, watchdog: read
//   <prefix>reports/          findings reports (scan), fleet reports (report)     scan: read, create
//   <prefix>reports/fleet/    the nightly fleet report, one folder a night          report: read, create
//   <prefix>alerts/           the alert ledger (one marker per alert sent)        scan: read, create
//   <prefix>runs/             one marker per nightly run                           dispatch: create; watchdog: read
//   <prefix>whatif/           pre-upgrade what-ifs, write-once, Object Lock         adhoc: read, create
//   <prefix>watchdog/lapses/  the watchdog's ledger (one marker per lapse paged)  watchdog: read, create
//   FLEET_POLICY_KEY          the fleet policy YAML, outside the prefix            scan, adhoc: read
//
// The readers of the chain read staging too: the head of an append that stopped after its pointer
// write is readable only there until the next append finishes it (shared/store/chained-snapshot-store.ts).
import { ALERT_LEDGER_FOLDER } from '../lambdas/scan/s3-alert-ledger.ts';
import { reportKey } from '../shared/notify/report-key.ts';
import { fleetReportFolder } from '../shared/report/fleet-report-keys.ts';
import { POINTERS, SNAPSHOTS, STAGING } from '../shared/store/snapshot-keys.ts';
import { WHATIFS } from '../shared/store/what-if-keys.ts';
import { RUNS } from '../shared/watchdog/fleet-run-marker.ts';
import { LAPSES } from '../shared/watchdog/s3-lapse-ledger.ts';

/** The first `depth` segments of a whole key, as a folder: the key modules build whole keys only. */
function folderOf(key: string, depth: number): string {
  return `${key.split('/').slice(0, depth).join('/')}/`;
}

const REPORTS = folderOf(reportKey({ account: 'a', region: 'r', name: 'n' }, '2000-01-01T00:00:00.000Z'), 1);
const FLEET_REPORTS = folderOf(fleetReportFolder('2000-01-01T00:00:00.000Z'), 2);

export interface BucketFolders {
  readonly snapshots: string;
  readonly staging: string;
  readonly pointers: string;
  readonly reports: string;
  readonly fleetReports: string;
  readonly alerts: string;
  readonly runs: string;
  readonly whatIfs: string;
  readonly lapses: string;
}

/** Each folder under the store's prefix (`''` or ending in `/`). */
export function bucketFolders(prefix: string): BucketFolders {
  return {
    snapshots: `${prefix}${SNAPSHOTS}`,
    staging: `${prefix}${STAGING}`,
    pointers: `${prefix}${POINTERS}`,
    reports: `${prefix}${REPORTS}`,
    fleetReports: `${prefix}${FLEET_REPORTS}`,
    alerts: `${prefix}${ALERT_LEDGER_FOLDER}`,
    runs: `${prefix}${RUNS}`,
    whatIfs: `${prefix}${WHATIFS}`,
    lapses: `${prefix}${LAPSES}`,
  };
}
