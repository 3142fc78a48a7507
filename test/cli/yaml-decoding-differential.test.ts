// Differential test of how psa-scan reads YAML against how Kubernetes reads it: every document is
// decoded by psa-scan (shared/manifest) and by the Go oracle (test/harness/pss-oracle: sigs.k8s.io
// yaml's YAMLToJSONStrict over go-yaml v2, then the JSON into a corev1.Pod, as kube-apiserver
// decodes a YAML body under strict field validation, then the upstream evaluator). For each
// document both must agree on
//   - accept or refuse (a YAML error, a value of the wrong type for a field a check reads),
//   - the decoded value, compared as the JSON text Go writes (numbers by their digits), and
//   - for an accepted Pod, the verdict at restricted:latest (allowed and the reasons).
// The corpus: hundreds of scalar spellings (numbers in every base and form, YAML 1.1 words,
// dates, sexagesimal, infinities, huge integers), quoted and tagged, plus seeded random ones, each
// put into fields of the types the checks read (int64, int32, bool, string, a map key); YAML
// structures (anchors, merges, duplicate and complex keys, flow and block styles); and seeded
// generated pods written as YAML. Each document also goes through the general YAML path alone,
// which must agree with the fast path wherever that one answers.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentObjects } from '../../shared/manifest/manifest-objects.ts';
import { withApiserverDefaults } from '../../shared/manifest/apiserver-defaults.ts';
import { extractPodTemplate } from '../../shared/manifest/pod-template.ts';
import { decodeGeneralYaml, decodeYamlDocument } from '../../shared/manifest/yaml-document.ts';
import { evaluatePod } from '../../shared/pss/evaluate.ts';
import { LATEST } from '../../shared/pss/version.ts';
import { createRng, generatePods } from '../generators/pod-generator.ts';
import { PssOracle, type OracleYamlAnswer } from '../harness/pss-oracle-client.ts';
import { toYaml } from './manifest-yaml-writer.ts';

const SEED = 20261010;
const RANDOM_SCALARS = 300;
const GENERATED_PODS = 1500;

/** Spellings whose meaning differs between YAML 1.1, YAML 1.2, JavaScript and Go. */
const SCALARS = [
  ...['0', '1', '-1', '+1', '017', '08', '09', '010', '0o17', '0O17', '0o8', '0x1F', '0X1F', '0x1f', '-0x1F', '+0x1F'],
  ...['0b101', '0B11', '-0b101', '0b102', '1_000', '_1', '1__0', '0x_1F', '1_0.5', '1_', '0_1', '0x', '0b', '0o'],
  ...['1:00', '1:30:00', '190:20:30', '-1:00', '1:0', '2024-01-01', '2024-1-1', '2024-01-01T10:00:00Z'],
  ...['2001-12-14 21:59:43.10 -5', '2024-13-45', '20240101', '9223372036854775807', '9223372036854775808'],
  ...['-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616'],
  ...['123456789012345678901234567890', '9007199254740993', '-9007199254740993', '4294967296', '2147483647'],
  ...['2147483648', '-2147483648', '-2147483649', '65534', '1000.0', '1e3', '1E3', '1e+3', '1e-3', '1.0', '1.'],
  ...['.5', '-.5', '+.5', '1.5', '1e400', '-1e400', '.5e400', '1e-400', '0.0', '-0.0', '-0', '+0', '00'],
  ...['100000000000000000000', '1e21', '1e20', '9.223372036854776e18', '12e3', '08.5', '1e', 'e3', '1.2.3'],
  ...['0.1_2', '._5', '.5_5', '.1e1_0', '+', '++1', '--1', '1-1', '0x1.8p1', '0x1p-2', 'Infinity', 'inf'],
  ...['NaN', '1 000', '1,000', '.inf', '-.inf', '+.inf', '.Inf', '.INF', '.nan', '.NaN', '.NAN', '-.nan'],
  ...['.iNf', '.infinity', 'y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON'],
  ...['oN', 'off', 'Off', 'OFF', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 't', 'f', '~'],
  ...['null', 'Null', 'NULL', 'nULL', '0.', '-.0', '1e+', '0e0', '3.14', '-3.14', '6.02e23', '0xFFFFFFFFFFFFFFFF'],
  ...['0x8000000000000000', '-0x8000000000000000', '0o1777777777777777777777', '=', '<<', 'a', 'abc', 'RuntimeDefault'],
  ...['café', 'a b', 'a:b', 'http://x', 'a#b', '!important', '@at', '`tick`', '%pct', '0 1', '1\u00a0'],
];

