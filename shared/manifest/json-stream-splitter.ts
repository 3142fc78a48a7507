// A JSON stream -> its top-level values, chunk by chunk: kubectl reads a stream that starts with
// `{` as consecutive JSON values (k8s.io/apimachinery pkg/util/yaml YAMLOrJSONDecoder), each a
// document. The scan works on the UTF-8 bytes as read (no byte of a multi-byte character is an
// ASCII one, so `"`, `\`, brackets and newlines are found byte by byte) and only tracks strings,
// nesting and lines; the values are parsed by JSON.parse. Where the top-level object has one
// `items` list, where it and each of its elements start and end is kept: a List's items are
// then decoded and parsed one at a time (json-document.ts), never all at once, and each object
// of a List says on which line it starts.

import { Buffer } from 'node:buffer';
import { PieceBytes } from './piece-bytes.ts';
import type { SplitResult } from './yaml-stream-splitter.ts';

export interface JsonSplitDocument {
  readonly bytes: PieceBytes;
  readonly firstLine: number;
  /**
   * Whether a number may lose digits or overflow in JSON.parse (16+ digits, a 3-digit exponent):
   * anywhere in the document, or, when it has `items`, around them (each item says for itself).
   */
  readonly exactNumbers: boolean;
  /** The top-level object's `items` list, when it has exactly one. */
  readonly items: JsonItemSpans | undefined;
}

/** One element of the list: from its first byte to the `,` or `]` after it (exclusive). */
export interface JsonItemSpan {
  readonly start: number;
  end: number;
  /** 1-based line of the file where the element starts. */
  readonly line: number;
  /** Whether a number in it may lose digits or overflow in JSON.parse. */
  exactNumbers: boolean;
}

export interface JsonItemSpans {
  /** Offsets in the document of the list's `[` and `]`. */
  readonly open: number;
  readonly close: number;
  readonly spans: readonly JsonItemSpan[];
}

