// A decoded document -> its Kubernetes objects: an empty document has none, List items are taken
// one by one, and every shape problem is named with the document (and item) where it is.
import { describeJsonType, isJsonObject, type JsonObject } from './json-value.ts';
import type { DecodedDocument, LazyItems } from './decoded-document.ts';

export interface ManifestObject {
  /** Position of the document in its file, from 0. */
  readonly index: number;
  /** Position in the List's `items`, from 0; null for an object that is a document by itself. */
  readonly item: number | null;
  /** 1-based line where the object starts in its file. */
  readonly line: number;
  readonly apiVersion: string | null;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string | null;
  readonly body: JsonObject;
}

export interface ManifestProblem {
  readonly index: number;
  readonly item: number | null;
  readonly message: string;
}

/** What a document holds, in document order: objects, and problems where an object should be. */
export type ManifestEntry = { readonly object: ManifestObject } | { readonly problem: ManifestProblem };

/**
 * The objects of one decoded document, one at a time: none for an empty one, the items of a
 * List one by one (a JSON List's items are parsed only as they are reached).
 */
export function* documentObjects(index: number, document: DecodedDocument): Generator<ManifestEntry> {
  if (!document.ok) {
    yield { problem: { index, item: null, message: document.message } };
    return;
  }
  // A document holding only comments, or nothing between two `---`, is no object.
  if (document.value === null || document.value === undefined) return;
  const read = readObject(document.value, index, null, document.line, undefined);
  if (!read.ok) {
    yield read;
    return;
  }
  if (document.lazyItems !== undefined) {
    if (isList(read.object)) {
      yield* lazyListItems(read.object, document.lazyItems);
      return;
    }
    // An object with an `items` field that is no List: its items are part of it, read whole.
    const items: unknown[] = [];
    for (const entry of document.lazyItems.entries()) {
      if (!entry.ok) {
        yield { problem: { index, item: null, message: entry.message } };
        return;
      }
      items.push(entry.value);
    }
    read.object.body['items'] = items;
  }
  if (!isList(read.object)) {
    yield read;
    return;
  }
  yield* listItems(read.object, document.itemLines ?? []);
}

/** Kind `List` (what kubectl prints), or a typed list such as `PodList` (what the API returns). */
function isList(object: ManifestObject): boolean {
  return object.kind === 'List' || (object.kind.endsWith('List') && 'items' in object.body);
}

/** Items of a typed list come from the API without kind and apiVersion: they are the list's. */
function impliedByList(list: ManifestObject): { kind: string; apiVersion: string | null } | undefined {
  return list.kind === 'List' ? undefined : { kind: list.kind.slice(0, -'List'.length), apiVersion: list.apiVersion };
}

function* listItems(list: ManifestObject, itemLines: readonly number[]): Generator<ManifestEntry> {
  const items = list.body['items'] ?? [];
  if (!Array.isArray(items)) {
    yield { problem: { index: list.index, item: null, message: `items must be a list, found ${describeJsonType(items)}` } };
    return;
  }
  const implied = impliedByList(list);
  for (const [item, value] of items.entries()) yield listItem(list, item, value, itemLines[item] ?? list.line, implied);
}

function* lazyListItems(list: ManifestObject, lazyItems: LazyItems): Generator<ManifestEntry> {
  const implied = impliedByList(list);
  let item = 0;
  for (const entry of lazyItems.entries()) {
    yield entry.ok
      ? listItem(list, item, entry.value, entry.line, implied)
      : { problem: { index: list.index, item, message: entry.message } };
    item++;
  }
}

function listItem(
  list: ManifestObject,
  item: number,
  value: unknown,
  line: number,
  implied: { kind: string; apiVersion: string | null } | undefined,
): ManifestEntry {
  const read = readObject(value, list.index, item, line, implied);
  if (read.ok && isList(read.object)) {
    return { problem: { index: list.index, item, message: `a ${read.object.kind} inside a List is not supported` } };
  }
  return read;
}

type ReadObject = { ok: true; object: ManifestObject } | { ok: false; problem: ManifestProblem };


function readObject(
  value: unknown,
  index: number,
  item: number | null,
  line: number,
  implied: { kind: string; apiVersion: string | null } | undefined,
): ReadObject {
  const fail = (message: string): ReadObject => ({ ok: false, problem: { index, item, message } });
  if (!isJsonObject(value)) return fail(`expected a Kubernetes object, found ${describeJsonType(value)}`);

  const kind = value['kind'] ?? implied?.kind;
  if (kind === undefined || kind === null || kind === '') return fail('missing kind');
  if (typeof kind !== 'string') return fail(`kind must be a string, found ${describeJsonType(kind)}`);

  const apiVersion = value['apiVersion'] ?? implied?.apiVersion ?? null;
  if (apiVersion !== null && typeof apiVersion !== 'string') {
    return fail(`apiVersion must be a string, found ${describeJsonType(apiVersion)}`);
  }

  const metadata = value['metadata'] ?? {};
  if (!isJsonObject(metadata)) return fail(`metadata must be an object, found ${describeJsonType(metadata)}`);
  // Reported with every result; `name: 5` is refused by the apiserver's decoder, not unnamed.
  for (const field of ['name', 'namespace'] as const) {
    const value = metadata[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return fail(`metadata.${field} must be a string, found ${describeJsonType(value)}`);
    }
  }

  return {
    ok: true,
    object: {
      index,
      item,
      line,
      apiVersion,
      kind,
      namespace: stringOrNull(metadata['namespace']),
      name: stringOrNull(metadata['name']),
      body: value,
    },
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
