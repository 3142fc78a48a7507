// The committed JSON Schema and parseFleetPolicy accept and refuse the same documents, judged by an
// independent validator (ajv, draft 2020-12). The documented exceptions, which the JSON Schema
// cannot state: rules between fields (the parser marks those errors `cross-field`), and a version
// whose minor overflows Go's int64 (the apiserver refuses it; a pattern cannot count that high).
// Repeated keys are not here: they are YAML, gone once a document is JSON data.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FLEET_POLICY_SCHEMA_FILE_NAME } from './fleet-policy-json-schema.ts';
import { parseFleetPolicy } from './parse-fleet-policy.ts';

const schema: unknown = JSON.parse(readFileSync(new URL(`./${FLEET_POLICY_SCHEMA_FILE_NAME}`, import.meta.url), 'utf8'));
const example: unknown = parseYaml(readFileSync(new URL('./fleet-policy.example.yaml', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);

type Verdict = 'accepted' | 'refused' | 'refused (cross-field only)';

function parserVerdict(document: unknown): Verdict {
  // JSON is YAML: the parser reads the very data ajv validates.
  const parsed = parseFleetPolicy(JSON.stringify(document), 'case.json');
  if (parsed.ok) return 'accepted';
  return parsed.errors.every((error) => error.kind === 'cross-field') ? 'refused (cross-field only)' : 'refused';
}

/** What the JSON Schema must say for a parser verdict: cross-field refusals are invisible to it. */
function expectedSchemaVerdict(verdict: Verdict): boolean {
  return verdict !== 'refused';
}

const HEAD = { apiVersion: 'psa-fleet-scanner/v1', kind: 'FleetPolicy' };
const withClusters = (...clusters: unknown[]) => ({ ...HEAD, clusters });
const withRules = (...namespaces: unknown[]) => withClusters({ match: {}, namespaces });
const withMatch = (match: unknown) => withClusters({ match });
const withNamespaceMatch = (match: unknown) => withRules({ match });
const withSelector = (labels: unknown) => withNamespaceMatch({ labels });
const withTarget = (target: unknown) => withRules({ match: {}, target });
const withPodSecurity = (podSecurity: unknown) => withClusters({ match: {}, podSecurity });

/** Hand-picked documents around each rule's edges; [name, document, the parser's expected verdict]. */
const CASES: [string, unknown, Verdict][] = [
  ['the example', example, 'accepted'],
  ['no clusters', withClusters(), 'accepted'],
  ['not a map', [], 'refused'],
  ['no apiVersion', { kind: 'FleetPolicy', clusters: [] }, 'refused'],
  ['another apiVersion', { ...HEAD, apiVersion: 'psa-fleet-scanner/v2', clusters: [] }, 'refused'],
  ['another kind', { ...HEAD, kind: 'Policy', clusters: [] }, 'refused'],
  ['no clusters field', HEAD, 'refused'],
  ['an unknown top-level field', { ...withClusters(), spec: {} }, 'refused'],
  ['an entry without match', withClusters({}), 'refused'],
  ['an unknown entry field', withClusters({ match: {}, namespace: [] }), 'refused'],
  ['a cluster name glob', withMatch({ names: ['arn:aws:eks:*:cluster/prod-?'] }), 'accepted'],
  ['an empty cluster name', withMatch({ names: [''] }), 'refused'],
  ['an empty names list', withMatch({ names: [] }), 'refused'],
  ['accounts: exact', withMatch({ accounts: ['012345678901'] }), 'accepted'],
  ['accounts: local', withMatch({ accounts: ['local'] }), 'accepted'],
  ['accounts: glob', withMatch({ accounts: ['0123*', '*', '?????????????'] }), 'accepted'],
  ['accounts: 11 digits', withMatch({ accounts: ['12345678901'] }), 'refused'],
  ['accounts: 13 digits', withMatch({ accounts: ['1234567890123'] }), 'refused'],
  ['accounts: a name', withMatch({ accounts: ['prod'] }), 'refused'],
  ['accounts: a number', withMatch({ accounts: [123456789012] }), 'refused'],
  ['regions', withMatch({ regions: ['eu-west-1', 'us-*', 'local'] }), 'accepted'],
  ['regions: upper case', withMatch({ regions: ['EU-west-1'] }), 'refused'],
  ['regions: empty', withMatch({ regions: [''] }), 'refused'],
  ['tags', withMatch({ tags: { env: 'prod', 'aws:cloudformation:stack-name': '', 'a b': 'c d' } }), 'accepted'],
  ['tags: an empty key', withMatch({ tags: { '': 'x' } }), 'refused'],
  ['tags: a number value', withMatch({ tags: { cost: 12 } }), 'refused'],
  ['defaults: every field', withPodSecurity({ defaults: { enforce: 'baseline', 'enforce-version': 'v1.0', audit: 'restricted', 'audit-version': 'latest', warn: 'privileged', 'warn-version': 'v1.37' } }), 'accepted'],
  ['defaults: none', withPodSecurity({ defaults: {}, exemptions: {} }), 'accepted'],
  ['defaults: an empty level', withPodSecurity({ defaults: { enforce: '' } }), 'refused'],
  ['defaults: an empty version', withPodSecurity({ defaults: { 'enforce-version': '' } }), 'refused'],
  ['defaults: v1.01', withPodSecurity({ defaults: { 'audit-version': 'v1.01' } }), 'refused'],
  ['defaults: v2.0', withPodSecurity({ defaults: { 'warn-version': 'v2.0' } }), 'refused'],
  ['defaults: Latest', withPodSecurity({ defaults: { 'warn-version': 'Latest' } }), 'refused'],
  ['defaults: an unknown mode', withPodSecurity({ defaults: { 'enforce-level': 'baseline' } }), 'refused'],
  ['exemptions', withPodSecurity({ exemptions: { namespaces: ['kube-system', 'a'.repeat(63)], runtimeClasses: ['kata.x-k8s.io', `${'a'.repeat(61)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`], usernames: ['system:serviceaccount:x:y'] } }), 'accepted'],
  ['exemptions: a 64-character namespace', withPodSecurity({ exemptions: { namespaces: ['a'.repeat(64)] } }), 'refused'],
  ['exemptions: a dotted namespace', withPodSecurity({ exemptions: { namespaces: ['kube.system'] } }), 'refused'],
  ['exemptions: a repeated namespace', withPodSecurity({ exemptions: { namespaces: ['a', 'a'] } }), 'refused'],
  ['exemptions: a 254-character runtime class', withPodSecurity({ exemptions: { runtimeClasses: [`${'a'.repeat(62)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`] } }), 'refused'],
  ['exemptions: an upper-case runtime class', withPodSecurity({ exemptions: { runtimeClasses: ['Kata'] } }), 'refused'],
  ['exemptions: an empty username', withPodSecurity({ exemptions: { usernames: [''] } }), 'refused'],
  ['exemptions: a repeated username', withPodSecurity({ exemptions: { usernames: ['u', 'u'] } }), 'refused'],
  ['namespace names', withNamespaceMatch({ names: ['kube-*', '?', 'a'.repeat(63)] }), 'accepted'],
  ['namespace names: 64 characters', withNamespaceMatch({ names: ['a'.repeat(64)] }), 'refused'],
  ['namespace names: a dot', withNamespaceMatch({ names: ['a.b'] }), 'refused'],
  ['label selector: every operator', withSelector({ matchLabels: { 'app.kubernetes.io/name': 'web', empty: '' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['x', ''] }, { key: 'b', operator: 'NotIn', values: ['y'] }, { key: 'c', operator: 'Exists' }, { key: 'd', operator: 'DoesNotExist', values: [] }] }), 'accepted'],
  ['label selector: empty', withSelector({}), 'accepted'],
  ['label selector: a key with two slashes', withSelector({ matchLabels: { 'a/b/c': 'x' } }), 'refused'],
  ['label selector: a 64-character key name', withSelector({ matchLabels: { ['k'.repeat(64)]: 'x' } }), 'refused'],
  ['label selector: a 253-character key prefix', withSelector({ matchLabels: { [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}/k`]: 'x' } }), 'accepted'],
  ['label selector: a 254-character key prefix', withSelector({ matchLabels: { [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}/k`]: 'x' } }), 'refused'],
  ['label selector: a bad value', withSelector({ matchLabels: { a: 'x y' } }), 'refused'],
  ['label selector: a 64-character value', withSelector({ matchLabels: { a: 'v'.repeat(64) } }), 'refused'],
  ['label selector: In without values', withSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] }), 'refused'],
  ['label selector: NotIn with no values', withSelector({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }), 'refused'],
  ['label selector: Exists with values', withSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), 'refused'],
  ['label selector: an unknown operator', withSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }), 'refused'],
  ['label selector: no operator', withSelector({ matchExpressions: [{ key: 'a' }] }), 'refused'],
  ['label selector: a bad key in an expression', withSelector({ matchExpressions: [{ key: '-a', operator: 'Exists' }] }), 'refused'],
  ['label selector: a bad value in an expression', withSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: ['-x'] }] }), 'refused'],
  ['label selector: an unknown field', withSelector({ matchFields: {} }), 'refused'],
  ['target', withTarget({ level: 'restricted', version: 'v1.30' }), 'accepted'],
  ['target: no version', withTarget({ level: 'restricted' }), 'refused'],
  ['target: an unknown level', withTarget({ level: 'strict', version: 'latest' }), 'refused'],
  ['target: a numeric version', withTarget({ level: 'baseline', version: 1.3 }), 'refused'],
  ['allowPrivileged', withRules({ match: { names: ['kube-*'] }, allowPrivileged: true }, { match: {}, allowPrivileged: false }), 'accepted'],
  ['allowPrivileged: a string', withRules({ match: {}, allowPrivileged: 'yes' }), 'refused'],
  ['a privileged target with allowPrivileged', withRules({ match: {}, allowPrivileged: true, target: { level: 'privileged', version: 'latest' } }), 'accepted'],
  // The rules between fields: refused by the parser alone.
  ['allowPrivileged with a stricter target', withRules({ match: {}, allowPrivileged: true, target: { level: 'baseline', version: 'latest' } }), 'refused (cross-field only)'],
  ['allowPrivileged false with a privileged target', withRules({ match: {}, allowPrivileged: false, target: { level: 'privileged', version: 'latest' } }), 'refused (cross-field only)'],
  ['a cluster entry after a catch-all', withClusters({ match: {} }, { match: { names: ['a'] } }), 'refused (cross-field only)'],
  ['a namespace rule after a catch-all', withRules({ match: { labels: {} } }, { match: { names: ['a'] } }), 'refused (cross-field only)'],
];

