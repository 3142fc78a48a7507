// The committed JSON Schema is what the generator writes, and an independent validator (ajv, draft
// 2020-12) accepts every snapshot the scanner wrote from a real apiserver (test/data/snapshots) and
// refuses the same broken documents the parser refuses.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_SCHEMA_FILE_NAME, snapshotJsonSchemaText } from './snapshot-json-schema.ts';
import { parseSnapshotJson } from './snapshot-json.ts';

const committed = readFileSync(new URL(`./${SNAPSHOT_SCHEMA_FILE_NAME}`, import.meta.url), 'utf8');
// strictRequired off: zod writes a record over an enum (summary.byState) as propertyNames plus required.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(committed) as object);

const DATA = join(import.meta.dirname, '..', '..', 'test', 'data', 'snapshots');
const recorded = [...readdirSync(DATA).map((f) => join(DATA, f)), ...readdirSync(join(DATA, 'store')).map((f) => join(DATA, 'store', f))].filter((f) => f.endsWith('.snapshot.json'));

describe(SNAPSHOT_SCHEMA_FILE_NAME, () => {
  it('is what the generator writes (else: npm run schemas)', () => {
    expect(committed).toBe(snapshotJsonSchemaText());
  });

  it.each(recorded.map((f) => [f.slice(DATA.length + 1), f]))('accepts %s, as the parser does', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(parseSnapshotJson(text, file).ok).toBe(true);
  });

  const base = JSON.parse(readFileSync(recorded[0] ?? '', 'utf8')) as Record<string, unknown>;
  const broken: [string, Record<string, unknown>][] = [
    ['another kind', { ...base, kind: 'UpgradeWhatIf' }],
    ['a newer schema version', { ...base, schemaVersion: 2 }],
    ['an unknown outcome', { ...base, outcome: 'fine' }],
    ['a previous link without a SHA-256', { ...base, previous: { key: 'k', sha256: 'abc' } }],
    ['a state nobody defined', { ...base, namespaces: (base['namespaces'] as object[]).map((n) => ({ ...n, state: 'happy' })) }],
    ['no namespaces', Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'namespaces'))],
  ];
  it.each(broken)('refuses %s, as the parser does', (_name, bad) => {
    expect(validate(bad)).toBe(false);
    expect(parseSnapshotJson(JSON.stringify(bad), 'bad.json').ok).toBe(false);
  });
});
