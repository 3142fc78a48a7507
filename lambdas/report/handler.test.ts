// The cold start: from the sources the module reads its environment and Chart.js (node_modules)
// when it loads. The deployed shape (an esbuild bundle with Chart.js beside it) runs against moto
// in test/e2e/fleet-report-lambda.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const STACK_ENVIRONMENT = { POWERTOOLS_SERVICE_NAME: 'psa-fleet-report', SNAPSHOT_BUCKET: 'psa-snapshots', AWS_REGION: 'eu-west-1' };

describe('the report handler module', () => {
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
    process.env = { ...STACK_ENVIRONMENT, POWERTOOLS_SERVICE_NAME: undefined, REPORT_NIGHTS: 'all' };

    await expect(import('./handler.ts')).rejects.toMatchObject({
      name: 'LambdaConfigError',
      problems: ['POWERTOOLS_SERVICE_NAME: must be set (the service name in every log line and metric)', 'REPORT_NIGHTS: must be an integer from 1 to 366 (got "all")'],
    });
  });
});
