// The cold start: the handler module reads its environment when it loads and refuses to load with
// a bad one, naming every variable. (Invocations run against moto in test/e2e.)
import { describe, it } from 'vitest';
import { expectHandlerLoadRefused, isolateHandlerModule, itLoadsWithTheStackEnvironment, stackEnvironment } from '../common/handler-test-support.ts';

const STACK_ENVIRONMENT = stackEnvironment('dispatch');

const loadHandler = () => import('./handler.ts');

describe('the dispatch handler module', () => {
  isolateHandlerModule();
  itLoadsWithTheStackEnvironment(loadHandler, STACK_ENVIRONMENT);

  it('fails to load, naming each wrong variable, before any event arrives', async () => {
    await expectHandlerLoadRefused(loadHandler, { ...STACK_ENVIRONMENT, FLEET_CONFIG: '{"accounts":[{"regions":[]}]}', WORK_QUEUE_URL: undefined, SNAPSHOT_BUCKET: undefined }, [
      'FLEET_CONFIG: accounts[0].regions: must list at least one region',
      'WORK_QUEUE_URL: must be set (the URL of the scan work queue)',
      'SNAPSHOT_BUCKET: must be set (the snapshot bucket)',
    ]);
  });
});
