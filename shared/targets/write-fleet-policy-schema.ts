// Writes fleet-policy.schema.json beside this file from the zod schema (`npm run
// schema:fleet-policy`). The one file of shared/targets that does I/O; a test fails when the
// committed schema differs from what this would write.
import { writeFileSync } from 'node:fs';
import { FLEET_POLICY_SCHEMA_FILE_NAME, fleetPolicyJsonSchemaText } from './fleet-policy-json-schema.ts';

writeFileSync(new URL(`./${FLEET_POLICY_SCHEMA_FILE_NAME}`, import.meta.url), fleetPolicyJsonSchemaText());
