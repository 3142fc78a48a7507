// The JSON Schema of the fleet policy file, generated from the zod schema. Editors use it to
// complete and check the file (yaml-language-server: `# yaml-language-server: $schema=...`);
// `npm run schemas` writes it to fleet-policy.schema.json, and a test fails when the
// committed file differs from this.
import { z } from 'zod';
import { fleetPolicySchema } from './fleet-policy-schema.ts';

export const FLEET_POLICY_SCHEMA_FILE_NAME = 'fleet-policy.schema.json';

export function fleetPolicyJsonSchema(): Record<string, unknown> {
  // Draft 2020-12, zod's default; `io: 'input'` describes what a user writes.
  return z.toJSONSchema(fleetPolicySchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' });
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function fleetPolicyJsonSchemaText(): string {
  return `${JSON.stringify(fleetPolicyJsonSchema(), null, 2)}\n`;
}
