// The cold start: the handler module reads its environment when it loads and refuses to load with
// a bad one. (Invocations run against moto in test/e2e/missed-scan-watchdog.test.ts.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const STACK_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: 'psa-fleet-watchdog',
  SNAPSHOT_BUCKET: 'psa-snapshots',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:psa-alerts',
  AWS_REGION: 'eu-west-1',
};

describe('the watchdog handler module', () => {
  let saved: NodeJS.ProcessEnv;

  beforeEach(() => {
    saved = process.env;
    vi.resetModules();
  });

  afterEach(() => {
    process.env = saved;
  });

  it('loads with the environment the stack gives it and exports a middy handler', async () => {
    process.env = { ...STACK_ENVIRONMENT };

    const { handler } = await import('./handler.ts');

    expect(typeof handler.use).toBe('function');
  });

  it('fails to load, naming each wrong variable', async () => {
    process.env = { ...STACK_ENVIRONMENT, ALERT_TOPIC_ARN: 'psa-alerts', WATCHDOG_WINDOW_HOURS: 'a day' };

    await expect(import('./handler.ts')).rejects.toMatchObject({
      name: 'LambdaConfigError',
      problems: ['ALERT_TOPIC_ARN: must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME) (got "psa-alerts")', 'WATCHDOG_WINDOW_HOURS: must be an integer from 1 to 720 (got "a day")'],
    });
  });
});
