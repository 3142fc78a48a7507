// One JSON document -> its value, by JSON.parse, as kubectl reads it (k8s.io/apimachinery
// unstructured: an integer stays exact as an int64, any other number is a float64, and a
// number too large for a float64 is an error). Duplicate keys: the last wins, as in Go.
import type { DecodedDocument, LazyItems } from './decoded-document.ts';
import type { JsonItemSpans } from './json-stream-splitter.ts';
import type { PieceBytes } from './piece-bytes.ts';
import { countNewlines } from './yaml-stream-splitter.ts';

class NumberError extends Error {}

/** Text given to JSON.parse: pieces of the document, each with the byte offset it starts at. */
type ParsedText = readonly { readonly text: string; readonly offset: number }[];

/**
 * `exactNumbers` (from the splitter's scan, for the document or around its items; each item has
 * its own): some number has 16+ digits or a 3-digit exponent, so the slower parse that sees each
 * number's text is needed.
 */
export function decodeJsonDocument(
  bytes: PieceBytes,
  firstLine: number,
  items: JsonItemSpans | undefined,
  exactNumbers: boolean,
): DecodedDocument {
  const parseJson = (pieces: ParsedText, exact = exactNumbers): Parsed => parsePieces(pieces, bytes, firstLine, exact);
  if (items === undefined) {
    const parsed = parseJson([{ text: bytes.text(), offset: 0 }]);
    return parsed.ok ? { ok: true, value: parsed.value, line: firstLine, itemLines: undefined } : parsed;
  }
  // The List without its items (`"items": []`), then each item on its own, when it is reached.
  const envelope = parseJson([
    { text: bytes.text(0, items.open + 1), offset: 0 },
    { text: bytes.text(items.close), offset: items.close },
  ]);
  if (!envelope.ok) return envelope;
  const lazyItems: LazyItems = {
    *entries() {
      for (const { start, end, line, exactNumbers: exact } of items.spans) {
        const parsed = parseJson([{ text: bytes.text(start, end), offset: start }], exact);
        yield parsed.ok ? { ok: true, value: parsed.value, line } : { ok: false, message: parsed.message, line };
      }
    },
  };
  return { ok: true, value: envelope.value, line: firstLine, itemLines: undefined, lazyItems };
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON.parse of the pieces joined; an error names the line and column in the file. */
function parsePieces(pieces: ParsedText, bytes: PieceBytes, firstLine: number, exactNumbers: boolean): Parsed {
  const text = pieces.length === 1 ? (pieces[0]?.text ?? '') : pieces.map((piece) => piece.text).join('');
  try {
    return { ok: true, value: exactNumbers ? JSON.parse(text, exactNumber) : JSON.parse(text) };
  } catch (cause) {
    if (cause instanceof NumberError) return { ok: false, message: cause.message };
    if (!(cause instanceof SyntaxError)) throw cause;
    return { ok: false, message: syntaxMessage(cause.message, pieces, bytes, firstLine) };
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

/**
 * V8 says `... in JSON at position N (line L column C)`, N counting UTF-16 code units of the text
 * it was given; N is made a line of the file and a column counted in characters as JavaScript
 * counts them (code units) from the start of that line.
 */
function syntaxMessage(message: string, pieces: ParsedText, bytes: PieceBytes, firstLine: number): string {
  const position = /at position (\d+)/.exec(message);
  const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
  if (position === null) return `JSON syntax error: ${what}`;
  // The piece the position falls in (the last one for the end of the text), and where in it.
  let at = Number(position[1]);
  let index = 0;
  while (index < pieces.length - 1 && at >= (pieces[index]?.text.length ?? 0)) at -= pieces[index++]?.text.length ?? 0;
  const piece = pieces[index] ?? { text: '', offset: 0 };
  at = Math.min(at, piece.text.length);
  const before = piece.text.slice(0, at);
  const newlineInPiece = before.lastIndexOf('\n');
  const line = firstLine + bytes.countNewlines(0, piece.offset) + countNewlines(before);
  if (newlineInPiece !== -1) return `JSON syntax error at line ${line}, column ${at - newlineInPiece}: ${what}`;
  // The line starts before the piece: its characters there count too.
  const lineStart = bytes.lastNewlineBefore(piece.offset) + 1;
  const column = bytes.text(lineStart, piece.offset).length + at + 1;
  return `JSON syntax error at line ${line}, column ${column}: ${what}`;
}