describe('the JSON Schema agrees with parseFleetPolicy', () => {
  it.each(CASES)('%s', (_name, document, verdict) => {
    expect(parserVerdict(document)).toBe(verdict);
    expect(validate(document)).toBe(expectedSchemaVerdict(verdict));
  });

  it('except for a version minor beyond Go int64, which the pattern lets through', () => {
    const document = withTarget({ level: 'baseline', version: 'v1.9223372036854775808' });
    expect(parserVerdict(document)).toBe('refused');
    expect(validate(document)).toBe(true);
    // The largest int64 is still a version (newer than any server: evaluated as its newest).
    expect(parserVerdict(withTarget({ level: 'baseline', version: 'v1.9223372036854775807' }))).toBe('accepted');
  });
});

/** Every path to a value in `value`, the root included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const children = Array.isArray(value)
    ? value.flatMap((item: unknown, index) => paths(item, [...prefix, index]))
    : value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, member]) => paths(member, [...prefix, key]))
      : [];
  return [prefix, ...children];
}

/** A deep copy of `root` with the value at `path` replaced (`undefined`: removed). */
function replaced(root: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(root)) return root.map((item: unknown, index) => (index === head ? replaced(item, rest, replacement) : item)).filter((item) => item !== undefined);
  const entries = Object.entries(root as Record<string, unknown>).map(([key, member]) => [key, key === head ? replaced(member, rest, replacement) : member] as const);
  return Object.fromEntries(entries.filter(([, member]) => member !== undefined));
}

