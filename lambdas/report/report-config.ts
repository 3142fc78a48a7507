// The report function's configuration, read once at cold start: the snapshot store it reads and
// writes the reports into (SNAPSHOT_BUCKET, SNAPSHOT_PREFIX: the documents go under
// <prefix>reports/fleet/, KMS_KEY_ID for them) and how many nights the trend charts cover.
import { z } from 'zod';
import { DEFAULT_NIGHTS, MAX_NIGHTS } from '../../shared/cli/report-options.ts';
import { collectProblems, integerVariable, parseVariables, variablesOf, type Environment } from '../common/environment-variables.ts';
import { parsePowertoolsConfig, type PowertoolsConfig } from '../common/powertools-config.ts';
import { parseStoreVariables, type StoreVariables } from '../common/store-variables.ts';

export interface ReportConfig {
  readonly powertools: PowertoolsConfig;
  readonly store: StoreVariables;
  /** Nights of history in the trend: the report's date and the N-1 before it. */
  readonly nights: number;
}

const schema = z.object({
  // The same bounds and default as `psa-scan report --nights`.
  REPORT_NIGHTS: integerVariable(1, MAX_NIGHTS, DEFAULT_NIGHTS),
});

export function parseReportConfig(environment: Environment): ReportConfig {
  const parts = collectProblems({
    powertools: () => parsePowertoolsConfig(environment),
    store: () => parseStoreVariables(environment, { withRetention: false }),
    variables: () => parseVariables(schema, variablesOf(environment, Object.keys(schema.shape))),
  });
  return { powertools: parts.powertools, store: parts.store, nights: parts.variables.REPORT_NIGHTS };
}
