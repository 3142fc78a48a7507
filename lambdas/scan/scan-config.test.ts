import { describe, expect, it } from 'vitest';
import { LambdaConfigError } from '../common/lambda-config-error.ts';
import { DEFAULT_MAX_RECEIVE_COUNT, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_SCAN_CONCURRENCY, parseScanConfig } from './scan-config.ts';

const FLEET_CONFIG = JSON.stringify({ accounts: [{ roleArn: 'arn:aws:iam::111122223333:role/psa-scanner', regions: ['eu-west-1'] }] });
const MINIMAL = {
  POWERTOOLS_SERVICE_NAME: 'psa-fleet-scan',
  SNAPSHOT_BUCKET: 'psa-snapshots',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:psa-alerts',
  FLEET_CONFIG,
};

function problemsOf(environment: Record<string, string | undefined>): readonly string[] {
  try {
    parseScanConfig(environment);
  } catch (error) {
    if (error instanceof LambdaConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('parseScanConfig', () => {
  it('fills every default from the minimal environment', () => {
    const config = parseScanConfig(MINIMAL);

    expect(config).toMatchObject({
      powertools: { serviceName: 'psa-fleet-scan', metricsNamespace: 'PsaFleetScanner', logLevel: 'INFO' },
      store: { bucket: 'psa-snapshots', prefix: '', kmsKeyId: undefined, retention: undefined },
      alertTopicArn: MINIMAL.ALERT_TOPIC_ARN,
      fleetPolicyKey: undefined,
      scanConcurrency: DEFAULT_SCAN_CONCURRENCY,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
      maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
    });
    expect(config.fleet.accounts).toEqual([{ roleArn: 'arn:aws:iam::111122223333:role/psa-scanner', regions: ['eu-west-1'] }]);
  });

  it('reads every optional variable into typed values, the prefix as the store reads it', () => {
    const config = parseScanConfig({
      ...MINIMAL,
      SNAPSHOT_PREFIX: 'fleet',
      KMS_KEY_ID: 'alias/psa',
      OBJECT_LOCK_MODE: 'COMPLIANCE',
      OBJECT_LOCK_DAYS: '400',
      FLEET_POLICY_KEY: 'config/policy.yaml',
      SCAN_CONCURRENCY: '4',
      REQUEST_TIMEOUT_MS: '30000',
      MAX_RECEIVE_COUNT: '5',
      POWERTOOLS_LOG_LEVEL: 'debug',
    });

    expect(config.store).toEqual({ bucket: 'psa-snapshots', prefix: 'fleet/', kmsKeyId: 'alias/psa', retention: { mode: 'COMPLIANCE', days: 400 } });
    expect([config.fleetPolicyKey, config.scanConcurrency, config.requestTimeoutMs, config.maxReceiveCount, config.powertools.logLevel]).toEqual([
      'config/policy.yaml',
      4,
      30_000,
      5,
      'DEBUG',
    ]);
  });

  it('takes an empty variable as unset, as CloudFormation leaves one without a value', () => {
    expect(parseScanConfig({ ...MINIMAL, KMS_KEY_ID: '', SCAN_CONCURRENCY: '' })).toMatchObject({ store: { kmsKeyId: undefined }, scanConcurrency: DEFAULT_SCAN_CONCURRENCY });
  });

  it('names every variable that is missing or wrong, all at once', () => {
    expect(problemsOf({ SCAN_CONCURRENCY: 'lots', OBJECT_LOCK_DAYS: '30', FLEET_CONFIG: '{"accounts":[]}' })).toEqual([
      'POWERTOOLS_SERVICE_NAME: must be set (the service name in every log line and metric)',
      'FLEET_CONFIG: accounts: must list at least one account',
      'SNAPSHOT_BUCKET: must be set (the snapshot bucket)',
      'ALERT_TOPIC_ARN: must be set (the alert topic ARN)',
      'SCAN_CONCURRENCY: must be an integer from 1 to 256 (got "lots")',
      'OBJECT_LOCK_MODE: must be set with OBJECT_LOCK_MODE and OBJECT_LOCK_DAYS: both or neither',
    ]);
  });

  it('wants the Object Lock mode and days together', () => {
    expect(problemsOf({ ...MINIMAL, OBJECT_LOCK_DAYS: '30' })).toEqual([
      'OBJECT_LOCK_MODE: must be set with OBJECT_LOCK_MODE and OBJECT_LOCK_DAYS: both or neither',
    ]);
    expect(problemsOf({ ...MINIMAL, OBJECT_LOCK_MODE: 'governance', OBJECT_LOCK_DAYS: '30' })).toEqual(['OBJECT_LOCK_MODE: must be GOVERNANCE or COMPLIANCE (got "governance")']);
  });

  it('refuses a bucket or prefix the store could not use, and numbers out of range', () => {
    expect(problemsOf({ ...MINIMAL, SNAPSHOT_BUCKET: 'Not_A_Bucket' })).toEqual([
      'SNAPSHOT_BUCKET: s3://Not_A_Bucket/: "Not_A_Bucket" is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens) (got "Not_A_Bucket")',
    ]);
    expect(problemsOf({ ...MINIMAL, SNAPSHOT_PREFIX: '/fleet' })).toEqual(['SNAPSHOT_PREFIX: s3://psa-snapshots//fleet: the prefix has an empty path segment (got "/fleet")']);
    expect(problemsOf({ ...MINIMAL, REQUEST_TIMEOUT_MS: '10', MAX_RECEIVE_COUNT: '0' })).toEqual([
      'REQUEST_TIMEOUT_MS: must be an integer from 1000 to 900000 (got "10")',
      'MAX_RECEIVE_COUNT: must be an integer from 1 to 1000 (got "0")',
    ]);
  });

  it('says what is wrong with FLEET_CONFIG in the core parser\'s words', () => {
    expect(problemsOf({ ...MINIMAL, FLEET_CONFIG: '{accounts' })[0]).toMatch(/^FLEET_CONFIG: not JSON: /);
    expect(problemsOf({ ...MINIMAL, FLEET_CONFIG: JSON.stringify({ accounts: [{ regions: ['mars-1'] }] }) })).toEqual([
      'FLEET_CONFIG: accounts[0].regions[0]: must be an AWS region such as eu-west-1',
    ]);
  });

  it('refuses a metrics namespace CloudWatch would refuse and a log level Powertools does not have', () => {
    expect(problemsOf({ ...MINIMAL, POWERTOOLS_METRICS_NAMESPACE: 'AWS/Lambda', POWERTOOLS_LOG_LEVEL: 'verbose' })).toEqual([
      'POWERTOOLS_METRICS_NAMESPACE: must be a CloudWatch namespace: 1-255 of letters, digits, spaces and . - _ / # :, not starting with AWS/ (got "AWS/Lambda")',
      'POWERTOOLS_LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (got "verbose")',
    ]);
  });
});
