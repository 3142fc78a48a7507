// Reads the policy file's YAML with the yaml package's document API, so every later error can say
// where in the file it is: syntax errors, keys that are not plain text and repeated keys are found
// here; `positionOf` turns a path in the decoded value back into a line and column.
//
// YAML 1.2 (the yaml package's default): unlike manifests, which Kubernetes decodes as YAML 1.1,
// this file is ours, and under 1.2 `allowPrivileged: yes` is the text "yes" (refused as not a
// boolean) rather than silently true.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export type PathSegment = string | number;

export interface YamlPosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
}

export interface YamlProblem {
  readonly path: readonly PathSegment[];
  readonly position: YamlPosition;
  readonly message: string;
}

export interface ReadPolicyYaml {
  /** The decoded document; undefined when the text could not be read into one. */
  readonly value: unknown;
  /** The text holds no document at all (empty, or only comments). */
  readonly empty: boolean;
  readonly problems: readonly YamlProblem[];
  /** Where the value at `path` is written (`key`: where its key is); the nearest enclosing node when it is absent. */
  positionOf(path: readonly PathSegment[], at: 'value' | 'key'): YamlPosition;
}

/** A document of a few hundred lines repeats an anchor a few times; far more is an alias bomb. */
const MAX_ALIAS_COUNT = 100;

export function readPolicyYaml(text: string): ReadPolicyYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): YamlPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const positionOf = (path: readonly PathSegment[], where: 'value' | 'key'): YamlPosition => at(offsetOf(document, path, where));

  const syntax = [...document.errors, ...document.warnings].map((error) => ({
    path: [],
    position: at(error.pos[0]),
    // The yaml package's own advice for this one names its API; say what it means for the file.
    message: error.code === 'MULTIPLE_DOCS' ? 'YAML: the file must hold one document; another one starts here' : `YAML: ${error.message}`,
  }));
  if (syntax.length > 0) return { value: undefined, empty: false, problems: syntax, positionOf };
  if (document.contents === null) return { value: null, empty: true, problems: [], positionOf };

  const keys: KeyProblems = { notText: [], repeated: [] };
  checkKeys(document.contents, [], keys, at);
  // toJS would stringify a key that is not text (and emit a process warning): stop before it.
  if (keys.notText.length > 0) return { value: undefined, empty: false, problems: [...keys.notText, ...keys.repeated], positionOf };
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), empty: false, problems: keys.repeated, positionOf };
  } catch (cause) {
    // An alias to an anchor defined later, or an alias bomb, fails only when the value is built.
    const message = `YAML: ${cause instanceof Error ? cause.message : String(cause)}`;
    return { value: undefined, empty: false, problems: [...keys.repeated, { path: [], position: at(0), message }], positionOf };
  }
}

interface KeyProblems {
  readonly notText: YamlProblem[];
  readonly repeated: YamlProblem[];
}

/** Map keys must be plain text, each once per map (the yaml package's own uniqueKeys check makes a repeat a syntax error that names no path). */
function checkKeys(node: unknown, path: PathSegment[], problems: KeyProblems, at: (offset: number) => YamlPosition): void {
  if (isMap(node)) {
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string') {
        const offset = (key as Node | null)?.range?.[0] ?? node.range?.[0] ?? 0;
        problems.notText.push({ path, position: at(offset), message: 'a key must be plain text (a map, list, number, boolean or null cannot be a key; quote it)' });
        continue;
      }
      const offset = key.range?.[0] ?? 0;
      const first = seen.get(key.value);
      if (first === undefined) seen.set(key.value, offset);
      else problems.repeated.push({ path: [...path, key.value], position: at(offset), message: `duplicate key ${JSON.stringify(key.value)} (first at ${at(first).line}:${at(first).column})` });
      checkKeys(pair.value, [...path, key.value], problems, at);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => checkKeys(item, [...path, index], problems, at));
  }
  // Aliases are checked where their anchor is defined; scalars have no keys.
}

function offsetOf(document: Document, path: readonly PathSegment[], where: 'value' | 'key'): number {
  let node: unknown = document.contents;
  let keyOffset: number | undefined;
  for (const [index, segment] of path.entries()) {
    const current = isAlias(node) ? node.resolve(document) : node;
    const enclosing = startOf(current) ?? keyOffset ?? 0;
    if (isMap(current) && typeof segment === 'string') {
      // toJS keeps the last of repeated keys; point at the one it kept.
      const pair = current.items.findLast((item) => isScalar(item.key) && item.key.value === segment);
      if (pair === undefined) return enclosing;
      keyOffset = startOf(pair.key) ?? enclosing;
      if (index === path.length - 1 && where === 'key') return keyOffset;
      node = pair.value;
    } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
      keyOffset = undefined;
      node = current.items[segment];
    } else {
      return enclosing;
    }
  }
  // `field:` with nothing after it: an empty scalar; its key says better where it is.
  const start = startOf(node);
  const empty = isScalar(node) && node.range !== undefined && node.range !== null && node.range[0] === node.range[1];
  return (empty ? keyOffset : start) ?? start ?? keyOffset ?? 0;
}

function startOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
