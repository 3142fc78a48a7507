// What a YAML scalar means to kubectl and kube-apiserver: sigs.k8s.io/yaml decodes YAML with
// go-yaml v2 (go.yaml.in/yaml/v2 v2.4, resolve.go and decode.go `scalar`) into interface{} and
// re-encodes it as JSON. That is YAML 1.1 with Go's own number syntax, not what a YAML 1.1 or 1.2
// library does: `2024-01-01` and `1:00` stay strings (no timestamps, no sexagesimal), `0o17`,
// `0X1F`, `0b101` and `017` are integers as Go's strconv.ParseInt(s, 0, 64) reads them after every
// `_` is removed, `y` and `on` are booleans, `1e400` (too large for a float64) is a string.

/** The full names of the tags go-yaml resolves (`!!int` is `tag:yaml.org,2002:int`). */
const TAG = 'tag:yaml.org,2002:';
export const STR_TAG = `${TAG}str`;
const BOOL_TAG = `${TAG}bool`;
const INT_TAG = `${TAG}int`;
const FLOAT_TAG = `${TAG}float`;
const NULL_TAG = `${TAG}null`;
const BINARY_TAG = `${TAG}binary`;
const TIMESTAMP_TAG = `${TAG}timestamp`;
export const MERGE_TAG = `${TAG}merge`;

/**
 * A decoded scalar. Integers outside JavaScript's safe range are bigint, so that
 * 9223372036854775807 (a valid int64) and 9223372036854775808 (not one) stay apart. `int` and
 * `float` are kept apart because a mapping key is written differently for each.
 */
export type GoScalar =
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'int'; readonly value: number | bigint }
  | { readonly kind: 'float'; readonly value: number };

export type ResolvedScalar = GoScalar | { readonly kind: 'error'; readonly message: string };

const WORDS = new Map<string, GoScalar>();
const wordsFor = (scalar: GoScalar, words: readonly string[]) => words.forEach((word) => WORDS.set(word, scalar));
wordsFor({ kind: 'bool', value: true }, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
wordsFor({ kind: 'bool', value: false }, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
wordsFor({ kind: 'null' }, ['', '~', 'null', 'Null', 'NULL']);
wordsFor({ kind: 'float', value: Number.NaN }, ['.nan', '.NaN', '.NAN']);
wordsFor({ kind: 'float', value: Infinity }, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
wordsFor({ kind: 'float', value: -Infinity }, ['-.inf', '-.Inf', '-.INF']);

/** resolve.go's resolveTable: the first character says which kinds a plain scalar may be. */
function hintOf(text: string): 'word' | 'number' | 'dot' | undefined {
  if (text === '') return 'word';
  const c = text.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d) return 'number'; // digit, + or -
  if (c === 0x2e) return 'dot';
  return 'yYnNtTfFoO~'.includes(text[0] as string) ? 'word' : undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** go-yaml's yamlStyleFloat. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat on a text starting with `.`: Go's float syntax, `_` only between digits. */
const GO_DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

/** strconv.ParseInt(text, 0, 64), then ParseUint(text, 0, 64): the integer, or undefined. */
function parseGoInteger(text: string): number | bigint | undefined {
  // The common case first: a short decimal without a leading zero is a safe integer.
  if (/^[-+]?[1-9][0-9]{0,14}$/.test(text) || text === '0') return Number(text);
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]+|[1-9][0-9]*|0)$/.exec(text);
  if (match === null) return undefined;
  const [, sign, digits = ''] = match;
  // Go reads a leading 0 as octal (`017` is 15); BigInt needs the 0o prefix for that.
  const magnitude = BigInt(/^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits);
  const value = sign === '-' ? -magnitude : magnitude;
  // ParseUint takes no sign, so only an unsigned text reaches past int64.
  if (value < INT64_MIN || value > (sign === '' ? UINT64_MAX : INT64_MAX)) return undefined;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** strconv.ParseFloat fails on overflow (ErrRange), so go-yaml keeps such a text a string. */
function finiteFloat(text: string): number | undefined {
  const value = Number(text.replaceAll('_', ''));
  return Number.isFinite(value) ? value : undefined;
}

/** resolve() for an untagged plain scalar (or one tagged !!int, !!float, !!bool, !!str). */
function resolvePlain(text: string): GoScalar {
  const hint = hintOf(text);
  if (hint === undefined) return { kind: 'str', value: text };
  const word = WORDS.get(text);
  if (word !== undefined) return word;
  if (hint === 'dot') {
    const value = GO_DOT_FLOAT.test(text) ? finiteFloat(text) : undefined;
    return value === undefined ? { kind: 'str', value: text } : { kind: 'float', value };
  }
  if (hint === 'number') {
    const plain = text.includes('_') ? text.replaceAll('_', '') : text;
    const integer = parseGoInteger(plain);
    if (integer !== undefined) return { kind: 'int', value: integer };
    const float = YAML_STYLE_FLOAT.test(plain) ? finiteFloat(plain) : undefined;
    if (float !== undefined) return { kind: 'float', value: float };
  }
  return { kind: 'str', value: text };
}

const SHORT_TAGS: Readonly<Record<string, string>> = {
  [STR_TAG]: 'str',
  [BOOL_TAG]: 'bool',
  [INT_TAG]: 'int',
  [FLOAT_TAG]: 'float',
  [NULL_TAG]: 'null',
};

/**
 * A scalar as go-yaml v2 decodes it into interface{}. `plain` is true for an unquoted scalar
 * (YAML's implicit resolution); `tag` is the explicit tag's full name, or undefined.
 */
export function resolveScalar(text: string, plain: boolean, tag: string | undefined): ResolvedScalar {
  if (tag === undefined) return plain ? resolvePlain(text) : { kind: 'str', value: text };
  switch (tag) {
    case STR_TAG:
      return { kind: 'str', value: text };
    case BINARY_TAG:
      return decodeBinary(text);
    case TIMESTAMP_TAG:
      // go-yaml keeps a timestamp a string inside interface{}, after checking it parses.
      return /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$/.test(text)
        ? { kind: 'str', value: text }
        : { kind: 'error', message: `!!timestamp ${JSON.stringify(text)} is not supported by psa-scan` };
    case NULL_TAG:
    case BOOL_TAG:
    case INT_TAG:
    case FLOAT_TAG: {
      const resolved = resolvePlain(text);
      if (SHORT_TAGS[tag] === resolved.kind) return resolved;
      // go-yaml turns an integer tagged !!float into a float; every other mismatch is an error.
      // (only one that fits an int64: a larger one is a uint64, which go-yaml does not convert)
      if (tag === FLOAT_TAG && resolved.kind === 'int' && !(typeof resolved.value === 'bigint' && resolved.value > INT64_MAX)) {
        return { kind: 'float', value: Number(resolved.value) };
      }
      return { kind: 'error', message: `cannot decode !!${resolved.kind} ${JSON.stringify(text)} as a !!${SHORT_TAGS[tag]}` };
    }
    default:
      // Any other tag (a custom `!foo`, the non-specific `!`, !!map on a scalar...) leaves the text as it is.
      return { kind: 'str', value: text };
  }
}

/** !!binary: base64 (Go's StdEncoding, line breaks ignored) whose bytes become the string. */
function decodeBinary(text: string): ResolvedScalar {
  const base64 = text.replace(/[\r\n]/g, '');
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    return { kind: 'error', message: '!!binary value contains invalid base64 data' };
  }
  try {
    return { kind: 'str', value: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(base64, 'base64')) };
  } catch {
    return { kind: 'error', message: '!!binary value is not UTF-8 text' };
  }
}

