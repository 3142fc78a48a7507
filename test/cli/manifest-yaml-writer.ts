// Writes JSON-like values as block YAML that go-yaml v2 (kubectl) reads back as the same value:
// a string is plain only when go-yaml would read that plain text as the same string, otherwise
// double-quoted with every character outside printable ASCII escaped (`\U` for astral ones: go-yaml
// refuses a `\u` escape of a surrogate). For test and benchmark inputs only.
import { resolveScalar } from '../../shared/manifest/go-yaml-scalar.ts';

const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*[A-Za-z0-9_./-]$|^[A-Za-z0-9_./]$/;

export function yamlString(text: string): string {
  if (PLAIN_SAFE.test(text) && !text.includes(' #') && !text.includes(': ')) {
    const resolved = resolveScalar(text, true, undefined);
    if (resolved.kind === 'str') return text;
  }
  let quoted = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '"' || char === '\\') quoted += `\\${char}`;
    else if (code >= 0x20 && code <= 0x7e) quoted += char;
    else if (code > 0xffff) quoted += `\\U${code.toString(16).padStart(8, '0')}`;
    else quoted += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${quoted}"`;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new Error(`not a scalar: ${typeof value}`);
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** One document's text (no `---`), block style, two spaces per level, lists indented under their key. */
export function toYaml(value: unknown): string {
  const lines: string[] = [];
  const write = (node: unknown, indent: string): void => {
    if (Array.isArray(node)) {
      for (const element of node) {
        if (isCollection(element) && !isEmpty(element)) {
          const nested: string[] = [];
          const saved = lines.length;
          write(element, `${indent}  `);
          nested.push(...lines.splice(saved));
          const [first = '', ...rest] = nested;
          lines.push(`${indent}- ${first.slice(indent.length + 2)}`, ...rest);
        } else {
          lines.push(`${indent}- ${isCollection(element) ? (Array.isArray(element) ? '[]' : '{}') : scalar(element)}`);
        }
      }
      return;
    }
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (child === undefined) continue;
      const name = yamlString(key);
      if (isCollection(child) && !isEmpty(child)) {
        lines.push(`${indent}${name}:`);
        write(child, `${indent}  `);
      } else {
        lines.push(`${indent}${name}: ${isCollection(child) ? (Array.isArray(child) ? '[]' : '{}') : scalar(child)}`);
      }
    }
  };
  if (!isCollection(value)) return `${scalar(value)}\n`;
  write(value, '');
  return `${lines.join('\n')}\n`;
}
