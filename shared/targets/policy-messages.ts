// The wording of fleet policy errors, after apimachinery's field errors (pkg/util/validation/field
// errors.go: `Required value`, `Invalid value: "x": why`, `Unsupported value: "x": supported
// values: ...`), so they read like the apiserver's own refusals. The path and the position are
// added by the parser; these are the part after `path: `.

/** What a value is, in YAML's words (a JSON object is a map, an array a list). */
export function yamlTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  return typeof value;
}

/** `Invalid type: expected string, got number`, with a hint when YAML read a bare value as a number or boolean. */
export function invalidType(expected: string, value: unknown): string {
  const message = `Invalid type: expected ${expected}, got ${yamlTypeName(value)}`;
  // `123456789012`, `1.30` and `yes`-like words stop being text in YAML unless quoted.
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return `${message} (quote it to make it text)`;
  return message;
}

/** `Invalid value: "x": why`; the value in JSON form, as Go's %q would print a plain string. */
export function invalidValue(value: unknown, detail: string): string {
  return `Invalid value: ${JSON.stringify(value)}: ${detail}`;
}

export function unsupportedValue(value: unknown, supported: readonly string[]): string {
  return `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
}

export function requiredValue(detail?: string): string {
  return detail === undefined ? 'Required value' : `Required value: ${detail}`;
}

export function unknownField(name: string): string {
  return `unknown field ${JSON.stringify(name)}`;
}