/** How a scalar is written: plain, quoted, or with a tag. */
const FORMS: readonly ((text: string) => string)[] = [
  (text) => text,
  (text) => JSON.stringify(text),
  (text) => `'${text.replaceAll("'", "''")}'`,
  (text) => `!!int ${text}`,
  (text) => `!!float ${text}`,
  (text) => `!!bool ${text}`,
  (text) => `!!str ${text}`,
  (text) => `!!null ${text}`,
  (text) => `!!int "${text}"`,
  (text) => `!custom ${text}`,
];

/** A restricted-compliant Pod with one slot; `@` is replaced by a scalar as written. */
const POD = (slot: { runAsUser?: string; hostPID?: string; label?: string; hostPort?: string; key?: string }) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  labels:',
    `    app: ${slot.label ?? 'web'}`,
    ...(slot.key === undefined ? [] : ['  annotations:', `    ${slot.key}: v`]),
    'spec:',
    ...(slot.hostPID === undefined ? [] : [`  hostPID: ${slot.hostPID}`]),
    '  securityContext:',
    '    runAsNonRoot: true',
    `    runAsUser: ${slot.runAsUser ?? '1000'}`,
    '    seccompProfile: {type: RuntimeDefault}',
    '  containers:',
    '  - name: app',
    '    image: app:1',
    ...(slot.hostPort === undefined ? [] : ['    ports:', `    - containerPort: 80`, `      hostPort: ${slot.hostPort}`]),
    '    securityContext:',
    '      allowPrivilegeEscalation: false',
    '      capabilities:',
    '        drop: [ALL]',
    '',
  ].join('\n');

/** Structures: anchors, merges, keys, styles, and what kubectl refuses. */
const STRUCTURES = [
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n  hostPID: true\n  hostPID: false\n',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p, name: q}\nspec: {}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  "name": q\nspec: {}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    y: a\n    yes: b\nspec: {}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    1: a\n    1.5: b\n    true: c\n    1e7: d\n    .inf: e\nspec: {}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    ~: a\nspec: {}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    18446744073709551615: a\nspec: {}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    ? [a]\n    : b\nspec: {}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    ? {a: b}\n    : c\nspec: {}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    ? a\nspec: {}\n',
  'base: &sc {runAsUser: 0}\napiVersion: v1\nkind: Pod\nspec:\n  securityContext: *sc\n  containers: [{name: a}]\n',
  'base: &sc {runAsUser: 0}\napiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    <<: *sc\n    runAsNonRoot: true\n  containers: [{name: a}]\n',
  'base: &sc {runAsUser: 0}\napiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    <<: *sc\n    runAsUser: 5\n  containers: [{name: a}]\n',
  'a: &a {hostPID: true}\nb: &b {hostIPC: true}\napiVersion: v1\nkind: Pod\nspec:\n  <<: [*a, *b]\n  containers: [{name: a}]\n',
  'a: &a {hostPID: true}\napiVersion: v1\nkind: Pod\nspec:\n  <<: [*a, {hostPID: false}]\n  containers: [{name: a}]\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  <<: 5\n  containers: [{name: a}]\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  "<<": {hostPID: true}\n  containers: [{name: a}]\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  !!merge <<: {hostPID: true}\n  containers: [{name: a}]\n',
  'x: &x [*x]\napiVersion: v1\nkind: Pod\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: *nowhere}]\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: |\n        true\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: |\n      line one\n      line two\n    b: >-\n      folded\n      text\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: plain\n      continued\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: "double\n      quoted"\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: "\\x41\\u00e9\\U0001F600\\t\\n\\N\\_"\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: "\\ud83d\\ude00"\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: !!binary aGVsbG8=\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: !!binary "not base64!"\nspec: {containers: [{name: a}]}\n',
  '{"apiVersion": "v1", "kind": "Pod", "spec": {"hostPID": true, "containers": [{"name": "a"}]}}\n',
  'apiVersion: v1\nkind: Pod\nspec: {hostPID: yes, hostIPC: on, containers: [{name: a, securityContext: {privileged: y}}]}\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      securityContext: {runAsUser: 0x0}\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        add: [SYS_ADMIN, 1, yes]\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n  - name: b\n    securityContext: {privileged: true}\n',
  'apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n',
  'apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  hostPID: true\r\n  containers: [{name: a}]\r\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a}]\n...\n',
  'apiVersion: v1\nkind: Pod\nspec: !!map\n  hostPID: true\n  containers: !!seq [{name: a}]\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: !!bool "true"\n  containers: [{name: a}]\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: !!str true\n  containers: [{name: a}]\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # a comment\n  labels: {a: b#c, d: "e #f"}\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: b, c}\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {"a":"b"}\nspec: {containers: [{name: a}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {__proto__: x}\nspec: {containers: [{name: a}]}\n',
];

