// The JSON Schema of the UpgradeWhatIf document, generated from the zod schema, for readers that
// are not this scanner (an auditor's tooling, Athena, a pipeline gate). test/support/write-json-schemas.ts
// writes it to what-if.schema.json, and a test fails when the committed file differs from this.
import { z } from 'zod';
import { upgradeWhatIfSchema } from './what-if-schema.ts';

export const WHATIF_SCHEMA_FILE_NAME = 'what-if.schema.json';

export function whatIfJsonSchema(): Record<string, unknown> {
  // `io: 'output'`: the document as written (draft 2020-12, zod's default).
  return z.toJSONSchema(upgradeWhatIfSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'throw' });
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function whatIfJsonSchemaText(): string {
  return `${JSON.stringify(whatIfJsonSchema(), null, 2)}\n`;
}
