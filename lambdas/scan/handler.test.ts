// The cold start: the handler module reads its environment when it loads and refuses to load with
// a bad one, naming every variable. (Invocations run against real servers in test/e2e.)
import { describe, it } from 'vitest';
import { expectHandlerLoadRefused, isolateHandlerModule, itLoadsWithTheStackEnvironment, stackEnvironment } from '../common/handler-test-support.ts';

const STACK_ENVIRONMENT = stackEnvironment('scan');

const loadHandler = () => import('./handler.ts');

describe('the scan handler module', () => {
  isolateHandlerModule();
  itLoadsWithTheStackEnvironment(loadHandler, STACK_ENVIRONMENT);

  it('fails to load, naming each wrong variable, before any event arrives', async () => {
    await expectHandlerLoadRefused(loadHandler, { ...STACK_ENVIRONMENT, SNAPSHOT_BUCKET: '', SCAN_CONCURRENCY: '0', OBJECT_LOCK_DAYS: undefined }, [
      'SNAPSHOT_BUCKET: must be set (the snapshot bucket)',
      'SCAN_CONCURRENCY: must be an integer from 1 to 256 (got "0")',
      'OBJECT_LOCK_DAYS: must be set with OBJECT_LOCK_MODE and OBJECT_LOCK_DAYS: both or neither',
    ]);
  });
});
