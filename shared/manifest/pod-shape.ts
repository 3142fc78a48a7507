// The apiserver decodes a pod template into typed Go structs before PodSecurity sees it, so
// `privileged: "true"` or a list where an object belongs never reaches the checks: the decoder
// refuses the request. Here the template is untyped, so every field a Pod Security check reads (and
// every object or list on the way to one) is checked against the type Go would decode it into,
// and a mismatch is an input error instead of a silent ALLOWED (`"true" === true` is false) or an
// exception inside a check. JSON null is Go's zero value and is accepted anywhere, as absent.
import { describeJsonType, isJsonObject, type JsonObject } from './json-value.ts';

/** The Go type a field decodes into, as far as a check cares. */
type LeafType = 'boolean' | 'string' | 'int32' | 'int64' | 'object';

/**
 * Paths, relative to a pod template (`metadata`, `spec`), with the type the field must have.
 * `[*]` is every element of a list, `{*}` every value of a string map (`labels[key]`), and a
 * final `*` every field of the object not named in another path. Each object or list a path
 * walks through must be an object or list. Fields from shared/pss/pod.ts, read by
 * shared/pss/checks/*.ts (and by apiserver-defaults.ts: containerPort).
 */
const CONTAINER_FIELDS: readonly (readonly [string, LeafType])[] = [
  ['name', 'string'],
  ['securityContext.privileged', 'boolean'],
  ['securityContext.allowPrivilegeEscalation', 'boolean'],
  ['securityContext.runAsNonRoot', 'boolean'],
  ['securityContext.runAsUser', 'int64'],
  ['securityContext.procMount', 'string'],
  ['securityContext.capabilities.add[*]', 'string'],
  ['securityContext.capabilities.drop[*]', 'string'],
  ['securityContext.seccompProfile.type', 'string'],
  ['securityContext.appArmorProfile.type', 'string'],
  ['securityContext.seLinuxOptions.type', 'string'],
  ['securityContext.seLinuxOptions.user', 'string'],
  ['securityContext.seLinuxOptions.role', 'string'],
  ['securityContext.windowsOptions.hostProcess', 'boolean'],
  ['ports[*].hostPort', 'int32'],
  ['ports[*].containerPort', 'int32'],
  ...['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.postStart', 'lifecycle.preStop'].flatMap(
    (handler) =>
      [
        [`${handler}.httpGet.host`, 'string'],
        [`${handler}.tcpSocket.host`, 'string'],
      ] as const,
  ),
];

const POD_FIELDS: readonly (readonly [string, LeafType])[] = [
  ['metadata.labels{*}', 'string'],
  ['metadata.annotations{*}', 'string'],
  ['spec.securityContext.runAsNonRoot', 'boolean'],
  ['spec.securityContext.runAsUser', 'int64'],
  ['spec.securityContext.seccompProfile.type', 'string'],
  ['spec.securityContext.appArmorProfile.type', 'string'],
  ['spec.securityContext.seLinuxOptions.type', 'string'],
  ['spec.securityContext.seLinuxOptions.user', 'string'],
  ['spec.securityContext.seLinuxOptions.role', 'string'],
  ['spec.securityContext.windowsOptions.hostProcess', 'boolean'],
  ['spec.securityContext.sysctls[*].name', 'string'],
  ['spec.volumes[*].name', 'string'],
  // Every other field of a Volume is a VolumeSource pointer; the volume checks test them for null.
  ['spec.volumes[*].*', 'object'],
  ...['initContainers', 'containers', 'ephemeralContainers'].flatMap((list) =>
    CONTAINER_FIELDS.map(([path, type]) => [`spec.${list}[*].${path}`, type] as const),
  ),
  ['spec.hostNetwork', 'boolean'],
  ['spec.hostPID', 'boolean'],
  ['spec.hostIPC', 'boolean'],
  ['spec.hostUsers', 'boolean'],
  ['spec.os.name', 'string'],
];

type ShapeNode =
  | { readonly kind: 'leaf'; readonly type: LeafType }
  | { readonly kind: 'list'; element: ShapeNode }
  | { readonly kind: 'map'; value: ShapeNode }
  // Fields by name, in an object without a prototype: looked up for every key of every object walked.
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, ShapeNode | undefined>>; others?: ShapeNode };

const POD_SHAPE = compile(POD_FIELDS);

/** The first type problem in a pod template's metadata and spec, or undefined when none. */
export function podShapeProblem(metadata: JsonObject, spec: JsonObject, at: string): string | undefined {
  const found = mismatchIn({ metadata, spec }, POD_SHAPE);
  if (found === undefined) return undefined;
  // The keys were added innermost first, on the way back up.
  let name = at;
  for (let i = found.keys.length - 1; i >= 0; i--) {
    const { key, bracketed } = found.keys[i] as WalkedKey;
    name = bracketed ? `${name}[${key}]` : name === '' ? String(key) : `${name}.${key}`;
  }
  return mismatch(found.expected, found.value, name, found.showValue);
}

/** A key walked through: written `[key]` for a list index or a map key, `.key` for a field. */
interface WalkedKey {
  readonly key: string | number;
  readonly bracketed: boolean;
}

