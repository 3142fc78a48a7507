// The fast path for the YAML nearly every manifest is written in: block mappings and
// sequences, one-line plain and quoted scalars, one-line flow collections, comments. It reads
// such a document line by line at several times the speed of the general parser and gives the
// same value (the same go-yaml-scalar.ts resolution, keys written the same way). Anything else
// (anchors, tags, block scalars, multi-line scalars, escapes, tabs, a duplicate key, a value JSON
// cannot hold, any doubt) makes it give up with `undefined`, and the caller decodes the document
// with the general path, which also writes every error message: the fast path never refuses.
import { setKey } from './decoded-document.ts';
import { jsonKeyOf, resolveScalar, type GoScalar } from './go-yaml-scalar.ts';

export interface FastDocument {
  readonly value: unknown;
  /** Line of the first line of content, relative to the document (1-based). */
  readonly line: number;
  readonly itemLines: readonly number[] | undefined;
}

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

function giveUp(): never {
  throw GIVE_UP;
}

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/**
 * Characters that may not start a plain scalar or key here (YAML's indicators): `-`, `?` and `:`
 * may, when followed by a non-space, but the fast path leaves `?` and `:` to the general one.
 */
function isIndicator(c: number): boolean {
  // , [ ] { } # & * ! | > ' " % @ ` ? :
  return (
    c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x23 || c === 0x26 || c === 0x2a ||
    c === 0x21 || c === 0x7c || c === 0x3e || c === 0x27 || c === 0x22 || c === 0x25 || c === 0x40 || c === 0x60 ||
    c === 0x3f || c === 0x3a
  );
}

/** Decodes `text` (one document, without its `---` line), or undefined when it needs the general path. */
export function decodeFastYaml(text: string): FastDocument | undefined {
  if (text.includes('\t')) return undefined;
  let lines = text.split('\n');
  if (text.includes('\r')) {
    lines = lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
    if (lines.some((line) => line.includes('\r'))) return undefined;
  }
  try {
    return new FastYaml(lines).document();
  } catch (cause) {
    if (cause === GIVE_UP || cause instanceof RangeError) return undefined;
    throw cause;
  }
}

class FastYaml {
  readonly #lines: string[];
  /** Each line's indentation, or -1 for a line of spaces or a comment: computed once per line. */
  readonly #indents: Int32Array;
  #at = 0;
  itemLines: number[] | undefined;

