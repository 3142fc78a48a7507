// The cold start: the handler module reads its environment when it loads and refuses to load with
// a bad one. (Invocations run against moto in test/e2e/missed-scan-watchdog.test.ts.)
import { describe, it } from 'vitest';
import { expectHandlerLoadRefused, isolateHandlerModule, itLoadsWithTheStackEnvironment, stackEnvironment } from '../common/handler-test-support.ts';

const STACK_ENVIRONMENT = stackEnvironment('watchdog');

const loadHandler = () => import('./handler.ts');

describe('the watchdog handler module', () => {
  isolateHandlerModule();
  itLoadsWithTheStackEnvironment(loadHandler, STACK_ENVIRONMENT);

  it('fails to load, naming each wrong variable', async () => {
    await expectHandlerLoadRefused(loadHandler, { ...STACK_ENVIRONMENT, ALERT_TOPIC_ARN: 'psa-alerts', WATCHDOG_WINDOW_HOURS: 'a day' }, ['ALERT_TOPIC_ARN: must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME) (got "psa-alerts")', 'WATCHDOG_WINDOW_HOURS: must be an integer from 1 to 720 (got "a day")']);
  });
});
