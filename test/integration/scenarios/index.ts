import { AGGREGATION_SCENARIOS } from './aggregation.ts';
import { BASELINE_SCENARIOS } from './baseline.ts';
import { EXEMPTION_SCENARIOS } from './exemptions.ts';
import { INVALID_LABEL_SCENARIOS } from './invalid-labels.ts';
import { RESTRICTED_SCENARIOS } from './restricted.ts';
import type { Scenario } from './scenario.ts';
import { SHORT_CIRCUIT_SCENARIOS } from './short-circuits.ts';
import { TRUNCATION_SCENARIOS } from './truncation.ts';
import { VERSION_SCENARIOS } from './versions.ts';

export { EXEMPT_RUNTIME_CLASS, OTHER_RUNTIME_CLASS } from './exemptions.ts';
export type { Scenario } from './scenario.ts';

export const ALL_SCENARIOS: readonly Scenario[] = [
  ...BASELINE_SCENARIOS,
  ...RESTRICTED_SCENARIOS,
  ...AGGREGATION_SCENARIOS,
  ...SHORT_CIRCUIT_SCENARIOS,
  ...VERSION_SCENARIOS,
  ...EXEMPTION_SCENARIOS,
  ...INVALID_LABEL_SCENARIOS,
  ...TRUNCATION_SCENARIOS,
];
