import { describe, expect, it } from 'vitest';
import {
  clusterOfSnapshotsKey,
  compactTimeMillis,
  parsePointerKey,
  parseSnapshotKey,
  pointerKey,
  snapshotKey,
  stagingKey,
} from './snapshot-keys.ts';

const EKS = { account: '123456789012', region: 'eu-west-1', name: 'prod' };
const SHA = 'ab12cd34'.padEnd(64, '0');

describe('snapshot keys', () => {
  it('partitions Hive-style by account, region, cluster and date, named by start time and hash', () => {
    expect(snapshotKey(EKS, '2026-11-29T04:43:08.123Z', SHA)).toBe(
      'snapshots/account=123456789012/region=eu-west-1/cluster=prod/date=2026-11-29/20261129T044308.123Z-ab12cd34.json',
    );
    expect(pointerKey(EKS)).toBe('pointers/account=123456789012/region=eu-west-1/cluster=prod/latest.json');
  });

  it('stages under staging/ with the same partitions', () => {
    expect(stagingKey(snapshotKey(EKS, '2026-11-29T04:43:08.123Z', SHA))).toBe(
      'staging/account=123456789012/region=eu-west-1/cluster=prod/date=2026-11-29/20261129T044308.123Z-ab12cd34.json',
    );
    expect(() => stagingKey('pointers/x')).toThrow('not a snapshot key');
  });

  it('escapes a context name so that it cannot add a level or a partition', () => {
    const context = { account: 'local', region: 'local', name: 'arn:aws:eks/x=y ../z' };
    const key = snapshotKey(context, '2026-11-29T04:43:08.123Z', SHA);
    expect(key).toBe('snapshots/account=local/region=local/cluster=arn%3Aaws%3Aeks%2Fx%3Dy%20..%2Fz/date=2026-11-29/20261129T044308.123Z-ab12cd34.json');
    expect(parseSnapshotKey(key)?.cluster).toEqual(context);
    expect(parsePointerKey(pointerKey(context))).toEqual(context);
  });

  it('reads a key back into its cluster, date, time and hash prefix', () => {
    expect(parseSnapshotKey(snapshotKey(EKS, '2026-11-29T04:43:08Z', SHA))).toEqual({ cluster: EKS, date: '2026-11-29', time: '20261129T044308Z', sha8: 'ab12cd34' });
  });

  it('refuses keys outside the layout and non-canonical spellings of a partition', () => {
    expect(parseSnapshotKey('snapshots/account=1/region=r/cluster=c/2026.json')).toBeUndefined();
    expect(parseSnapshotKey('staging/account=1/region=r/cluster=c/date=2026-11-29/20261129T044308Z-ab12cd34.json')).toBeUndefined();
    // %70 is "p": a second name for cluster=prod would hide a snapshot from its chain.
    expect(parseSnapshotKey('snapshots/account=123456789012/region=eu-west-1/cluster=%70rod/date=2026-11-29/20261129T044308Z-ab12cd34.json')).toBeUndefined();
    expect(parsePointerKey('pointers/account=1/region=r/cluster=c/other.json')).toBeUndefined();
    expect(clusterOfSnapshotsKey('snapshots/account=1/region=r/cluster=c/anything')).toEqual({ account: '1', region: 'r', name: 'c' });
    expect(clusterOfSnapshotsKey('snapshots/stray.json')).toBeUndefined();
  });

  it('orders compacted times as instants', () => {
    expect(compactTimeMillis('20261129T044308.123Z')).toBe(Date.parse('2026-11-29T04:43:08.123Z'));
    expect(compactTimeMillis('nonsense')).toBeNaN();
  });
});
