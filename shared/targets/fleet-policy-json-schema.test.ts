import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLEET_POLICY_SCHEMA_FILE_NAME, fleetPolicyJsonSchemaText } from './fleet-policy-json-schema.ts';

describe(FLEET_POLICY_SCHEMA_FILE_NAME, () => {
  it('is what the generator writes (else: npm run schemas)', () => {
    const committed = readFileSync(new URL(`./${FLEET_POLICY_SCHEMA_FILE_NAME}`, import.meta.url), 'utf8');
    expect(committed).toBe(fleetPolicyJsonSchemaText());
  });
});