const REPLACEMENTS: unknown[] = [undefined, null, 7, true, '', 'text', 'restricted', 'v1.30', '-x', [], ['text'], {}, { zz: 'text' }];

describe('the JSON Schema agrees with parseFleetPolicy on every mutation of the example', () => {
  it('accepts and refuses the same mutants, with cross-field refusals the only difference', () => {
    const disagreements: string[] = [];
    const tally: Record<Verdict, number> = { accepted: 0, refused: 0, 'refused (cross-field only)': 0 };
    for (const path of paths(example)) {
      for (const replacement of REPLACEMENTS) {
        if (path.length === 0 && replacement === undefined) continue; // no document at all: not JSON data
        const mutant = replaced(example, path, replacement);
        const verdict = parserVerdict(mutant);
        tally[verdict] += 1;
        if (validate(mutant) !== expectedSchemaVerdict(verdict)) {
          disagreements.push(`${JSON.stringify(path)} = ${JSON.stringify(replacement)}: parser ${verdict}, JSON Schema ${validate(mutant) ? 'accepted' : 'refused'}`);
        }
      }
      // An unknown field added to every map.
      const target = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], example);
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        const mutant = replaced(example, path, { ...target, zzUnknown: 'text' });
        const verdict = parserVerdict(mutant);
        tally[verdict] += 1;
        // Under tags and matchLabels a new key is a tag or a label, not a field: both accept it.
        if (validate(mutant) !== expectedSchemaVerdict(verdict)) disagreements.push(`${JSON.stringify(path)} + zzUnknown: parser ${verdict}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Enough mutants of each kind for the agreement to mean something.
    expect(tally.accepted).toBeGreaterThan(50);
    expect(tally.refused).toBeGreaterThan(500);
    expect(tally['refused (cross-field only)']).toBeGreaterThan(5);
  });
});
