// The cold start: the handler module reads its environment when it loads and refuses to load with
// a bad one. (Invocations run against real apiservers and moto in test/e2e/adhoc-what-if.test.ts.)
import { describe, it } from 'vitest';
import { expectHandlerLoadRefused, isolateHandlerModule, itLoadsWithTheStackEnvironment, stackEnvironment } from '../common/handler-test-support.ts';

const STACK_ENVIRONMENT = stackEnvironment('adhoc');

const loadHandler = () => import('./handler.ts');

describe('the adhoc handler module', () => {
  isolateHandlerModule();
  itLoadsWithTheStackEnvironment(loadHandler, STACK_ENVIRONMENT);

  it('fails to load, naming each wrong variable, before any request arrives', async () => {
    await expectHandlerLoadRefused(loadHandler, { ...STACK_ENVIRONMENT, SNAPSHOT_BUCKET: undefined, REQUEST_TIMEOUT_MS: '5' }, ['SNAPSHOT_BUCKET: must be set (the snapshot bucket)', 'REQUEST_TIMEOUT_MS: must be an integer from 1000 to 900000 (got "5")']);
  });
});