  constructor(lines: string[]) {
    this.#lines = lines;
    this.#indents = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const indent = indentOf(line);
      this.#indents[i] = indent < line.length && line.charCodeAt(indent) !== HASH ? indent : -1;
    }
  }

  document(): FastDocument | undefined {
    const first = this.#nextContent();
    if (first === -1) return undefined; // empty or comments only: the general path says so
    const line = first + 1;
    const value = this.#block(this.#indentAt(first), true);
    if (this.#nextContent() !== -1) giveUp(); // something left over, less indented
    return { value, line, itemLines: this.itemLines };
  }

  /** Index of the next line holding more than spaces or a comment, or -1; moves past the others. */
  #nextContent(): number {
    const indents = this.#indents;
    while (this.#at < indents.length) {
      if ((indents[this.#at] as number) >= 0) return this.#at;
      this.#at++;
    }
    return -1;
  }

  #indentAt(index: number): number {
    return this.#indents[index] as number;
  }

  /** A block collection whose first line is at `indent`. */
  #block(indent: number, root: boolean): unknown {
    const index = this.#nextContent();
    const line = this.#lines[index] as string;
    if (isDashEntry(line, indent)) return this.#sequence(indent);
    return this.#mapping(indent, root);
  }

  /** A block sequence with its dashes at column `indent`; `collectLines` gets each entry's line. */
  #sequence(indent: number, collectLines?: number[]): unknown[] {
    const list: unknown[] = [];
    for (;;) {
      const index = this.#nextContent();
      if (index === -1) break;
      const line = this.#lines[index] as string;
      const lineIndent = this.#indentAt(index);
      if (lineIndent < indent) break;
      if (lineIndent > indent) giveUp();
      if (!isDashEntry(line, indent)) break;
      collectLines?.push(index + 1);
      // `- ` then the entry: a scalar, a flow collection, or the first key of a mapping.
      let start = indent + 1;
      while (line.charCodeAt(start) === SPACE) start++;
      if (start >= line.length || start === indent + 1) giveUp(); // `-` alone, or `-x`
      const c = line.charCodeAt(start);
      if (c === DASH && (line.charCodeAt(start + 1) === SPACE || start + 1 === line.length)) giveUp(); // `- - x`
      if (c === HASH) giveUp();
      const key = keyAt(line, start);
      if (key !== undefined) {
        list.push(this.#mapping(start, false, index));
      } else {
        this.#at = index + 1;
        list.push(this.#inlineValue(line, start));
        this.#noDeeperThan(indent);
      }
    }
    return list;
  }

  /**
   * A block mapping with keys at column `indent`. When `firstLine` is given, its first key is on
   * that line at `indent` (after a `- `) rather than at the start of the next content line.
   */
  #mapping(indent: number, root: boolean, firstLine?: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    let first = firstLine;
    for (;;) {
      let index: number;
      if (first !== undefined) {
        index = first;
        first = undefined;
      } else {
        index = this.#nextContent();
        if (index === -1) break;
        const lineIndent = this.#indentAt(index);
        if (lineIndent < indent) break;
        if (lineIndent > indent) giveUp();
        // A `- ` at the keys' column belongs to no key here (a key's own such list was read with it).
        if (isDashEntry(this.#lines[index] as string, indent)) giveUp();
      }
      const line = this.#lines[index] as string;
      const key = keyAt(line, indent);
      if (key === undefined) giveUp();
      const name = keyName(key);
      if (Object.hasOwn(object, name)) giveUp();
      this.#at = index + 1;
      let valueStart = key.colon + 1;
      while (line.charCodeAt(valueStart) === SPACE) valueStart++;
      let value: unknown;
      if (valueStart >= line.length || line.charCodeAt(valueStart) === HASH) {
        value = this.#nestedValue(indent, root && name === 'items');
      } else {
        value = this.#inlineValue(line, valueStart);
        this.#noDeeperThan(indent);
      }
      setKey(object, name, value);
    }
    return object;
  }

  /** The value of `key:` with nothing after it: a deeper block, a sequence at the key's column, or null. */
  #nestedValue(indent: number, collectItemLines: boolean): unknown {
    const index = this.#nextContent();
    if (index === -1) return null;
    const line = this.#lines[index] as string;
    const lineIndent = this.#indentAt(index);
    const itemLines = collectItemLines ? [] : undefined;
    let value: unknown;
    if (lineIndent > indent) {
      value = isDashEntry(line, lineIndent) ? this.#sequence(lineIndent, itemLines) : this.#mapping(lineIndent, false);
    } else if (lineIndent === indent && isDashEntry(line, indent)) {
      value = this.#sequence(indent, itemLines);
    } else {
      return null;
    }
    if (itemLines !== undefined && Array.isArray(value)) this.itemLines = itemLines;
    return value;
  }

  /** After a value on its own line, a deeper line would continue it (a multi-line scalar): give up. */
  #noDeeperThan(indent: number): void {
    const index = this.#nextContent();
    if (index !== -1 && this.#indentAt(index) > indent) giveUp();
  }

  /** A scalar or flow collection from `start` to the end of the line (a comment may follow). */
  #inlineValue(line: string, start: number): unknown {
    const c = line.charCodeAt(start);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const flow = new FlowReader(line, start);
      const value = flow.value();
      flow.expectEnd();
      return value;
    }
    if (c === QUOTE || c === APOSTROPHE) {
      const quoted = readQuoted(line, start);
      if (!restIsComment(line, quoted.end)) giveUp();
      return quoted.text;
    }
    if (isIndicator(c) || (c === DASH && isSpaceOrEnd(line, start + 1))) giveUp();
    let end = line.indexOf(' #', start);
    if (end === -1) end = line.length;
    const text = trimSpaces(line.slice(start, end));
    // `a: b` inside a value, or a value ending in `:`, is not a plain scalar.
    if (text.includes(': ') || text.endsWith(':')) giveUp();
    return plainValue(text);
  }
}

