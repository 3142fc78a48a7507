// The JSON Schema of the FleetReport document (fleet.json), generated from the zod schema, for
// readers that are not this scanner (an auditor's tooling, Athena, a notebook). `npm run schemas`
// writes it to fleet-report.schema.json, and a test fails when the committed file differs from this.
import { z } from 'zod';
import { fleetReportSchema } from './fleet-report-schema.ts';

export const FLEET_REPORT_SCHEMA_FILE_NAME = 'fleet-report.schema.json';

export function fleetReportJsonSchema(): Record<string, unknown> {
  // `io: 'output'`: the document as written (draft 2020-12, zod's default).
  return z.toJSONSchema(fleetReportSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'throw' });
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function fleetReportJsonSchemaText(): string {
  return `${JSON.stringify(fleetReportJsonSchema(), null, 2)}\n`;
}