export interface JsonSplitResult extends Omit<SplitResult, 'documents'> {
  readonly documents: JsonSplitDocument[];
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const ITEMS_KEY = [0x69, 0x74, 0x65, 0x6d, 0x73]; // `items`

/** What each byte means to the scan outside strings. */
const PLAIN = 0;
const LINE = 1;
const STRING = 2;
const OPEN = 3;
const CLOSE = 4;
const COMMA = 5;
const DIGIT = 6;
const CLASSES = new Uint8Array(256);
CLASSES[NEWLINE] = LINE;
CLASSES[QUOTE] = STRING;
for (const c of '{[') CLASSES[c.charCodeAt(0)] = OPEN;
for (const c of '}]') CLASSES[c.charCodeAt(0)] = CLOSE;
CLASSES[0x2c] = COMMA;
for (const c of '0123456789') CLASSES[c.charCodeAt(0)] = DIGIT;

/** What each byte means inside a string: 0 nothing, else one of these. */
const STRING_END = 1;
const STRING_ESCAPE = 2;
const STRING_LINE = 3;
const IN_STRING = new Uint8Array(256);
IN_STRING[QUOTE] = STRING_END;
IN_STRING[BACKSLASH] = STRING_ESCAPE;
IN_STRING[NEWLINE] = STRING_LINE;

/** Four spaces read as one 32-bit word: indentation is skipped a word at a time. */
const FOUR_SPACES = 0x20202020;

/** The part of a number being read, for one cut by the end of a chunk. */
const INTEGER = 0;
const FRACTION = 1;
const EXPONENT_MARK = 2;
const EXPONENT_SIGN = 3;
const EXPONENT = 4;

/** The depth of a value that is no object or list: it never ends, and JSON.parse says what is wrong. */
const OPAQUE = 1 << 30;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** UTF-16 code units of complete UTF-8 characters: one per lead byte, two for a 4-byte one. */
function utf16Units(bytes: Uint8Array): number {
  let units = 0;
  for (const byte of bytes) {
    if ((byte & 0xc0) !== 0x80) units++;
    if (byte >= 0xf0) units++;
  }
  return units;
}

/**
 * Whether a top-level key, as written (its first 64 bytes), is `items`. JSON.parse reads
 * `"it\u0065ms"` as `items` too, so a key with an escape is decoded: a second `items` list
 * hidden that way must not be left unchecked.
 */
function isItemsKey(key: readonly number[]): boolean {
  if (key.length === ITEMS_KEY.length && key.every((byte, at) => byte === ITEMS_KEY[at])) return true;
  if (key.length >= 64 || !key.includes(BACKSLASH)) return false;
  try {
    return JSON.parse(`"${Buffer.from(key).toString('utf8')}"`) === 'items';
  } catch {
    return false; // not a valid string: JSON.parse of the document says so
  }
}

export class JsonStreamSplitter {
  readonly #maxBytes: number;
  #parts: Uint8Array[] = [];
  /** Bytes of the current value held in #parts. */
  #bytes = 0;
  /**
   * Its length in UTF-16 code units, counted only once #bytes passes the limit: the value is
   * stopped when its characters do, and one of more bytes is refused when it is complete
   * (read-documents.ts), as when the limit was measured on decoded text.
   */
  #units: number | undefined;
  #line = 1;
  #firstLine = 1;
  #inValue = false;
  #depth = 0;
  #inString = false;
  /** The byte after a backslash at the end of the previous chunk is escaped. */
  #escaped = false;
  /** At depth 1 of an object, whether the next string is a key. */
  #expectKey = false;
  /** The bytes of a top-level key cut by the end of a chunk; undefined when not in one. */
  #keyBytes: number[] | undefined;
  #lastKeyIsItems = false;
  /** Top-level keys that are `items`, however written. */
  #itemsKeys = 0;
  /** The depth of the top-level `items` list's elements while inside it, else 0. */
  #itemsDepth = 0;
  #expectItem = false;
  #itemsOpen = -1;
  #itemsClose = -1;
  #itemSpans: JsonItemSpan[] = [];
  /** The span of the List element being read, from its first byte to the `,` or `]` after it. */
  #openItem: JsonItemSpan | undefined;
  /** Numbers outside the elements of `items`. */
  #exactNumbers = false;
  /** A number cut by the end of the last chunk: the part being read and its digits so far. */
  #cutNumber: { readonly part: number; readonly digits: number } | undefined;
  #failed = false;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** `chunk` must end between two UTF-8 characters. */
  push(chunk: Uint8Array): JsonSplitResult {
    const documents: JsonSplitDocument[] = [];
    if (this.#failed || chunk.length === 0) return { documents };
    const length = chunk.length;
    const words = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0; // where the current value starts in this chunk
    let i = 0;
    if (this.#inString) i = this.#skipString(chunk, 0, -1);
    if (this.#cutNumber !== undefined) {
      const { part, digits } = this.#cutNumber;
      this.#cutNumber = undefined;
      i = this.#skipNumber(chunk, 0, part, digits);
    }
    if (this.#expectItem && i < length) i = this.#skipToItem(chunk, i, start);
    while (i < length) {
      if (!this.#inValue) {
        const c = chunk[i] as number;
        if (isSpace(c)) {
          if (c === NEWLINE) this.#line++;
          i++;
          continue;
        }
        // A value starts: everything up to its end is one document.
        this.#inValue = true;
        this.#firstLine = this.#line;
        start = i;
        // Not an object or list: JSON.parse of the rest will say what is wrong.
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) this.#depth = OPAQUE;
      }
      i = this.#scan(chunk, words, i, start);
      if (this.#depth === 0) {
        if (this.#add(chunk.subarray(start, i))) return this.#tooLarge(documents);
        documents.push(this.#finish());
      }
    }
    if (this.#inValue && this.#add(chunk.subarray(start))) return this.#tooLarge(documents);
    return { documents };
  }

  end(): JsonSplitResult {
    if (this.#failed || !this.#inValue) return { documents: [] };
    // A number that ends the stream (a document of one number) ends there: read as if a space followed.
    const cut = this.#cutNumber;
    this.#cutNumber = undefined;
    if (cut !== undefined) this.#skipNumber(new Uint8Array([0x20]), 0, cut.part, cut.digits);
    // An unfinished value: JSON.parse reports where it stops.
    return { documents: [this.#finish()] };
  }

  /**
   * Scans the value from `from` until it ends (depth 0: returns the offset after it) or the chunk
   * does. Most bytes (spaces, letters, `:`) change nothing: a tight loop of table lookups skips
   * them, and another one the inside of strings; the rest of the work is rare.
   */
  #scan(chunk: Uint8Array, words: DataView, from: number, start: number): number {
    const length = chunk.length;
    let i = from;
    let line = this.#line;
    let depth = this.#depth;
    while (i < length) {
      let kind = CLASSES[chunk[i] as number] as number;
      while (kind === PLAIN) {
        if (++i === length) break;
        kind = CLASSES[chunk[i] as number] as number;
      }
      if (i === length) break;
      i++;
      if (kind === STRING) {
        if (depth === 1 && this.#expectKey) {
          this.#line = line;
          i = this.#skipString(chunk, i, i);
          line = this.#line;
          continue;
        }
        for (;;) {
          if (i === length) {
            this.#inString = true;
            break;
          }
          const inString = IN_STRING[chunk[i++] as number];
          if (inString === 0) continue;
          if (inString === STRING_END) break;
          if (inString === STRING_LINE) {
            line++;
          } else if (i === length) {
            this.#inString = true;
            this.#escaped = true;
            break;
          } else if (chunk[i++] === NEWLINE) {
            line++;
          }
        }
      } else if (kind === LINE) {
        line++;
        // The indentation after a newline, four spaces at a time: most of an indented file.
        while (i + 4 <= length && words.getInt32(i, true) === FOUR_SPACES) i += 4;
      } else if (kind === DIGIT) {
        i = this.#skipNumber(chunk, i - 1, INTEGER, 0);
      } else if (kind === OPEN) {
        depth++;
        if (depth === 1) this.#expectKey = chunk[i - 1] === OPEN_BRACE;
        if (depth === 2 && this.#lastKeyIsItems && this.#itemsOpen === -1 && chunk[i - 1] === OPEN_BRACKET) {
          this.#itemsDepth = 2;
          this.#itemsOpen = this.#bytes + i - 1 - start;
          this.#line = line;
          i = this.#skipToItem(chunk, i, start);
          line = this.#line;
        }
      } else if (kind === CLOSE) {
        if (depth === this.#itemsDepth) {
          this.#endItem(this.#bytes + i - 1 - start);
          this.#itemsClose = this.#bytes + i - 1 - start;
          this.#itemsDepth = 0;
        }
        depth--;
        if (depth === 0) break;
      } else {
        // A comma.
        if (depth === 1) this.#expectKey = true;
        if (depth === this.#itemsDepth) {
          this.#endItem(this.#bytes + i - 1 - start);
          this.#line = line;
          i = this.#skipToItem(chunk, i, start);
          line = this.#line;
        }
      }
    }
    this.#line = line;
    this.#depth = depth;
    return i;
  }

  /**
   * Past the end of the string whose content starts at `from`, counting its lines. `keyStart` is
   * where a top-level key starts in this chunk (-1 when the string is none, or began earlier).
   */
  #skipString(chunk: Uint8Array, from: number, keyStart: number): number {
    const length = chunk.length;
    let i = from;
    if (this.#escaped) {
      this.#escaped = false;
      if (chunk[i] === NEWLINE) this.#line++;
      i++;
    }
    for (;;) {
      if (i >= length) {
        this.#inString = true;
        if (keyStart !== -1) this.#keyBytes = [];
        this.#collectKey(chunk, keyStart, length);
        return length;
      }
      const kind = IN_STRING[chunk[i++] as number];
      if (kind === 0) continue;
      if (kind === STRING_END) break;
      if (kind === STRING_LINE) {
        this.#line++;
      } else {
        if (i === length) {
          this.#escaped = true;
          continue;
        }
        if (chunk[i] === NEWLINE) this.#line++;
        i++;
      }
    }
    this.#inString = false;
    if (keyStart !== -1 || this.#keyBytes !== undefined) {
      if (keyStart !== -1) this.#keyBytes = [];
      this.#collectKey(chunk, keyStart, i - 1);
      this.#endKey();
    }
    return i;
  }

  /** Holds the first bytes of a top-level key: one longer than any field name is not `items`. */
  #collectKey(chunk: Uint8Array, keyStart: number, end: number): void {
    const held = this.#keyBytes;
    if (held === undefined) return;
    for (let at = Math.max(keyStart, 0); at < end && held.length < 64; at++) held.push(chunk[at] as number);
  }

  #endKey(): void {
    const key = this.#keyBytes ?? [];
    this.#keyBytes = undefined;
    this.#expectKey = false;
    this.#lastKeyIsItems = isItemsKey(key);
    if (this.#lastKeyIsItems) this.#itemsKeys++;
  }

  /**
   * Past a number, from the part `part` with `digits` digits of it read before. One with 16
   * integer digits or more, or a 3-digit exponent, may not survive JSON.parse exactly
   * (json-document.ts then parses its item, or its document, with the exact path). A number cut
   * by the end of the chunk is read on in the next one, so its digits are all counted.
   */
  #skipNumber(chunk: Uint8Array, from: number, part: number, digits: number): number {
    const length = chunk.length;
    let i = from;
    let count = digits;
    for (let at = part; ; ) {
      if (at === INTEGER || at === FRACTION || at === EXPONENT) {
        const first = i;
        while (i < length && isDigit(chunk[i] as number)) i++;
        count += i - first;
        if (i === length) return this.#cut(at, count, length);
        if ((at === INTEGER && count >= 16) || (at === EXPONENT && count >= 3)) this.#markExactNumber();
        if (at === EXPONENT) return i;
        if (at === INTEGER && chunk[i] === 0x2e) {
          i++;
          at = FRACTION;
          count = 0;
        } else {
          at = EXPONENT_MARK;
        }
      } else if (at === EXPONENT_MARK) {
        const e = chunk[i];
        if (e !== 0x65 && e !== 0x45) return i;
        i++;
        at = EXPONENT_SIGN;
      } else {
        if (i === length) return this.#cut(at, 0, length);
        const sign = chunk[i];
        if (sign === 0x2b || sign === 0x2d) i++;
        at = EXPONENT;
        count = 0;
      }
    }
  }

  /** Notes where the number stops at the end of the chunk; the end is returned. */
  #cut(part: number, digits: number, end: number): number {
    this.#cutNumber = { part, digits };
    return end;
  }

  #markExactNumber(): void {
    if (this.#openItem !== undefined) this.#openItem.exactNumbers = true;
    else this.#exactNumbers = true;
  }

  /** Past the spaces before a List element; notes where and on which line the element starts. */
  #skipToItem(chunk: Uint8Array, from: number, start: number): number {
    this.#expectItem = true;
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (isSpace(c)) {
        if (c === NEWLINE) this.#line++;
        continue;
      }
      if (c !== CLOSE_BRACKET) {
        const offset = this.#bytes + i - start;
        this.#openItem = { start: offset, end: offset, line: this.#line, exactNumbers: false };
        this.#itemSpans.push(this.#openItem);
      }
      this.#expectItem = false;
      return i;
    }
    return chunk.length;
  }

  /** Closes the element being read, at the `,` or `]` after it. */
  #endItem(offset: number): void {
    const last = this.#itemSpans[this.#itemSpans.length - 1];
    if (last !== undefined && last.end === last.start) last.end = offset;
    this.#openItem = undefined;
  }