/** How a message names a float go-yaml produced but JSON cannot hold. */
export function describeNonFinite(value: number): string {
  if (Number.isNaN(value)) return '.nan (not a number)';
  return value > 0 ? '.inf (infinity)' : '-.inf (minus infinity)';
}

/**
 * A scalar mapping key as sigs.k8s.io/yaml writes it into JSON (convertToJSONableObject), or
 * undefined for a key type it refuses (null, an integer beyond int64).
 */
export function jsonKeyOf(key: GoScalar): string | undefined {
  switch (key.kind) {
    case 'str':
      return key.value;
    case 'bool':
      return key.value ? 'true' : 'false';
    case 'null':
      return undefined;
    case 'int':
      return typeof key.value === 'bigint' && key.value > INT64_MAX ? undefined : String(key.value);
    case 'float':
      return formatFloat32G(key.value);
  }
}

/** strconv.FormatFloat(value, 'g', -1, 32), with sigs.k8s.io/yaml's names for the non-finite. */
function formatFloat32G(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  const single = Math.fround(value);
  if (!Number.isFinite(single)) return single > 0 ? '.inf' : '-.inf';
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  // The shortest decimal that reads back as the same float32.
  let digits = '';
  for (let precision = 1; precision <= 9; precision++) {
    digits = single.toExponential(precision - 1);
    if (Math.fround(Number(digits)) === single) break;
  }
  const [mantissa = '', exponentText = '0'] = digits.split('e');
  const exponent = Number(exponentText);
  // %e when the exponent is below -4 or at least 6 (Go's precision for the shortest form).
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const negative = mantissa.startsWith('-');
  const significant = mantissa.replace('-', '').replace('.', '');
  const point = exponent + 1;
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${significant}`
      : significant.length <= point
        ? significant + '0'.repeat(point - significant.length)
        : `${significant.slice(0, point)}.${significant.slice(point)}`;
  return negative ? `-${body}` : body;
}
