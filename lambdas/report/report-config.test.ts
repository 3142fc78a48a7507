import { describe, expect, it } from 'vitest';
import { LambdaConfigError } from '../common/lambda-config-error.ts';
import { parseReportConfig } from './report-config.ts';

const ENVIRONMENT = { POWERTOOLS_SERVICE_NAME: 'psa-fleet-report', SNAPSHOT_BUCKET: 'psa-snapshots', SNAPSHOT_PREFIX: 'fleet/', KMS_KEY_ID: 'alias/psa' };

describe('parseReportConfig', () => {
  it('reads the store the reports are read from and written to, and 30 nights unless told', () => {
    expect(parseReportConfig(ENVIRONMENT)).toMatchObject({ store: { bucket: 'psa-snapshots', prefix: 'fleet/', kmsKeyId: 'alias/psa' }, nights: 30 });
    expect(parseReportConfig({ ...ENVIRONMENT, REPORT_NIGHTS: '7' }).nights).toBe(7);
  });

  it('refuses nights psa-scan report would refuse, naming the variable', () => {
    try {
      parseReportConfig({ ...ENVIRONMENT, REPORT_NIGHTS: '400' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(LambdaConfigError);
      expect((error as LambdaConfigError).problems).toEqual(['REPORT_NIGHTS: must be an integer from 1 to 366 (got "400")']);
    }
  });
});
