import { describe, expect, it } from 'vitest';
import { reportKey } from './report-key.ts';

describe('reportKey', () => {
  it('lays reports out Hive-style by account, region, cluster and date', () => {
    expect(reportKey({ account: '123456789012', region: 'eu-west-1', name: 'payments' }, '2026-11-29T04:43:08.123Z')).toBe(
      'reports/account=123456789012/region=eu-west-1/cluster=payments/date=2026-11-29/20261129T044308.123Z.json',
    );
  });

  it('escapes a name so it cannot add a level or a partition', () => {
    const key = reportKey({ account: 'local', region: 'local', name: 'arn:aws:eks:eu-west-1:1:cluster/a=b c' }, '2026-11-29T04:43:08.123Z');
    expect(key).toBe('reports/account=local/region=local/cluster=arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fa%3Db%20c/date=2026-11-29/20261129T044308.123Z.json');
    expect(key.split('/')).toHaveLength(6);
  });
});
