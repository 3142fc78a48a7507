// parseFleetPolicy: the text of a fleet policy file in, a FleetPolicy or every error found out. Each
// error names the file, the line and column, the path inside the document
// (`clusters[0].namespaces[1].target.level`) and what is wrong. Pure: the caller reads the file.
import type { z } from 'zod';
import { CROSS_FIELD, FLEET_POLICY_API_VERSION, FLEET_POLICY_KIND, fleetPolicySchema } from './fleet-policy-schema.ts';
import { fleetPolicyFromDocument, type FleetPolicy } from './fleet-policy.ts';
import { invalidType, requiredValue, unknownField, unsupportedValue } from './policy-messages.ts';
import { readPolicyYaml, type PathSegment, type ReadPolicyYaml } from './policy-yaml.ts';

export interface FleetPolicyError {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** `clusters[0].namespaces[1].target.level`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
  /**
   * `yaml`: the text is not a readable YAML document (or repeats a key); `schema`: a field is
   * missing, unknown, of the wrong type or has a refused value (what the JSON Schema says too);
   * `cross-field`: a rule between fields, which the JSON Schema cannot state.
   */
  readonly kind: 'yaml' | 'schema' | 'cross-field';
}

export type ParsedFleetPolicy = { readonly ok: true; readonly policy: FleetPolicy } | { readonly ok: false; readonly errors: readonly FleetPolicyError[] };

/** `policy.yaml:12:9: clusters[0].namespaces[1].target.level: Invalid value: ...` */
export function formatFleetPolicyError(error: FleetPolicyError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.path === '' ? '' : `${error.path}: `}${error.message}`;
}

/** Maps whose keys are the user's (label keys, tag keys): their keys print as `[key]`, as Kubernetes prints `metadata.labels[app]`. */
const KEYED_MAPS: ReadonlySet<PathSegment> = new Set(['tags', 'matchLabels']);

export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number' || (index > 0 && KEYED_MAPS.has(path[index - 1] ?? ''))) return `[${segment}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

export function parseFleetPolicy(text: string, fileName: string): ParsedFleetPolicy {
  const yaml = readPolicyYaml(text);
  const errors: FleetPolicyError[] = yaml.problems.map((problem) => ({
    file: fileName,
    ...problem.position,
    path: formatPath(problem.path),
    message: problem.message,
    kind: 'yaml',
  }));
  if (yaml.value === undefined) return { ok: false, errors };
  if (yaml.empty) {
    const message = `the file holds no document: expected a ${FLEET_POLICY_KIND} (apiVersion: ${FLEET_POLICY_API_VERSION}, kind: ${FLEET_POLICY_KIND}, clusters: [...])`;
    return { ok: false, errors: [{ file: fileName, line: 1, column: 1, path: '', message, kind: 'yaml' }] };
  }

  const result = fleetPolicySchema.safeParse(yaml.value, { reportInput: true, error: issueMessage });
  if (!result.success) errors.push(...result.error.issues.flatMap((issue) => fromIssue(issue, yaml, fileName)));
  if (errors.length > 0 || !result.success) return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  return { ok: true, policy: fleetPolicyFromDocument(result.data) };
}

/** YAML's names for JSON Schema's types. */
function expectedName(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'map';
  if (expected === 'array') return 'list';
  return expected;
}

/** Messages for the issues whose schema gives none of its own (fleet-policy-schema.ts words the rest). */
function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? requiredValue() : invalidType(expectedName(issue.expected), issue.input);
    case 'invalid_value':
      return issue.input === undefined ? requiredValue() : unsupportedValue(issue.input, issue.values.map(String));
    case 'invalid_key':
      return issue.issues[0]?.message;
    default:
      return undefined;
  }
}

function fromIssue(issue: z.core.$ZodIssue, yaml: ReadPolicyYaml, file: string): FleetPolicyError[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    // One error per key, each where that key is written. `labels: { team: a }` is the likely slip
    // under labels: Kubernetes' selector shape needs its matchLabels.
    const hint = path.at(-1) === 'labels' ? ' (a label selector has matchLabels and matchExpressions)' : '';
    return issue.keys.map((key) => ({
      file,
      ...yaml.positionOf([...path, key], 'key'),
      path: formatPath([...path, key]),
      message: `${unknownField(key)}${hint}`,
      kind: 'schema',
    }));
  }
  const crossField = issue.code === 'custom' && issue.params?.[CROSS_FIELD] === true;
  // A refused map key is pointed at where the key is written, not its value.
  const position = yaml.positionOf(path, issue.code === 'invalid_key' ? 'key' : 'value');
  return [{ file, ...position, path: formatPath(path), message: issue.message, kind: crossField ? 'cross-field' : 'schema' }];
}