interface Ours {
  readonly accepted: boolean;
  /** The decoded document when YAML decoding succeeded (refused or not for a field's type). */
  readonly value?: unknown;
  readonly why?: string;
  readonly verdict?: { allowed: boolean; reasons: string[] };
  /** The apiserver defaults change this Pod: the oracle evaluates without them. */
  readonly defaulted?: boolean;
}

function ours(text: string): Ours {
  const decoded = decodeYamlDocument(text, 1);
  if (!decoded.ok) return { accepted: false, why: decoded.message };
  const entries = [...documentObjects(0, decoded)];
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) return { accepted: false, value: decoded.value, why: `${entries.length} objects` };
  if ('problem' in entry) return { accepted: false, value: decoded.value, why: entry.problem.message };
  const extraction = extractPodTemplate(entry.object);
  if (extraction.outcome !== 'pod') return { accepted: false, value: decoded.value, why: extraction.outcome === 'invalid' ? extraction.message : extraction.reason };
  const verdict = evaluatePod({ level: 'restricted', version: LATEST }, extraction.pod);
  // As Go decodes it (null is absent), before the defaults: the oracle evaluates without them.
  const decodedSpec = JSON.parse(
    JSON.stringify(entry.object.body['spec'] ?? {}, (_key, field: unknown) =>
      field === null ? undefined : typeof field === 'bigint' ? Number(field) : field,
    ),
  ) as Record<string, unknown>;
  return {
    accepted: true,
    value: decoded.value,
    verdict: { allowed: verdict.allowed, reasons: verdict.violations.map((v) => v.reason) },
    defaulted: !isDeepStrictEqual(withApiserverDefaults(decodedSpec, true), decodedSpec),
  };
}

/** A value with every number replaced by its JSON digits as Go writes them, so that no precision is lost. */
function digits(value: unknown): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? '#-0' : `#${String(value)}`;
  if (typeof value === 'bigint') return `#${String(value)}`;
  if (Array.isArray(value)) return value.map(digits);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, digits(field)]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
  }
  return value;
}

function goDigits(json: string): unknown {
  const parsed = JSON.parse(json, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' ? `#${context?.source ?? String(value)}` : value,
  ) as unknown;
  return digits(parsed);
}

interface Disagreement {
  readonly yaml: string;
  readonly ours: Ours;
  readonly go: OracleYamlAnswer;
  readonly what: string;
}

function compare(yaml: string, go: OracleYamlAnswer): Disagreement | undefined {
  const mine = ours(yaml);
  // The fast path for plain block YAML must give what the general path gives, whenever it answers.
  const general = decodeGeneralYaml(yaml, 1);
  const main = decodeYamlDocument(yaml, 1);
  if (general.ok !== main.ok || (general.ok && main.ok && !isDeepStrictEqual(digits(general.value), digits(main.value)))) {
    return { yaml, ours: mine, go, what: 'the fast and the general YAML paths differ' };
  }
  const goAccepts = go.yamlError === undefined && go.pod;
  if (mine.accepted !== goAccepts) return { yaml, ours: mine, go, what: mine.accepted ? 'psa-scan accepts, Kubernetes refuses' : 'psa-scan refuses, Kubernetes accepts' };
  if (go.json !== undefined && mine.value !== undefined && !isDeepStrictEqual(digits(mine.value), goDigits(go.json))) {
    return { yaml, ours: mine, go, what: 'decoded values differ' };
  }
  if (mine.accepted && mine.verdict !== undefined && mine.defaulted !== true) {
    if (mine.verdict.allowed !== go.allowed || !isDeepStrictEqual(mine.verdict.reasons, go.reasons)) {
      return { yaml, ours: mine, go, what: 'verdicts differ' };
    }
  }
  return undefined;
}

