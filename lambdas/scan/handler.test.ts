// The cold start: the handler module reads its environment when it loads and refuses to load with
// a bad one, naming every variable. (Invocations run against real servers in test/e2e.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const STACK_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: 'psa-fleet-scan',
  SNAPSHOT_BUCKET: 'psa-snapshots',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:psa-alerts',
  FLEET_CONFIG: JSON.stringify({ accounts: [{ regions: ['eu-west-1'] }] }),
  AWS_REGION: 'eu-west-1',
};

describe('the scan handler module', () => {
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
    process.env = { ...STACK_ENVIRONMENT, SNAPSHOT_BUCKET: '', SCAN_CONCURRENCY: '0', OBJECT_LOCK_MODE: 'GOVERNANCE' };

    await expect(import('./handler.ts')).rejects.toMatchObject({
      name: 'LambdaConfigError',
      problems: [
        'SNAPSHOT_BUCKET: must be set (the snapshot bucket)',
        'SCAN_CONCURRENCY: must be an integer from 1 to 256 (got "0")',
        'OBJECT_LOCK_DAYS: must be set with OBJECT_LOCK_MODE and OBJECT_LOCK_DAYS: both or neither',
      ],
    });
  });
});
