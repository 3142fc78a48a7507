// The committed JSON Schema is what the generator writes, and an independent validator (ajv, draft
// 2020-12) judges documents as the zod schema does: what assessUpgrade produces passes, and
// documents broken in the ways a reader must catch are refused by both. One documented difference:
// a field the schema does not know is refused by the JSON Schema (zod writes objects closed) and
// dropped by the parser (zod's default, as for snapshots); the scanner never writes one.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { v1 } from '../pss/version.ts';
import { assessUpgrade } from './assess-upgrade.ts';
import { WHATIF_SCHEMA_FILE_NAME, whatIfJsonSchemaText } from './what-if-json-schema.ts';
import { parseWhatIfJson, whatIfJson } from './what-if-json.ts';
import { admissionConfig, clusterPolicy, deployment, HOST_PROBE_SPEC, inventory, namespace, snapshotOf } from './what-if.test-support.ts';

const committed = readFileSync(new URL(`./${WHATIF_SCHEMA_FILE_NAME}`, import.meta.url), 'utf8');
// strictRequired off: zod writes a record over an enum (scan.byState) as propertyNames plus
// required, valid JSON Schema that ajv's strict mode would have spelled with properties.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(committed) as object);

const read = inventory(24, [deployment(namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' }), 'api', 1, HOST_PROBE_SPEC), namespace('legacy')], { served: true, names: ['eks.privileged'] });
const document = JSON.parse(
  whatIfJson(assessUpgrade({ snapshot: snapshotOf(read), inventory: read, policy: clusterPolicy(admissionConfig()), upgradeTo: v1(40), requestId: null, finishedAt: '2026-11-29T04:43:10.000Z' })),
) as Record<string, unknown>;

describe(WHATIF_SCHEMA_FILE_NAME, () => {
  it('is what the generator writes (else: npm run schemas)', () => {
    expect(committed).toBe(whatIfJsonSchemaText());
  });

  it('accepts a document assessUpgrade wrote, as the parser does', () => {
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(parseWhatIfJson(JSON.stringify(document), 'doc.json').ok).toBe(true);
    expect((document['namespaces'] as unknown[]).length).toBe(1);
  });

  const broken: [string, (d: Record<string, unknown>) => Record<string, unknown>][] = [
    ['another kind', (d) => ({ ...d, kind: 'ClusterSnapshot' })],
    ['a newer schema version', (d) => ({ ...d, schemaVersion: 2 })],
    ['no upgrade', ({ upgrade: _, ...d }) => d],
    ['a target that is no version', (d) => ({ ...d, upgrade: { ...(d['upgrade'] as object), to: 'latest' } })],
    ['a start time that is no time', (d) => ({ ...d, startedAt: 'yesterday' })],
    ['a negative count', (d) => ({ ...d, summary: { ...(d['summary'] as object), moving: -1 } })],
    ['a level:version the apiserver would not print', (d) => ({ ...d, namespaces: (d['namespaces'] as object[]).map((n) => ({ ...n, from: 'baseline:1.24' })) })],
  ];
  it.each(broken)('refuses %s, as the parser does', (_name, breakIt) => {
    const bad = breakIt(document);
    expect(validate(bad)).toBe(false);
    expect(parseWhatIfJson(JSON.stringify(bad), 'doc.json').ok).toBe(false);
  });

  it('differs on an unknown field only as documented: the JSON Schema refuses it, the parser drops it', () => {
    const extra = { ...document, extra: true };
    expect(validate(extra)).toBe(false);
    const parsed = parseWhatIfJson(JSON.stringify(extra), 'doc.json');
    expect(parsed.ok && !Object.hasOwn(parsed.whatIf, 'extra')).toBe(true);
  });
});
