// The cold start: the handler module reads its environment when it loads and refuses to load with
// a bad one, naming every variable. (Invocations run against moto in test/e2e.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const STACK_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: 'psa-fleet-dispatch',
  FLEET_CONFIG: JSON.stringify({ accounts: [{ roleArn: 'arn:aws:iam::111122223333:role/psa-scanner', regions: ['eu-west-1'] }] }),
  WORK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/psa-work',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:psa-alerts',
  SNAPSHOT_BUCKET: 'psa-snapshots',
  AWS_REGION: 'eu-west-1',
};

describe('the dispatch handler module', () => {
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

    expect(typeof handler).toBe('function');
    expect(typeof handler.use).toBe('function');
  });

  it('fails to load, naming each wrong variable, before any event arrives', async () => {
    process.env = { ...STACK_ENVIRONMENT, FLEET_CONFIG: '{"accounts":[{"regions":[]}]}', WORK_QUEUE_URL: undefined, SNAPSHOT_BUCKET: undefined };

    await expect(import('./handler.ts')).rejects.toMatchObject({
      name: 'LambdaConfigError',
      problems: [
        'FLEET_CONFIG: accounts[0].regions: must list at least one region',
        'WORK_QUEUE_URL: must be set (the URL of the scan work queue)',
        'SNAPSHOT_BUCKET: must be set (the snapshot bucket)',
      ],
    });
  });
});