/**
 * A value of the wrong type, with the keys walked to reach it. Most templates have no problem, so
 * the walk keeps no path: the keys are added only to a mismatch, as it is returned.
 */
interface Mismatch {
  readonly expected: string;
  readonly value: unknown;
  readonly showValue: boolean;
  readonly keys: WalkedKey[];
}

/** The first mismatch in document order. */
function mismatchIn(value: unknown, node: ShapeNode): Mismatch | undefined {
  if (value === undefined || value === null) return undefined;
  switch (node.kind) {
    case 'leaf':
      return hasType(value, node.type) ? undefined : { expected: EXPECTED[node.type], value, showValue: node.type !== 'object', keys: [] };
    case 'list':
      if (!Array.isArray(value)) return { expected: 'a list', value, showValue: false, keys: [] };
      for (let index = 0; index < value.length; index++) {
        const found = mismatchIn(value[index], node.element);
        if (found !== undefined) return withKey(found, index, true);
      }
      return undefined;
    case 'map':
      if (!isJsonObject(value)) return { expected: 'an object', value, showValue: false, keys: [] };
      for (const key of Object.keys(value)) {
        const found = mismatchIn(value[key], node.value);
        if (found !== undefined) return withKey(found, key, true);
      }
      return undefined;
    case 'object':
      if (!isJsonObject(value)) return { expected: 'an object', value, showValue: false, keys: [] };
      for (const key of Object.keys(value)) {
        const child = node.fields[key] ?? node.others;
        const found = child === undefined ? undefined : mismatchIn(value[key], child);
        if (found !== undefined) return withKey(found, key, false);
      }
      return undefined;
  }
}

function withKey(found: Mismatch, key: string | number, bracketed: boolean): Mismatch {
  found.keys.push({ key, bracketed });
  return found;
}

const EXPECTED: Readonly<Record<LeafType, string>> = {
  boolean: 'a boolean',
  string: 'a string',
  int32: 'a 32-bit integer',
  int64: 'an integer',
  object: 'an object',
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Integers past 2^53 arrive as bigint, exact. A float is an integer to Go when the JSON kubectl
 * sends writes it as one: `1e3` and `1.0` become 1000 and 1 (Go's shortest float digits, which
 * are JavaScript's too), while -2^63 as a float is written -9223372036854776000, past int64.
 */
function isInteger(value: unknown, bits: 32 | 64): boolean {
  let integer: bigint;
  if (typeof value === 'bigint') {
    integer = value;
  } else if (Number.isSafeInteger(value)) {
    const number = value as number;
    return bits === 32 ? number >= INT32_MIN && number <= INT32_MAX : true;
  } else if (Number.isInteger(value) && !String(value).includes('e')) {
    integer = BigInt(String(value));
  } else {
    return false;
  }
  return bits === 32 ? integer >= BigInt(INT32_MIN) && integer <= BigInt(INT32_MAX) : integer >= INT64_MIN && integer <= INT64_MAX;
}

function hasType(value: unknown, type: LeafType): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'int32':
      return isInteger(value, 32);
    case 'int64':
      return isInteger(value, 64);
    case 'object':
      return isJsonObject(value);
  }
}

/** `spec.hostNetwork must be a boolean, found a string "true"`: the value shown for scalar fields. */
function mismatch(expected: string, value: unknown, at: string, showValue: boolean): string {
  const found = describeJsonType(value);
  if (!showValue) return `${at} must be ${expected}, found ${found}`;
  if (typeof value === 'bigint' || typeof value === 'number') return `${at} must be ${expected}, found ${found} ${String(value)}`;
  if (typeof value === 'string' || typeof value === 'boolean') return `${at} must be ${expected}, found ${found} ${JSON.stringify(value)}`;
  return `${at} must be ${expected}, found ${found}`;
}

/** The paths as one tree, so a template is walked once and problems come in document order. */
function compile(paths: readonly (readonly [string, LeafType])[]): ShapeNode {
  const root: ShapeNode = { kind: 'object', fields: Object.create(null) };
  for (const [path, type] of paths) {
    const segments = path.split('.');
    let node: ShapeNode = root;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      const match = /^([^[{]+)(\[\*\]|\{\*\})?$/.exec(segment);
      if (match === null || node.kind !== 'object') throw new Error(`pod-shape: bad path ${path}`);
      const [, name = '', suffix] = match;
      const leaf: ShapeNode = last ? { kind: 'leaf', type } : { kind: 'object', fields: Object.create(null) };
      const wanted: ShapeNode =
        suffix === '[*]' ? { kind: 'list', element: leaf } : suffix === '{*}' ? { kind: 'map', value: leaf } : leaf;
      const existing = name === '*' ? node.others : node.fields[name];
      const child = existing ?? wanted;
      if (existing === undefined) {
        if (name === '*') node.others = child;
        else (node.fields as Record<string, ShapeNode>)[name] = child;
      } else if (existing.kind !== wanted.kind || last) {
        throw new Error(`pod-shape: ${path} conflicts with another path`);
      }
      node = child.kind === 'list' ? child.element : child.kind === 'map' ? child.value : child;
    });
  }
  return root;
}
