// The cold start: the handler module reads its environment when it loads and refuses to load with
// a bad one. (Invocations run against real apiservers and moto in test/e2e/adhoc-what-if.test.ts.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const STACK_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: 'psa-fleet-adhoc',
  FLEET_CONFIG: JSON.stringify({ accounts: [{ roleArn: 'arn:aws:iam::111122223333:role/psa-scanner', regions: ['eu-west-1'] }] }),
  SNAPSHOT_BUCKET: 'psa-snapshots',
  AWS_REGION: 'eu-west-1',
};

describe('the adhoc handler module', () => {
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

  it('fails to load, naming each wrong variable, before any request arrives', async () => {
    process.env = { ...STACK_ENVIRONMENT, SNAPSHOT_BUCKET: undefined, REQUEST_TIMEOUT_MS: '5' };

    await expect(import('./handler.ts')).rejects.toMatchObject({
      name: 'LambdaConfigError',
      problems: ['SNAPSHOT_BUCKET: must be set (the snapshot bucket)', 'REQUEST_TIMEOUT_MS: must be an integer from 1000 to 900000 (got "5")'],
    });
  });
});
