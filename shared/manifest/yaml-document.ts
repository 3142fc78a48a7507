// One YAML document -> the value kubectl would send, as sigs.k8s.io/yaml's YAMLToJSONStrict
// produces it (go-yaml v2 in strict mode, then JSON). The `yaml` package parses the syntax (with
// the failsafe schema: every scalar stays text) and this walk gives the values go-yaml's meaning:
// scalars through go-yaml-scalar.ts, duplicate keys refused (in linear time: one hash lookup per
// key), merge keys, aliases re-expanded with go-yaml's limit on alias expansion, keys written as
// sigs.k8s.io/yaml writes them, and NaN or infinity refused as JSON refuses them.
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, type Node, type Pair, type Scalar } from 'yaml';
import { fieldPath, setKey, type DecodedDocument } from './decoded-document.ts';
import { decodeFastYaml } from './fast-yaml-document.ts';
import { countNewlines } from './yaml-stream-splitter.ts';
import { describeNonFinite, jsonKeyOf, MERGE_TAG, resolveScalar, type GoScalar } from './go-yaml-scalar.ts';

/** go-yaml v2's limit on nesting (parserc.go, "exceeded max depth of 10000"). */
const MAX_DEPTH = 10_000;

/** go-yaml v2's printable characters (yamlprivateh.go is_printable); anything else is refused. */
const NOT_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\ud800-\udfff]/;

class DecodeError extends Error {}

/**
 * `text` is the document without its `---` line; `firstLine` is the file line it starts on, so
 * that every line number in a message or result is a line of the file.
 */
export function decodeYamlDocument(text: string, firstLine: number): DecodedDocument {
  const bad = NOT_PRINTABLE.exec(text);
  if (bad !== null) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    const line = firstLine + countNewlines(text, 0, bad.index);
    return { ok: false, message: `YAML error at line ${line}: control character U+${code} is not allowed` };
  }
  const fast = decodeFastYaml(text);
  if (fast !== undefined) {
    const itemLines = fast.itemLines?.map((line) => line + firstLine - 1);
    return { ok: true, value: fast.value, line: fast.line + firstLine - 1, itemLines };
  }
  return decodeGeneralYaml(text, firstLine);
}

/** The general path alone (the `yaml` package's parser and the go-yaml walk); exported for tests. */
export function decodeGeneralYaml(text: string, firstLine: number): DecodedDocument {
  const lines = new LineCounter();
  const lineOf = (offset: number): number => lines.linePos(offset).line + firstLine - 1;
  try {
    const composer = new Composer({ version: '1.1', schema: 'failsafe', uniqueKeys: false, strict: false });
    const documents = [...composer.compose(new Parser(lines.addNewLine).parse(text), true)];
    if (documents.length > 1) {
      const offset = documents[1]?.range[0] ?? 0;
      return { ok: false, message: `YAML error at line ${lineOf(offset)}: a second document after "..." (start it with --- instead)` };
    }
    const document = documents[0];
    if (document === undefined || document.contents === null) return { ok: true, value: null, line: firstLine, itemLines: undefined };
    const error = document.errors[0];
    if (error !== undefined) {
      const at = lines.linePos(error.pos[0]);
      const where = ` at line ${at.line + firstLine - 1}, column ${at.col}`;
      return { ok: false, message: `YAML syntax error${where}: ${firstLineWithoutPosition(error.message)}` };
    }
    const root = document.contents;
    const walk = new GoYamlWalk(text, lineOf);
    const value = walk.document(root);
    return { ok: true, value, line: lineOf(startOf(root)), itemLines: walk.itemLines };
  } catch (cause) {
    if (cause instanceof DecodeError) return { ok: false, message: cause.message };
    // The parser and the walk recurse; input nested past the stack is refused like go-yaml's depth limit.
    if (cause instanceof RangeError) return { ok: false, message: `YAML error: nested too deeply (go-yaml allows ${MAX_DEPTH} levels)` };
    throw cause;
  }
}

