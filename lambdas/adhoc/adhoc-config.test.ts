import { describe, expect, it } from 'vitest';
import { LambdaConfigError } from '../common/lambda-config-error.ts';
import { parseAdhocConfig } from './adhoc-config.ts';

const ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: 'psa-fleet-adhoc',
  FLEET_CONFIG: JSON.stringify({ accounts: [{ roleArn: 'arn:aws:iam::111122223333:role/psa-scanner', regions: ['eu-west-1'] }] }),
  SNAPSHOT_BUCKET: 'psa-snapshots',
  OBJECT_LOCK_MODE: 'GOVERNANCE',
  OBJECT_LOCK_DAYS: '30',
};

describe('parseAdhocConfig', () => {
  it('reads the fleet, the store with the retention snapshots get, and the scan settings with their defaults', () => {
    const config = parseAdhocConfig(ENVIRONMENT);

    expect(config.store).toEqual({ bucket: 'psa-snapshots', prefix: '', kmsKeyId: undefined, retention: { mode: 'GOVERNANCE', days: 30 } });
    expect(config).toMatchObject({ fleetPolicyKey: undefined, scanConcurrency: 16, requestTimeoutMs: 15_000, fleet: { accounts: [{ regions: ['eu-west-1'] }] } });
  });

  it('names every wrong variable at once', () => {
    try {
      parseAdhocConfig({ ...ENVIRONMENT, FLEET_CONFIG: undefined, SNAPSHOT_BUCKET: undefined, SCAN_CONCURRENCY: '0' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(LambdaConfigError);
      expect((error as LambdaConfigError).problems).toEqual([
        'FLEET_CONFIG: must be set (the JSON of the fleet configuration)',
        'SNAPSHOT_BUCKET: must be set (the snapshot bucket)',
        'SCAN_CONCURRENCY: must be an integer from 1 to 256 (got "0")',
      ]);
    }
  });
});
