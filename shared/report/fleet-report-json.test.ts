// fleet.json: the committed JSON Schema is what the zod schema generates, and a report of the
// recorded fleet is valid by it under an independent validator (ajv, draft 2020-12).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FLEET_REPORT_SCHEMA_FILE_NAME, fleetReportJsonSchemaText } from './fleet-report-json-schema.ts';
import { fleetReportJson, parseFleetReportJson } from './fleet-report-json.ts';
import { recordedFleetReport } from './report.test-support.ts';

const committed = readFileSync(new URL(`./${FLEET_REPORT_SCHEMA_FILE_NAME}`, import.meta.url), 'utf8');

describe(FLEET_REPORT_SCHEMA_FILE_NAME, () => {
  it('is what the generator writes (else: npm run schemas)', () => {
    expect(committed).toBe(fleetReportJsonSchemaText());
  });

  it('accepts the fleet.json of the recorded fleet, and refuses it with a field changed', async () => {
    // strictRequired off: zod writes a record over an enum (byState) as propertyNames plus required.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(committed) as object);
    const { report } = await recordedFleetReport(7);
    const document: unknown = JSON.parse(fleetReportJson(report));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(document) as { sources: { sha256: string }[] };
    broken.sources[0] = { ...broken.sources[0], sha256: 'not-a-digest' };
    expect(validate(broken)).toBe(false);
  });
});

describe('fleetReportJson', () => {
  it('reads back as the same report, and names the path of a problem', async () => {
    const { report } = await recordedFleetReport(7);
    const text = fleetReportJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseFleetReportJson(text, 'fleet.json')).toEqual({ ok: true, report });
    const parsed = parseFleetReportJson(text.replace('"schemaVersion": 1', '"schemaVersion": 2'), 'fleet.json');
    expect(parsed).toEqual({ ok: false, errors: ['fleet.json: schemaVersion: Invalid input: expected 1'] });
  });

  it('refuses to write a document its schema refuses', async () => {
    const { report } = await recordedFleetReport(1);
    expect(() => fleetReportJson({ ...report, window: { ...report.window, nights: 0 } })).toThrow();
  });
});
