// The parts of the snapshot bucket the scan function touches, from the modules that write them, so
// its IAM policy and the bucket's lifecycle follow the store's layout instead of a copy of it:
//
//   <prefix>snapshots/  the hash chain, write-once, under Object Lock      read, create
//   <prefix>staging/    an append in flight; garbage after a lost race     read, create, delete
//   <prefix>pointers/   each cluster's chain head, replaced (If-Match)      read, replace
//   <prefix>reports/    full findings reports, write-once                  read, create
//   <prefix>alerts/     the alert ledger (one marker per alert sent)       read, create
//   FLEET_POLICY_KEY    the fleet policy YAML, outside the prefix          read
import { ALERT_LEDGER_FOLDER } from '../lambdas/scan/s3-alert-ledger.ts';
import { reportKey } from '../shared/notify/report-key.ts';
import { POINTERS, SNAPSHOTS, STAGING } from '../shared/store/snapshot-keys.ts';

/** `reports/`: report-key.ts builds whole keys only; its first segment is the folder. */
const REPORTS = `${reportKey({ account: 'a', region: 'r', name: 'n' }, '2000-01-01T00:00:00.000Z').split('/')[0]}/`;

export interface BucketFolders {
  readonly snapshots: string;
  readonly staging: string;
  readonly pointers: string;
  readonly reports: string;
  readonly alerts: string;
}

/** Each folder under the store's prefix (`''` or ending in `/`). */
export function bucketFolders(prefix: string): BucketFolders {
  return {
    snapshots: `${prefix}${SNAPSHOTS}`,
    staging: `${prefix}${STAGING}`,
    pointers: `${prefix}${POINTERS}`,
    reports: `${prefix}${REPORTS}`,
    alerts: `${prefix}${ALERT_LEDGER_FOLDER}`,
  };
}
