// The cold start: from the sources the module reads its environment and Chart.js (node_modules)
// when it loads. The deployed shape (an esbuild bundle with Chart.js beside it) runs against moto
// in test/e2e/fleet-report-lambda.test.ts.
import { describe, it } from 'vitest';
import { expectHandlerLoadRefused, isolateHandlerModule, itLoadsWithTheStackEnvironment, stackEnvironment } from '../common/handler-test-support.ts';

const STACK_ENVIRONMENT = stackEnvironment('report');

const loadHandler = () => import('./handler.ts');

describe('the report handler module', () => {
  isolateHandlerModule();
  itLoadsWithTheStackEnvironment(loadHandler, STACK_ENVIRONMENT);

  it('fails to load, naming each wrong variable', async () => {
    await expectHandlerLoadRefused(loadHandler, { ...STACK_ENVIRONMENT, POWERTOOLS_SERVICE_NAME: undefined, REPORT_NIGHTS: 'all' }, ['POWERTOOLS_SERVICE_NAME: must be set (the service name in every log line and metric)', 'REPORT_NIGHTS: must be an integer from 1 to 366 (got "all")']);
  });
});
