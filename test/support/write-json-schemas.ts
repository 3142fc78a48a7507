// `npm run schemas`: writes every committed JSON Schema from its zod schema. Each has a test that
// fails when the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_SCHEMA_FILE_NAME, snapshotJsonSchemaText } from '../../shared/snapshot/snapshot-json-schema.ts';
import { FLEET_POLICY_SCHEMA_FILE_NAME, fleetPolicyJsonSchemaText } from '../../shared/targets/fleet-policy-json-schema.ts';
import { WHATIF_SCHEMA_FILE_NAME, whatIfJsonSchemaText } from '../../shared/whatif/what-if-json-schema.ts';
import { FLEET_REPORT_SCHEMA_FILE_NAME, fleetReportJsonSchemaText } from '../../shared/report/fleet-report-json-schema.ts';
import { REPO_ROOT } from './paths.ts';

const schemas: ReadonlyArray<readonly [string, string]> = [
  [join(REPO_ROOT, 'shared', 'snapshot', SNAPSHOT_SCHEMA_FILE_NAME), snapshotJsonSchemaText()],
  [join(REPO_ROOT, 'shared', 'targets', FLEET_POLICY_SCHEMA_FILE_NAME), fleetPolicyJsonSchemaText()],
  [join(REPO_ROOT, 'shared', 'whatif', WHATIF_SCHEMA_FILE_NAME), whatIfJsonSchemaText()],
  [join(REPO_ROOT, 'shared', 'report', FLEET_REPORT_SCHEMA_FILE_NAME), fleetReportJsonSchemaText()],
];
for (const [file, text] of schemas) {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
