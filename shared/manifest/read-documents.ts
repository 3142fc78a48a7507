// The bytes of one manifest input -> its documents, decoded one at a time while the input is
// read, so that memory holds one document, never the whole stream. The stream is JSON when its
// first non-space character is `{` (as kubectl decides), YAML otherwise. Invalid UTF-8 and a
// document over the size limit stop the input with a problem; documents read before still count.
// A YAML stream is split as text; a JSON stream as the bytes read (json-stream-splitter.ts), which
// are only checked to be UTF-8 here and decoded item by item later. Those chunks are held, not
// copied: a source must not reuse a chunk's memory once it has given it (Node's streams never do).
import { Buffer, isUtf8 } from 'node:buffer';
import type { DecodedDocument } from './decoded-document.ts';
import { decodeJsonDocument } from './json-document.ts';
import { JsonStreamSplitter, type JsonSplitDocument, type JsonSplitResult } from './json-stream-splitter.ts';
import { firstInvalidUtf8 } from './utf8.ts';
import { YamlStreamSplitter, type SplitDocument, type SplitResult } from './yaml-stream-splitter.ts';

export interface ReadLimits {
  /** The largest document accepted, in bytes of UTF-8. */
  readonly maxDocumentBytes: number;
}

/** A decoded document, or a problem with it; `index` is the document's position in the input, from 0. */
export interface InputDocument {
  readonly index: number;
  readonly document: DecodedDocument;
}

type DecodeYaml = (text: string, firstLine: number) => DecodedDocument;