function randomScalars(count: number): string[] {
  const rng = createRng(SEED);
  const alphabet = '0123456789._+-eExXoObB:abcdfyn~ ';
  return Array.from({ length: count }, () => {
    const length = 1 + rng.int(9);
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[rng.int(alphabet.length)];
    return text.trim() === '' ? '0' : text.trim();
  });
}

function scalarDocuments(scalars: readonly string[]): string[] {
  const documents: string[] = [];
  for (const scalar of scalars) {
    for (const form of FORMS) {
      const written = form(scalar);
      documents.push(POD({ runAsUser: written }), POD({ hostPID: written }), POD({ label: written }), POD({ hostPort: written }));
      documents.push(POD({ key: written }));
    }
  }
  return documents;
}

function generatedDocuments(): string[] {
  return generatePods(SEED, GENERATED_PODS).map((pod, i) =>
    toYaml({ apiVersion: 'v1', kind: 'Pod', metadata: { ...pod.metadata, name: `pod-${i}` }, spec: pod.spec }),
  );
}

let oracle: PssOracle;

beforeAll(async () => {
  oracle = await PssOracle.start();
});

afterAll(async () => {
  await oracle?.close();
});

async function disagreements(documents: readonly string[]): Promise<Disagreement[]> {
  const answers = await oracle.decodeYaml(documents.map((yaml) => ({ level: 'restricted', version: 'latest', yaml })));
  expect(answers).toHaveLength(documents.length);
  return documents.flatMap((yaml, i) => compare(yaml, answers[i] as OracleYamlAnswer) ?? []);
}

function shown(found: readonly Disagreement[]): string {
  // One of each kind first: the same cause tends to repeat across forms and fields.
  const seen = new Set<string>();
  const varied = found.filter((d) => {
    const kind = `${d.what}|${d.go.yamlError ?? d.go.podError ?? ''}|${d.ours.why ?? ''}`.replace(/`[^`]*`|"[^"]*"|[0-9]+/g, '');
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
  return varied
    .slice(0, 8)
    .map((d) => `${d.what}:\n${d.yaml}  ours: ${JSON.stringify(d.ours, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}\n  go: ${JSON.stringify(d.go)}`)
    .join('\n\n');
}

describe('YAML decoding, psa-scan against sigs.k8s.io/yaml + the apiserver decoder', () => {
  it(`agrees on ${SCALARS.length} chosen scalar spellings in ${FORMS.length} forms, in int64, int32, bool, string and key fields`, async () => {
    const documents = scalarDocuments(SCALARS);
    const found = await disagreements(documents);

    expect(found.length, `${found.length} of ${documents.length} documents disagree\n${shown(found)}`).toBe(0);
    expect(documents.length).toBeGreaterThan(5000);
  });

  it(`agrees on ${RANDOM_SCALARS} seeded random scalars in the same forms and fields`, async () => {
    const documents = scalarDocuments(randomScalars(RANDOM_SCALARS));
    const found = await disagreements(documents);

    expect(found.length, `${found.length} of ${documents.length} documents disagree\n${shown(found)}`).toBe(0);
  });

  it(`agrees on ${STRUCTURES.length} YAML structures: anchors, merges, duplicate and complex keys, styles`, async () => {
    const found = await disagreements(STRUCTURES);

    expect(found.length, `${found.length} of ${STRUCTURES.length} documents disagree\n${shown(found)}`).toBe(0);
  });

  it(`agrees on ${GENERATED_PODS} generated pods written as YAML, values and verdicts`, async () => {
    const documents = generatedDocuments();
    const found = await disagreements(documents);

    expect(found.length, `${found.length} of ${documents.length} documents disagree\n${shown(found)}`).toBe(0);
  });
});
