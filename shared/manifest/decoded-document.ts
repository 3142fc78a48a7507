// One document of a manifest after decoding, whichever syntax it was written in.

export type DecodedDocument =
  | {
      readonly ok: true;
      /** The value as JSON would carry it (null for an empty document); big integers are bigint. */
      readonly value: unknown;
      /** 1-based line in the file where the document's value starts. */
      readonly line: number;
      /** Lines of the elements of a top-level `items` list, for the objects of a List. */
      readonly itemLines: readonly number[] | undefined;
      /**
       * A JSON document's top-level `items`, left out of `value` (which holds `items: []`) and
       * parsed one element at a time when read, so that a large List is never parsed whole.
       */
      readonly lazyItems?: LazyItems;
    }
  | { readonly ok: false; readonly message: string };

/** `spec.containers[0].name` from the keys and indexes walked to reach a value. */
export function fieldPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? 'the document' : text;
}

/** Sets a key on a plain object; `__proto__` as a key is data, as it is to JSON.parse. */
export function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

export type ItemEntry =
  | { readonly ok: true; readonly value: unknown; readonly line: number }
  | { readonly ok: false; readonly message: string; readonly line: number };

export interface LazyItems {
  /** Every element in order, each parsed when it is reached. */
  entries(): Iterable<ItemEntry>;
}