export async function* readDocuments(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  limits: ReadLimits,
  describeLimit: string,
): AsyncGenerator<InputDocument> {
  // With ignoreBOM the decoder outputs every byte it is given (a byte order mark is dropped
  // below), so the bytes it holds back, those of a character cut by a chunk's end, are counted.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let yaml: { readonly splitter: YamlStreamSplitter; readonly decode: DecodeYaml } | undefined;
  let json: JsonStreamSplitter | undefined;
  let leading = '';
  let index = 0;
  let bytes = 0;
  /** Bytes given to the decoder that it holds: a character cut by the end of the last chunk. */
  let held: Uint8Array | undefined;
  let bomChecked = false;
  let heldSurrogate = '';
  let firstYamlDocument = true;

  /** Decodes what the splitter completed; returns false when the input must stop. */
  function* take(result: SplitResult | JsonSplitResult, last: boolean): Generator<InputDocument, boolean> {
    const documents: readonly (SplitDocument | JsonSplitDocument)[] = result.documents;
    for (const [position, split] of documents.entries()) {
      const finalOne = last && position === result.documents.length - 1 && result.tooLarge === undefined && result.error === undefined;
      const isJson = 'items' in split;
      const size = isJson ? split.bytes.length : Buffer.byteLength(split.text);
      if (size > limits.maxDocumentBytes) {
        yield { index, document: { ok: false, message: tooLargeMessage(describeLimit) } };
        return false;
      }
      const document = isJson
        ? decodeJsonDocument(split.bytes, split.firstLine, split.items, split.exactNumbers)
        : (yaml as NonNullable<typeof yaml>).decode(split.text, split.firstLine);
      // Comments before the first `---` are the stream's preamble, not a document of their own.
      const preamble = firstYamlDocument && !isJson && !finalOne && document.ok && document.value === null;
      firstYamlDocument = false;
      if (preamble) continue;
      yield { index, document };
      index++;
    }
    if (result.tooLarge === true) {
      yield { index, document: { ok: false, message: tooLargeMessage(describeLimit) } };
      return false;
    }
    if (result.error !== undefined) {
      yield { index, document: { ok: false, message: result.error } };
      return false;
    }
    return true;
  }

  /**
   * The bytes of `chunk` the decoder gave out as `text`, with those it held before: all but a
   * character cut by the chunk's end, which is held until the next chunk completes it.
   */
  function holdCutCharacter(chunk: Uint8Array, text: string): Uint8Array {
    const given = held === undefined ? chunk : Buffer.concat([held, chunk]);
    const cut = given.byteLength - Buffer.byteLength(text);
    held = cut > 0 ? given.subarray(given.byteLength - cut) : undefined;
    return cut > 0 ? given.subarray(0, given.byteLength - cut) : given;
  }

  /** Text given as such (by in-process callers) as UTF-8; a surrogate pair cut by its end waits for its other half. */
  function encodeText(text: string): Uint8Array {
    const whole = heldSurrogate + text;
    heldSurrogate = /[\ud800-\udbff]$/.test(whole) ? whole.slice(-1) : '';
    return Buffer.from(heldSurrogate === '' ? whole : whole.slice(0, -1), 'utf8');
  }

  for await (const chunk of chunks) {
    if (json !== undefined) {
      let complete: Uint8Array;
      if (typeof chunk === 'string') {
        complete = encodeText(chunk);
      } else if (held === undefined && isUtf8(chunk)) {
        // The common case: whole characters, all valid; the decoder holds nothing and needs not see them.
        complete = chunk;
        bytes += chunk.byteLength;
      } else {
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          yield invalidUtf8(index, bytes + firstInvalidUtf8(chunk));
          return;
        }
        bytes += chunk.byteLength;
        complete = holdCutCharacter(chunk, text);
      }
      if (!(yield* take(json.push(complete), false))) return;
      continue;
    }
    let text: string;
    if (typeof chunk === 'string') {
      // A byte order mark at the start is dropped, as it is from bytes (below).
      text = yaml === undefined && leading === '' && chunk.startsWith('\uFEFF') ? chunk.slice(1) : chunk;
    } else {
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        yield invalidUtf8(index, bytes + firstInvalidUtf8(chunk));
        return;
      }
      bytes += chunk.byteLength;
      if (yaml === undefined) holdCutCharacter(chunk, text);
      // As TextDecoder does without ignoreBOM: a byte order mark is dropped when it is the first character.
      if (!bomChecked && text !== '') {
        bomChecked = true;
        if (text.startsWith('\uFEFF')) text = text.slice(1);
      }
    }
    if (yaml === undefined) {
      // kubectl looks at the first non-space character to choose between JSON and YAML.
      leading += text;
      const first = /\S/.exec(leading);
      if (first === null) continue;
      text = leading;
      leading = '';
      if (first[0] === '{') {
        json = new JsonStreamSplitter(limits.maxDocumentBytes);
        if (!(yield* take(json.push(encodeText(text)), false))) return;
        continue;
      }
      // Loaded only for YAML: the yaml library takes a while to load, and a JSON input needs none of it.
      const { decodeYamlDocument } = await import('./yaml-document.ts');
      yaml = { splitter: new YamlStreamSplitter(limits.maxDocumentBytes), decode: decodeYamlDocument };
    }
    if (!(yield* take(yaml.splitter.push(text), false))) return;
  }
  const splitter = json ?? yaml?.splitter;
  if (splitter === undefined) {
    // Only spaces, or nothing: no document at all.
    try {
      decoder.decode();
    } catch {
      yield { index, document: { ok: false, message: `not valid UTF-8 (byte offset ${bytes}): the input ends inside a character` } };
    }
    return;
  }
  if (json !== undefined && heldSurrogate !== '' && !(yield* take(json.push(Buffer.from(heldSurrogate, 'utf8')), false))) return;
  try {
    const tail = decoder.decode();
    if (tail !== '' && yaml !== undefined && !(yield* take(yaml.splitter.push(tail), false))) return;
  } catch {
    yield { index, document: { ok: false, message: `not valid UTF-8 (byte offset ${bytes}): the input ends inside a character` } };
    return;
  }
  yield* take(splitter.end(), true);
}

function invalidUtf8(index: number, at: number): InputDocument {
  return { index, document: { ok: false, message: `not valid UTF-8 (byte offset ${at}); the rest of the input is not read` } };
}

function tooLargeMessage(describeLimit: string): string {
  return `document is larger than ${describeLimit}; the rest of the input is not read`;
}