/** The JSON name of a block mapping key. */
function keyName(key: KeySpan): string {
  let scalar: GoScalar;
  if (key.quoted) {
    scalar = { kind: 'str', value: key.text };
  } else {
    if (key.text === '<<') giveUp(); // a merge key
    const resolved = resolveScalar(key.text, true, undefined);
    if (resolved.kind === 'error') giveUp();
    scalar = resolved;
  }
  return jsonKeyOf(scalar) ?? giveUp();
}

interface KeySpan {
  readonly text: string;
  readonly quoted: boolean;
  /** Index of the `:` after the key. */
  readonly colon: number;
}

/** `key:` at `start` (followed by a space or the end of the line), or undefined when the line is no mapping entry. */
function keyAt(line: string, start: number): KeySpan | undefined {
  const c = line.charCodeAt(start);
  if (c === QUOTE || c === APOSTROPHE) {
    const quoted = readQuoted(line, start);
    if (line.charCodeAt(quoted.end) !== COLON) return undefined;
    const after = line.charCodeAt(quoted.end + 1);
    if (quoted.end + 1 < line.length && after !== SPACE) giveUp();
    return { text: quoted.text, quoted: true, colon: quoted.end };
  }
  let colon = line.indexOf(': ', start);
  const comment = line.indexOf(' #', start);
  if (colon === -1 || (comment !== -1 && comment < colon)) {
    // `key:` at the end of the line (before a comment, if any)
    const end = trimSpaces(comment === -1 ? line : line.slice(0, comment));
    if (!end.endsWith(':') || end.length <= start) return undefined;
    colon = end.length - 1;
  }
  if (colon === start) giveUp(); // an empty key
  if (isIndicator(c) || (c === DASH && isSpaceOrEnd(line, start + 1))) giveUp();
  const text = line.slice(start, colon);
  if (text.endsWith(' ') || text.includes(' #') || text.includes(':')) giveUp();
  return { text, quoted: false, colon };
}

/** A one-line quoted scalar. */
function readQuoted(line: string, start: number): { text: string; end: number } {
  const quote = line[start] as string;
  if (quote === '"') {
    const close = line.indexOf('"', start + 1);
    if (close === -1) giveUp();
    if (line.lastIndexOf('\\', close) < start) return { text: line.slice(start + 1, close), end: close + 1 };
    return readEscaped(line, start + 1);
  }
  let text = '';
  let from = start + 1;
  for (;;) {
    const close = line.indexOf("'", from);
    if (close === -1) giveUp();
    text += line.slice(from, close);
    if (line.charCodeAt(close + 1) !== APOSTROPHE) return { text, end: close + 1 };
    text += "'";
    from = close + 2;
  }
}

/** go-yaml's escapes (scannerc.go yaml_parser_scan_flow_scalar). */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A double-quoted scalar with backslash escapes, closed on the same line. */
function readEscaped(line: string, from: number): { text: string; end: number } {
  let text = '';
  let i = from;
  for (;;) {
    const close = line.indexOf('"', i);
    const backslash = line.indexOf('\\', i);
    if (close === -1) giveUp();
    if (backslash === -1 || backslash > close) return { text: text + line.slice(i, close), end: close + 1 };
    text += line.slice(i, backslash);
    const kind = line[backslash + 1] ?? giveUp();
    const simple = ESCAPES[kind];
    if (simple !== undefined) {
      text += simple;
      i = backslash + 2;
      continue;
    }
    const length = HEX_LENGTH[kind] ?? giveUp();
    const hex = line.slice(backslash + 2, backslash + 2 + length);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) giveUp();
    const code = Number.parseInt(hex, 16);
    // go-yaml refuses a surrogate or a code point past Unicode; the general path says so.
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) giveUp();
    text += String.fromCodePoint(code);
    i = backslash + 2 + length;
  }
}

function restIsComment(line: string, from: number): boolean {
  let i = from;
  while (line.charCodeAt(i) === SPACE) i++;
  return i === line.length || (i > from && line.charCodeAt(i) === HASH);
}

function plainValue(text: string): unknown {
  const scalar = resolveScalar(text, true, undefined);
  switch (scalar.kind) {
    case 'null':
      return null;
    case 'float':
      return Number.isFinite(scalar.value) ? scalar.value : giveUp();
    case 'error':
      return giveUp();
    default:
      return scalar.value;
  }
}

