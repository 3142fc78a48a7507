import { describe, expect, it } from 'vitest';
import { LambdaConfigError } from '../common/lambda-config-error.ts';
import { parseDispatchConfig } from './dispatch-config.ts';

const ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: 'psa-fleet-dispatch',
  FLEET_CONFIG: JSON.stringify({ accounts: [{ regions: ['eu-west-1', 'us-east-2'] }], listClustersPageSize: 50 }),
  WORK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/psa-work',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:psa-alerts',
  SNAPSHOT_BUCKET: 'psa-snapshots',
  SNAPSHOT_PREFIX: 'fleet',
};

describe('parseDispatchConfig', () => {
  it('reads the fleet, the queue and the topic', () => {
    const config = parseDispatchConfig(ENVIRONMENT);

    expect(config.workQueueUrl).toBe(ENVIRONMENT.WORK_QUEUE_URL);
    expect(config.alertTopicArn).toBe(ENVIRONMENT.ALERT_TOPIC_ARN);
    expect(config.fleet).toMatchObject({ accounts: [{ regions: ['eu-west-1', 'us-east-2'] }], listClustersPageSize: 50, roleSessionName: 'psa-fleet-scanner' });
    expect(config.powertools).toEqual({ serviceName: 'psa-fleet-dispatch', metricsNamespace: 'PsaFleetScanner', logLevel: 'INFO' });
  });

  it('reads where the run marker goes: the snapshot bucket and prefix, without Object Lock', () => {
    expect(parseDispatchConfig({ ...ENVIRONMENT, KMS_KEY_ID: 'alias/psa', OBJECT_LOCK_MODE: 'GOVERNANCE' }).store).toEqual({
      bucket: 'psa-snapshots',
      prefix: 'fleet/',
      kmsKeyId: 'alias/psa',
      retention: undefined,
    });
  });

  it('names each wrong variable once', () => {
    try {
      parseDispatchConfig({ ...ENVIRONMENT, WORK_QUEUE_URL: 'psa-work', ALERT_TOPIC_ARN: 'arn:aws:sqs:eu-west-1:111122223333:psa-alerts', SNAPSHOT_BUCKET: undefined });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(LambdaConfigError);
      expect((error as LambdaConfigError).problems).toEqual([
        'WORK_QUEUE_URL: must be an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME) (got "psa-work")',
        'ALERT_TOPIC_ARN: must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME) (got "arn:aws:sqs:eu-west-1:111122223333:psa-alerts")',
        'SNAPSHOT_BUCKET: must be set (the snapshot bucket)',
      ]);
    }
  });
});
