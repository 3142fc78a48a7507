// The bytes of one manifest input -> its documents, decoded one at a time while the input is
// read, so that memory holds one document, never the whole stream. The stream is JSON when its
// first non-space character is `{` (as kubectl decides), YAML otherwise. Invalid UTF-8 and a
// document over the size limit stop the input with a problem; documents read before still count.
import { decodeJsonDocument } from './json-document.ts';
import { JsonStreamSplitter, type JsonSplitDocument, type JsonSplitResult } from './json-stream-splitter.ts';
import type { DecodedDocument } from './decoded-document.ts';
import { firstInvalidUtf8 } from './utf8.ts';
import { decodeYamlDocument } from './yaml-document.ts';
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

type Splitter = { push(chunk: string): SplitResult | JsonSplitResult; end(): SplitResult | JsonSplitResult };

export async function* readDocuments(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  limits: ReadLimits,
  describeLimit: string,
): AsyncGenerator<InputDocument> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let splitter: Splitter | undefined;
  let leading = '';
  let index = 0;
  let bytes = 0;
  let firstYamlDocument = true;

  /** Decodes what the splitter completed; returns false when the input must stop. */
  function* take(result: SplitResult | JsonSplitResult, last: boolean): Generator<InputDocument, boolean> {
    const documents: readonly (SplitDocument | JsonSplitDocument)[] = result.documents;
    for (const [position, split] of documents.entries()) {
      const finalOne = last && position === result.documents.length - 1 && result.tooLarge === undefined && result.error === undefined;
      const size = typeof split.text === 'string' ? Buffer.byteLength(split.text) : split.text.byteLength();
      if (size > limits.maxDocumentBytes) {
        yield { index, document: { ok: false, message: tooLargeMessage(describeLimit) } };
        return false;
      }
      const json = 'items' in split;
      const document = json
        ? decodeJsonDocument(split.text, split.firstLine, split.items, split.exactNumbers)
        : decodeYamlDocument(split.text, split.firstLine);
      // Comments before the first `---` are the stream's preamble, not a document of their own.
      const preamble = firstYamlDocument && !json && !finalOne && document.ok && document.value === null;
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

  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      // TextDecoder drops a byte order mark at the start; a text given as such keeps it.
      text = splitter === undefined && leading === '' && chunk.startsWith('\uFEFF') ? chunk.slice(1) : chunk;
    } else {
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const at = bytes + firstInvalidUtf8(chunk);
        yield { index, document: { ok: false, message: `not valid UTF-8 (byte offset ${at}); the rest of the input is not read` } };
        return;
      }
      bytes += chunk.byteLength;
    }
    if (splitter === undefined) {
      // kubectl looks at the first non-space character to choose between JSON and YAML.
      leading += text;
      const first = /\S/.exec(leading);
      if (first === null) continue;
      splitter = first[0] === '{' ? new JsonStreamSplitter(limits.maxDocumentBytes) : new YamlStreamSplitter(limits.maxDocumentBytes);
      text = leading;
      leading = '';
    }
    if (!(yield* take(splitter.push(text), false))) return;
  }
  if (splitter === undefined) {
    // Only spaces, or nothing: no document at all.
    try {
      decoder.decode();
    } catch {
      yield { index, document: { ok: false, message: `not valid UTF-8 (byte offset ${bytes}): the input ends inside a character` } };
    }
    return;
  }
  try {
    const tail = decoder.decode();
    if (tail !== '' && !(yield* take(splitter.push(tail), false))) return;
  } catch {
    yield { index, document: { ok: false, message: `not valid UTF-8 (byte offset ${bytes}): the input ends inside a character` } };
    return;
  }
  yield* take(splitter.end(), true);
}

function tooLargeMessage(describeLimit: string): string {
  return `document is larger than ${describeLimit}; the rest of the input is not read`;
}
