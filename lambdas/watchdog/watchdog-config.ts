// The watchdog function's configuration, read once at cold start: the snapshot store it watches
// (SNAPSHOT_BUCKET, SNAPSHOT_PREFIX; the run markers and its own ledger live there too, KMS_KEY_ID
// for the ledger), where lapses are paged (ALERT_TOPIC_ARN, the operations alert path), and the
// window: every cluster must have a successful scan, and the fleet a started run, within it.
import { z } from 'zod';
import { collectProblems, integerVariable, parseVariables, snsTopicArn, variablesOf, type Environment } from '../common/environment-variables.ts';
import { parsePowertoolsConfig, type PowertoolsConfig } from '../common/powertools-config.ts';
import { parseStoreVariables, type StoreVariables } from '../common/store-variables.ts';

export interface WatchdogConfig {
  readonly powertools: PowertoolsConfig;
  readonly store: StoreVariables;
  readonly alertTopicArn: string;
  readonly windowHours: number;
}

/**
 * A nightly run plus two hours for it to reach its last cluster. The window must exceed the time
 * between runs plus that spread (shared/watchdog/judge-fleet.ts); a fleet whose run takes longer
 * sets more.
 */
export const DEFAULT_WINDOW_HOURS = 26;

const schema = z.object({
  ALERT_TOPIC_ARN: snsTopicArn,
  WATCHDOG_WINDOW_HOURS: integerVariable(1, 720, DEFAULT_WINDOW_HOURS),
});

export function parseWatchdogConfig(environment: Environment): WatchdogConfig {
  const parts = collectProblems({
    powertools: () => parsePowertoolsConfig(environment),
    store: () => parseStoreVariables(environment, { withRetention: false }),
    variables: () => parseVariables(schema, variablesOf(environment, Object.keys(schema.shape))),
  });
  return { powertools: parts.powertools, store: parts.store, alertTopicArn: parts.variables.ALERT_TOPIC_ARN, windowHours: parts.variables.WATCHDOG_WINDOW_HOURS };
}
