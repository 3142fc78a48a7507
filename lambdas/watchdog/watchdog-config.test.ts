import { describe, expect, it } from 'vitest';
import { LambdaConfigError } from '../common/lambda-config-error.ts';
import { DEFAULT_WINDOW_HOURS, parseWatchdogConfig } from './watchdog-config.ts';

const ENVIRONMENT = { POWERTOOLS_SERVICE_NAME: 'psa-fleet-watchdog', SNAPSHOT_BUCKET: 'psa-snapshots', ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:psa-alerts' };

describe('parseWatchdogConfig', () => {
  it('reads the store, the alert topic and a window of 26 hours unless told', () => {
    expect(parseWatchdogConfig(ENVIRONMENT)).toMatchObject({ store: { bucket: 'psa-snapshots', prefix: '' }, alertTopicArn: ENVIRONMENT.ALERT_TOPIC_ARN, windowHours: DEFAULT_WINDOW_HOURS });
    expect(parseWatchdogConfig({ ...ENVIRONMENT, WATCHDOG_WINDOW_HOURS: '50' }).windowHours).toBe(50);
  });

  it('names every wrong variable at once', () => {
    try {
      parseWatchdogConfig({ ...ENVIRONMENT, ALERT_TOPIC_ARN: undefined, WATCHDOG_WINDOW_HOURS: '0' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(LambdaConfigError);
      expect((error as LambdaConfigError).problems).toEqual(['ALERT_TOPIC_ARN: must be set (the alert topic ARN)', 'WATCHDOG_WINDOW_HOURS: must be an integer from 1 to 720 (got "0")']);
    }
  });
});