  /** Holds a piece of the current value; true when the value has passed the limit. */
  #add(piece: Uint8Array): boolean {
    if (piece.length === 0) return false;
    this.#parts.push(piece);
    this.#bytes += piece.length;
    if (this.#bytes <= this.#maxBytes) return false;
    if (this.#units === undefined) this.#units = this.#parts.reduce((sum, part) => sum + utf16Units(part), 0);
    else this.#units += utf16Units(piece);
    return this.#units > this.#maxBytes;
  }

  #finish(): JsonSplitDocument {
    const bytes = new PieceBytes(this.#parts);
    // With a second `items` key the last wins (as in Go): then the List is parsed whole.
    const items =
      this.#itemsOpen !== -1 && this.#itemsClose !== -1 && this.#itemsKeys === 1
        ? { open: this.#itemsOpen, close: this.#itemsClose, spans: this.#itemSpans }
        : undefined;
    // Parsed whole, the document needs the exact path if any of its numbers does.
    const exactNumbers = this.#exactNumbers || (items === undefined && this.#itemSpans.some((span) => span.exactNumbers));
    const document = { bytes, firstLine: this.#firstLine, items, exactNumbers };
    this.#parts = [];
    this.#bytes = 0;
    this.#units = undefined;
    this.#inValue = false;
    this.#depth = 0;
    this.#expectKey = false;
    this.#lastKeyIsItems = false;
    this.#itemsKeys = 0;
    this.#itemsDepth = 0;
    this.#expectItem = false;
    this.#itemsOpen = -1;
    this.#itemsClose = -1;
    this.#itemSpans = [];
    this.#openItem = undefined;
    this.#exactNumbers = false;
    return document;
  }

  #tooLarge(documents: JsonSplitDocument[]): JsonSplitResult {
    this.#failed = true;
    this.#parts = [];
    return { documents, tooLarge: true };
  }
}
