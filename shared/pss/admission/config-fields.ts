// Field-level helpers for reading decoded configuration objects with errors that name the field.

/** `defaults.enforce` from `defaults` and `enforce`; the root has no prefix. */
export function fieldPath(parent: string, child: string): string {
  return parent === '' ? child : `${parent}.${child}`;
}

/** The plugin decodes its configuration strictly: a misspelt field is an error, not ignored. */
export function checkKnownFields(object: Record<string, unknown>, path: string, known: readonly string[]): string[] {
  return Object.keys(object)
    .filter((key) => !known.includes(key))
    .map((key) => `${fieldPath(path, key)}: unknown field ${JSON.stringify(key)}`);
}

/** `path: Invalid value: "v": detail`, as apimachinery's field.Invalid prints. */
export function invalidValue(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;
}

export function invalidType(path: string, expected: string, value: unknown): string {
  const actual = Array.isArray(value) ? 'array' : typeof value;
  return `${path}: Invalid type: expected ${expected}, got ${actual}`;
}
