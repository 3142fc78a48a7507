// One JSON document -> its value, by JSON.parse, as kubectl reads it (k8s.io/apimachinery
// unstructured: an integer stays exact as an int64, any other number is a float64, and a
// number too large for a float64 is an error). Duplicate keys: the last wins, as in Go.
import type { DecodedDocument, LazyItems } from './decoded-document.ts';
import type { JsonItemSpans } from './json-stream-splitter.ts';
import type { PieceText } from './piece-text.ts';


class NumberError extends Error {}

/**
 * `exactNumbers` (from the splitter's scan): some number has 16+ digits or a 3-digit exponent, so
 * the slower parse that sees each number's text is needed.
 */
export function decodeJsonDocument(
  text: PieceText,
  firstLine: number,
  items: JsonItemSpans | undefined,
  exactNumbers: boolean,
): DecodedDocument {
  const parseJson = (piece: string, offset: number, toDocumentOffset?: (position: number) => number): Parsed =>
    parsePiece(piece, offset, text, firstLine, exactNumbers, toDocumentOffset);
  if (items === undefined) {
    const parsed = parseJson(text.toString(), 0);
    return parsed.ok ? { ok: true, value: parsed.value, line: firstLine, itemLines: undefined } : parsed;
  }
  // The List without its items (`"items": []`), then each item on its own, when it is reached.
  const envelopeText = text.slice(0, items.open + 1) + text.slice(items.close);
  const envelope = parseJson(envelopeText, 0, (offset) => (offset > items.open ? offset + items.close - items.open - 1 : offset));
  if (!envelope.ok) return envelope;
  const lazyItems: LazyItems = {
    *entries() {
      let line = firstLine;
      let from = 0;
      for (const [start, end] of items.spans) {
        line += text.countNewlines(from, start);
        from = start;
        const parsed = parseJson(text.slice(start, end), start);
        yield parsed.ok ? { ok: true, value: parsed.value, line } : { ok: false, message: parsed.message, line };
      }
    },
  };
  return { ok: true, value: envelope.value, line: firstLine, itemLines: undefined, lazyItems };
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * JSON.parse of `piece`, which starts at `offset` in the document `text`; an error names the
 * line and column in the file. `toDocumentOffset` maps a position in a piece that is not a slice.
 */
function parsePiece(
  piece: string,
  offset: number,
  text: PieceText,
  firstLine: number,
  exactNumbers: boolean,
  toDocumentOffset: (position: number) => number = (position) => offset + position,
): Parsed {
  try {
    return { ok: true, value: exactNumbers ? JSON.parse(piece, exactNumber) : JSON.parse(piece) };
  } catch (cause) {
    if (cause instanceof NumberError) return { ok: false, message: cause.message };
    if (!(cause instanceof SyntaxError)) throw cause;
    return { ok: false, message: syntaxMessage(cause.message, text, firstLine, toDocumentOffset) };
  }
}

/** Integers beyond 2^53 keep their digits (as bigint); a number past float64 is refused. */
function exactNumber(this: unknown, key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number') return value;
  if (!Number.isFinite(value)) {
    throw new NumberError(`${key === '' ? 'the document' : `field ${JSON.stringify(key)}`} holds ${context?.source ?? 'a number'}, too large for a float64: kubectl refuses it`);
  }
  const source = context?.source;
  if (!Number.isSafeInteger(value) && source !== undefined && /^-?[0-9]+$/.test(source)) return BigInt(source);
  return value;
}

/** V8 says `... in JSON at position N (line L column C)`; the position is made a line of the file. */
function syntaxMessage(message: string, text: PieceText, firstLine: number, toDocumentOffset: (position: number) => number): string {
  const position = /at position (\d+)/.exec(message);
  const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
  if (position === null) return `JSON syntax error: ${what}`;
  const offset = Math.min(toDocumentOffset(Number(position[1])), text.length);
  const line = firstLine + text.countNewlines(0, offset);
  const column = offset - text.lastNewlineBefore(offset);
  return `JSON syntax error at line ${line}, column ${column}: ${what}`;
}