function isSpaceOrEnd(line: string, at: number): boolean {
  return at >= line.length || line.charCodeAt(at) === SPACE;
}

/** Trailing spaces only: YAML's white space is space and tab, not every Unicode space (U+00A0 stays). */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SPACE) end--;
  return end === text.length ? text : text.slice(0, end);
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === SPACE) i++;
  return i;
}

function isDashEntry(line: string, indent: number): boolean {
  return line.charCodeAt(indent) === DASH && (indent + 1 === line.length || line.charCodeAt(indent + 1) === SPACE);
}

/** A flow collection that opens and closes on one line: `[ALL]`, `{name: a, image: b}`. */
class FlowReader {
  readonly #line: string;
  #at: number;

  constructor(line: string, start: number) {
    this.#line = line;
    this.#at = start;
  }

  #spaces(): void {
    while (this.#line.charCodeAt(this.#at) === SPACE) this.#at++;
  }

  value(): unknown {
    this.#spaces();
    const c = this.#line.charCodeAt(this.#at);
    if (c === OPEN_BRACKET) return this.#list();
    if (c === OPEN_BRACE) return this.#map();
    if (c === QUOTE || c === APOSTROPHE) {
      const quoted = readQuoted(this.#line, this.#at);
      this.#at = quoted.end;
      return quoted.text;
    }
    return plainValue(this.#plain());
  }

  /** A plain scalar in flow context: up to `,`, `]`, `}` or the end; no other indicator inside. */
  #plain(): string {
    const line = this.#line;
    const start = this.#at;
    const c = line.charCodeAt(start);
    if (isIndicator(c) || (c === DASH && isSpaceOrEnd(line, start + 1))) giveUp();
    let i = start;
    for (; i < line.length; i++) {
      const d = line.charCodeAt(i);
      if (d === 0x2c || d === 0x5d || d === 0x7d) break; // , ] }
      if (d === 0x5b || d === 0x7b || d === HASH || d === QUOTE || d === APOSTROPHE) giveUp();
      if (d === COLON) break;
    }
    const text = trimSpaces(line.slice(start, i));
    if (text === '') giveUp();
    this.#at = i;
    return text;
  }

  #list(): unknown[] {
    this.#at++; // [
    const list: unknown[] = [];
    this.#spaces();
    if (this.#line.charCodeAt(this.#at) === 0x5d) {
      this.#at++;
      return list;
    }
    for (;;) {
      list.push(this.value());
      this.#spaces();
      const c = this.#line.charCodeAt(this.#at++);
      if (c === 0x5d) return list;
      if (c !== 0x2c) giveUp();
      this.#spaces();
      const next = this.#line.charCodeAt(this.#at);
      if (next === 0x5d || next === 0x2c) giveUp(); // a trailing or empty entry
    }
  }

  #map(): Record<string, unknown> {
    this.#at++; // {
    const object: Record<string, unknown> = {};
    this.#spaces();
    if (this.#line.charCodeAt(this.#at) === 0x7d) {
      this.#at++;
      return object;
    }
    for (;;) {
      this.#spaces();
      const c = this.#line.charCodeAt(this.#at);
      let key: GoScalar;
      if (c === QUOTE || c === APOSTROPHE) {
        const quoted = readQuoted(this.#line, this.#at);
        this.#at = quoted.end;
        key = { kind: 'str', value: quoted.text };
      } else {
        const text = this.#plain();
        if (text === '<<') giveUp();
        const resolved = resolveScalar(text, true, undefined);
        if (resolved.kind === 'error') giveUp();
        key = resolved;
      }
      const name = jsonKeyOf(key) ?? giveUp();
      if (this.#line.charCodeAt(this.#at) !== COLON || this.#line.charCodeAt(this.#at + 1) !== SPACE) giveUp();
      this.#at += 2;
      if (Object.hasOwn(object, name)) giveUp();
      setKey(object, name, this.value());
      this.#spaces();
      const end = this.#line.charCodeAt(this.#at++);
      if (end === 0x7d) return object;
      if (end !== 0x2c) giveUp();
      this.#spaces();
      const next = this.#line.charCodeAt(this.#at);
      if (next === 0x7d || next === 0x2c) giveUp();
    }
  }

  expectEnd(): void {
    if (!restIsComment(this.#line, this.#at)) giveUp();
  }
}