/** The yaml package appends ` at line L, column C:` and a code frame; we print our own position. */
function firstLineWithoutPosition(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

/** go-yaml's alias expansion budget (decode.go allowedAliasRatio): stops alias bombs. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

class GoYamlWalk {
  readonly #text: string;
  readonly #lineOf: (offset: number) => number;
  readonly #anchors = new Map<string, Node>();
  readonly #expanding = new Set<Node>();
  readonly #path: (string | number)[] = [];
  #decodeCount = 0;
  #aliasCount = 0;
  #aliasDepth = 0;
  itemLines: number[] | undefined;

  constructor(text: string, lineOf: (offset: number) => number) {
    this.#text = text;
    this.#lineOf = lineOf;
  }

  document(root: Node): unknown {
    this.#decodeCount++; // the document node itself, as in go-yaml
    const value = this.#value(root, 0);
    // The lines of a List's items, where the result of each object points.
    if (isMap(root)) {
      const items = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'items')?.value;
      if (isSeq(items)) this.itemLines = items.items.map((item) => this.#lineOf(startOf(item as Node | null)));
    }
    return value;
  }

  #fail(node: Node | null, message: string): never {
    const where = node === null ? '' : ` at line ${this.#lineOf(startOf(node))}`;
    throw new DecodeError(`YAML error${where}: ${message}`);
  }

  #count(node: Node): void {
    this.#decodeCount++;
    if (this.#aliasDepth > 0) this.#aliasCount++;
    if (this.#aliasCount > 100 && this.#decodeCount > 1000 && this.#aliasCount / this.#decodeCount > allowedAliasRatio(this.#decodeCount)) {
      this.#fail(node, 'document contains excessive aliasing');
    }
  }

  #value(node: Node | null, depth: number): unknown {
    if (node === null) return null;
    if (depth > MAX_DEPTH) this.#fail(node, `nested more than ${MAX_DEPTH} levels deep`);
    this.#count(node);
    if (node.anchor !== undefined && this.#aliasDepth === 0) this.#anchors.set(node.anchor, node);
    if (isAlias(node)) return this.#expand(node, (target) => this.#value(target, depth + 1));
    if (isScalar(node)) {
      const scalar = this.#scalar(node);
      switch (scalar.kind) {
        case 'null':
          return null;
        case 'float':
          if (!Number.isFinite(scalar.value)) {
            this.#fail(node, `${fieldPath(this.#path)} is ${describeNonFinite(scalar.value)}, which JSON cannot hold: kubectl refuses the document`);
          }
          return scalar.value;
        default:
          return scalar.value;
      }
    }
    if (isSeq(node)) {
      const list: unknown[] = [];
      node.items.forEach((item, index) => {
        this.#path.push(index);
        list.push(this.#value(item as Node | null, depth + 1));
        this.#path.pop();
      });
      return list;
    }
    if (isMap(node)) {
      const object: Record<string, unknown> = {};
      for (const pair of node.items as Pair<Node | null, Node | null>[]) this.#pair(object, pair, depth);
      return object;
    }
    return this.#fail(node, 'unsupported YAML node');
  }

  /** Decodes an alias's anchored node again, as go-yaml does, refusing one that contains itself. */
  #expand<T>(alias: Node & { source: string }, decode: (target: Node) => T): T {
    const target = this.#anchors.get(alias.source);
    if (target === undefined) this.#fail(alias, `unknown anchor '${alias.source}' referenced`);
    if (this.#expanding.has(alias)) this.#fail(alias, `anchor '${alias.source}' value contains itself`);
    this.#expanding.add(alias);
    this.#aliasDepth++;
    try {
      return decode(target);
    } finally {
      this.#aliasDepth--;
      this.#expanding.delete(alias);
    }
  }

  #scalar(node: Scalar): GoScalar {
    const text = String(node.value);
    const plain = node.type === 'PLAIN';
    if (node.type === 'QUOTE_DOUBLE' && /[\ud800-\udfff]/.test(text) && hasSurrogateEscape(this.#text.slice(startOf(node), node.range?.[1]))) {
      this.#fail(node, 'found invalid Unicode character escape code (a \\u escape of a UTF-16 surrogate)');
    }
    const resolved = resolveScalar(text, plain, node.tag);
    if (resolved.kind === 'error') this.#fail(node, `${fieldPath(this.#path)}: ${resolved.message}`);
    return resolved;
  }

  #pair(object: Record<string, unknown>, pair: Pair<Node | null, Node | null>, depth: number): void {
    const keyNode = pair.key;
    if (isScalar(keyNode) && keyNode.value === '<<' && ((keyNode.type === 'PLAIN' && keyNode.tag === undefined) || keyNode.tag === MERGE_TAG)) {
      this.#merge(object, pair.value, depth);
      return;
    }
    const key = this.#key(keyNode, depth);
    this.#path.push(key);
    const value = this.#value(pair.value, depth + 1);
    this.#set(object, key, value, pair.value ?? keyNode);
    this.#path.pop();
  }

  /** go-yaml in strict mode refuses a key set twice, also by a merge (decode.go setMapIndex). */
  #set(object: Record<string, unknown>, key: string, value: unknown, at: Node | null): void {
    if (Object.hasOwn(object, key)) this.#fail(at, `duplicate key ${fieldPath(this.#path)}`);
    setKey(object, key, value);
  }

  #key(node: Node | null, depth: number): string {
    if (node === null) return this.#keyOf({ kind: 'null' }, null);
    this.#count(node);
    if (node.anchor !== undefined && this.#aliasDepth === 0) this.#anchors.set(node.anchor, node);
    if (isAlias(node)) return this.#expand(node, (target) => this.#key(target, depth + 1));
    if (!isScalar(node)) {
      this.#fail(node, `a mapping key in ${fieldPath(this.#path)} is a ${isMap(node) ? 'mapping' : 'list'}: kubectl refuses complex keys`);
    }
    return this.#keyOf(this.#scalar(node), node);
  }

  #keyOf(scalar: GoScalar, node: Node | null): string {
    const key = jsonKeyOf(scalar);
    if (key === undefined) this.#fail(node, `a mapping key in ${fieldPath(this.#path)} is ${scalar.kind === 'null' ? 'null' : 'an integer beyond int64'}: kubectl refuses it`);
    return key;
  }

  /** `<<: *base` or `<<: [*a, *b]`: the keys of other mappings, earlier ones first (decode.go merge). */
  #merge(object: Record<string, unknown>, value: Node | null, depth: number): void {
    const wantMap = (): never => this.#fail(value, 'map merge requires map or sequence of maps as the value');
    const mergeMap = (node: Node): void => {
      if (isAlias(node)) {
        const target = this.#anchors.get(node.source);
        if (target !== undefined && !isMap(target)) wantMap();
        this.#count(node);
        this.#expand(node, (mapNode) => mergeMap(mapNode));
        return;
      }
      if (!isMap(node)) return wantMap();
      this.#count(node);
      for (const pair of node.items as Pair<Node | null, Node | null>[]) this.#pair(object, pair, depth + 1);
    };
    if (value === null) return wantMap();
    if (isSeq(value)) {
      for (const item of [...value.items].reverse()) {
        if (item === null || !(isMap(item) || isAlias(item))) wantMap();
        mergeMap(item as Node);
      }
      return;
    }
    mergeMap(value);
  }
}

function startOf(node: Node | null): number {
  return node?.range?.[0] ?? 0;
}

/** A `\u` or `\U` escape of a surrogate, which go-yaml refuses (a pair of them included). */
function hasSurrogateEscape(source: string): boolean {
  const escape = /\\+(u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[dD][89a-fA-F][0-9a-fA-F]{2})/g;
  for (const match of source.matchAll(escape)) {
    const backslashes = match[0].length - (match[1]?.length ?? 0);
    if (backslashes % 2 === 1) return true;
  }
  return false;
}
