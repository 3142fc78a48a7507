// Documents -> Kubernetes objects: empty documents skipped, List items taken one by one, and
// every shape problem named with the document (and item) where it is.
import { describeJsonType, isJsonObject, type JsonObject } from './json-value.ts';
import type { ParsedDocument } from './parse-manifest-text.ts';

export interface ManifestObject {
  /** Position of the document in its file, from 0. */
  readonly index: number;
  /** Position in the List's `items`, from 0; null for an object that is a document by itself. */
  readonly item: number | null;
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

export interface ManifestContents {
  readonly objects: ManifestObject[];
  readonly problems: ManifestProblem[];
}

export function manifestObjects(documents: readonly ParsedDocument[]): ManifestContents {
  const objects: ManifestObject[] = [];
  const problems: ManifestProblem[] = [];
  for (const document of documents) {
    if (!document.ok) {
      problems.push({ index: document.index, item: null, message: document.message });
      continue;
    }
    // A document holding only comments, or nothing between two `---`, is no object.
    if (document.value === null || document.value === undefined) continue;
    const read = readObject(document.value, document.index, null, undefined);
    if (!read.ok) {
      problems.push(read.problem);
    } else if (isList(read.object)) {
      readListItems(read.object, objects, problems);
    } else {
      objects.push(read.object);
    }
  }
  return { objects, problems };
}

/** Kind `List` (what kubectl prints), or a typed list such as `PodList` (what the API returns). */
function isList(object: ManifestObject): boolean {
  return object.kind === 'List' || (object.kind.endsWith('List') && 'items' in object.body);
}

function readListItems(list: ManifestObject, objects: ManifestObject[], problems: ManifestProblem[]): void {
  const items = list.body['items'] ?? [];
  if (!Array.isArray(items)) {
    problems.push({ index: list.index, item: null, message: `items must be a list, found ${describeJsonType(items)}` });
    return;
  }
  // Items of a typed list come from the API without kind and apiVersion: they are the list's.
  const implied =
    list.kind === 'List' ? undefined : { kind: list.kind.slice(0, -'List'.length), apiVersion: list.apiVersion };
  items.forEach((value: unknown, item) => {
    const read = readObject(value, list.index, item, implied);
    if (!read.ok) {
      problems.push(read.problem);
    } else if (isList(read.object)) {
      problems.push({ index: list.index, item, message: `a ${read.object.kind} inside a List is not supported` });
    } else {
      objects.push(read.object);
    }
  });
}

type ReadObject = { ok: true; object: ManifestObject } | { ok: false; problem: ManifestProblem };

function readObject(
  value: unknown,
  index: number,
  item: number | null,
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
