// A JSON stream -> its top-level values, chunk by chunk: kubectl reads a stream that starts with
// `{` as consecutive JSON values (k8s.io/apimachinery pkg/util/yaml YAMLOrJSONDecoder), each a
// document. The scan only tracks strings and nesting, so it runs at memory speed; the values are
// parsed by JSON.parse. Where the top-level object has one `items` list, where it and each of its
// elements start and end is kept: a List's items are then parsed one at a time (json-document.ts),
// never all at once, and each object of a List can say on which line it starts.

import { PieceText } from './piece-text.ts';
import type { SplitResult } from './yaml-stream-splitter.ts';

export interface JsonSplitDocument {
  readonly text: PieceText;
  readonly firstLine: number;
  /** Whether a number may lose digits or overflow in JSON.parse (16+ digits, a 3-digit exponent). */
  readonly exactNumbers: boolean;
  /** The top-level object's `items` list, when it has exactly one. */
  readonly items: JsonItemSpans | undefined;
}

export interface JsonItemSpans {
  /** Offsets in the text of the list's `[` and `]`. */
  readonly open: number;
  readonly close: number;
  /** Each element from its first character to the `,` or `]` after it (exclusive). */
  readonly spans: readonly (readonly [number, number])[];
}

export interface JsonSplitResult extends Omit<SplitResult, 'documents'> {
  readonly documents: JsonSplitDocument[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const PLAIN = 0;
const DIGIT = 1;
const MARK = 2;
/** What each ASCII character means to the scan outside strings. */
const CLASSES = new Uint8Array(0x80);
for (const c of '"{}[],') CLASSES[c.charCodeAt(0)] = MARK;
for (const c of '0123456789') CLASSES[c.charCodeAt(0)] = DIGIT;

/** How many backslashes stand right before `end`, not looking before `floor`. */
function backslashesBefore(chunk: string, end: number, floor: number): number {
  let run = 0;
  for (let j = end - 1; j >= floor && chunk.charCodeAt(j) === BACKSLASH; j--) run++;
  return run;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export class JsonStreamSplitter {
  readonly #maxUnits: number;
  #parts: string[] = [];
  #units = 0;
  #line = 1;
  #firstLine = 1;
  #inValue = false;
  #depth = 0;
  #inString = false;
  /** The character after a backslash at the end of the previous chunk is escaped. */
  #escaped = false;
  /** At depth 1 of an object, whether the next string is a key. */
  #expectKey = false;
  #keyStart = -1;
  #lastKey: string | undefined;
  #keyParts: string[] | undefined;
  /** The depth of the top-level `items` list's elements while inside it, else 0. */
  #itemsDepth = 0;
  #expectItem = false;
  #itemsOpen = -1;
  #itemsClose = -1;
  #itemsKeys = 0;
  #itemSpans: [number, number][] = [];
  #exactNumbers = false;
  #failed = false;
  /** The last value, whose lines are counted when another one starts. */
  #counted: PieceText | undefined;

  constructor(maxUnits: number) {
    this.#maxUnits = maxUnits;
  }

  push(chunk: string): JsonSplitResult {
    const documents: JsonSplitDocument[] = [];
    if (this.#failed) return { documents };
    // A key whose opening quote ended the last chunk starts at the start of this one.
    if (this.#keyStart !== -1) this.#keyStart = 0;
    let start = 0; // where the current value's text starts in this chunk
    let i = 0;
    const length = chunk.length;
    while (i < length) {
      if (!this.#inValue) {
        const c = chunk.charCodeAt(i);
        if (c === 0x0a) this.#line++;
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          i++;
          continue;
        }
        // A value starts: everything up to its end is one document.
        this.#countLinesOfLastValue();
        this.#inValue = true;
        this.#firstLine = this.#line;
        start = i;
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
          // Not an object or list: JSON.parse of the rest will say what is wrong.
          this.#depth = Number.POSITIVE_INFINITY;
        }
      }
      if (this.#inString) {
        i = this.#skipString(chunk, i);
        continue;
      }
      if (this.#expectItem) {
        i = this.#skipToItem(chunk, i, start);
        if (i >= length) break;
      }
      // Most characters (spaces, letters, `:`) change nothing: a tight loop of table lookups.
      let c = chunk.charCodeAt(i);
      while (c >= 0x80 || CLASSES[c] === PLAIN) {
        if (++i === length) break;
        c = chunk.charCodeAt(i);
      }
      if (i === length) break;
      const kind = CLASSES[c];
      if (kind === DIGIT) {
        i = this.#skipNumber(chunk, i);
        continue;
      }
      if (c === QUOTE) {
        this.#inString = true;
        if (this.#depth === 1 && this.#expectKey) {
          this.#keyStart = i + 1;
          this.#keyParts = [];
        }
        i++;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.#depth++;
        if (this.#depth === 1) this.#expectKey = c === OPEN_BRACE;
        if (this.#depth === 2 && c === OPEN_BRACKET && this.#lastKey === 'items' && this.#itemsOpen === -1) {
          this.#itemsDepth = 2;
          this.#expectItem = true;
          this.#itemsOpen = this.#units + i - start;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.#depth === this.#itemsDepth) {
          this.#endItem(this.#units + i - start);
          this.#itemsClose = this.#units + i - start;
          this.#itemsDepth = 0;
          this.#expectItem = false;
        }
        this.#depth--;
        if (this.#depth === 0) {
          i++;
          this.#add(chunk.slice(start, i));
          if (this.#units > this.#maxUnits) return this.#tooLarge(documents);
          documents.push(this.#finish());
          continue;
        }
      } else if (c === COMMA) {
        if (this.#depth === 1) this.#expectKey = true;
        if (this.#depth === this.#itemsDepth) {
          this.#endItem(this.#units + i - start);
          this.#expectItem = true;
        }
      }
      i++;
    }
    if (this.#inValue) {
      this.#add(chunk.slice(start));
      if (this.#units > this.#maxUnits) return this.#tooLarge(documents);
    }
    return { documents };
  }

  /** Past the spaces before a List element; notes where the element starts. */
  #skipToItem(chunk: string, from: number, start: number): number {
    let i = from;
    while (i < chunk.length) {
      const c = chunk.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      if (c !== CLOSE_BRACKET) {
        const offset = this.#units + i - start;
        this.#itemSpans.push([offset, offset]);
      }
      this.#expectItem = false;
      return i;
    }
    return i;
  }

  /**
   * Past a number. One of 16 digits or more, or with a 3-digit exponent, may not survive
   * JSON.parse exactly (json-document.ts then parses with the exact path); a number cut by the
   * end of a chunk is counted as such.
   */
  #skipNumber(chunk: string, from: number): number {
    let i = from;
    while (i < chunk.length && isDigit(chunk.charCodeAt(i))) i++;
    if (i - from >= 16 || i === chunk.length) this.#exactNumbers = true;
    if (chunk.charCodeAt(i) === 0x2e) {
      i++;
      while (i < chunk.length && isDigit(chunk.charCodeAt(i))) i++;
    }
    const e = chunk.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = chunk.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const digits = i;
      while (i < chunk.length && isDigit(chunk.charCodeAt(i))) i++;
      if (i - digits >= 3 || i === chunk.length) this.#exactNumbers = true;
    }
    return i;
  }

  end(): JsonSplitResult {
    if (this.#failed || !this.#inValue) return { documents: [] };
    // An unfinished value: JSON.parse reports where it stops.
    return { documents: [this.#finish()] };
  }

  /** Skips to the end of the string being read; collects it when it is a key of the top-level object. */
  #skipString(chunk: string, from: number): number {
    let i = from;
    if (this.#escaped) {
      this.#escaped = false;
      i++;
    }
    // A run of backslashes never reaches back past this: what is before was scanned already.
    const runFloor = i;
    for (;;) {
      const quote = chunk.indexOf('"', i);
      if (quote === -1) {
        this.#escaped = backslashesBefore(chunk, chunk.length, runFloor) % 2 === 1;
        this.#collectKey(chunk, from, chunk.length);
        return chunk.length;
      }
      if (chunk.charCodeAt(quote - 1) === BACKSLASH && backslashesBefore(chunk, quote, runFloor) % 2 === 1) {
        i = quote + 1;
        continue;
      }
      this.#inString = false;
      if (this.#keyParts !== undefined) {
        this.#collectKey(chunk, from, quote);
        this.#lastKey = this.#keyParts.join('');
        if (this.#lastKey === 'items') this.#itemsKeys++;
        this.#keyParts = undefined;
        this.#expectKey = false;
      }
      return quote + 1;
    }
  }

  #collectKey(chunk: string, from: number, to: number): void {
    if (this.#keyParts === undefined) return;
    const begin = this.#keyStart > from ? this.#keyStart : from;
    this.#keyStart = -1;
    // A key longer than any field name is not `items`: only its first characters are held.
    const held = this.#keyParts.reduce((sum, part) => sum + part.length, 0);
    if (held < 64) this.#keyParts.push(chunk.slice(begin, Math.min(to, begin + 64)));
  }

  /** Closes the element being read, at the `,` or `]` after it. */
  #endItem(offset: number): void {
    const last = this.#itemSpans[this.#itemSpans.length - 1];
    if (last !== undefined && last[1] === last[0]) last[1] = offset;
  }

  #countLinesOfLastValue(): void {
    if (this.#counted === undefined) return;
    this.#line += this.#counted.countNewlines(0, this.#counted.length);
    this.#counted = undefined;
  }

  #add(piece: string): void {
    this.#parts.push(piece);
    this.#units += piece.length;
  }

  #finish(): JsonSplitDocument {
    const text = new PieceText(this.#parts);
    // With a second `items` key the last wins (as in Go): then the List is parsed whole.
    const items =
      this.#itemsOpen !== -1 && this.#itemsClose !== -1 && this.#itemsKeys === 1
        ? { open: this.#itemsOpen, close: this.#itemsClose, spans: this.#itemSpans }
        : undefined;
    const document = { text, firstLine: this.#firstLine, items, exactNumbers: this.#exactNumbers };
    // Counted only if another value follows: a file is mostly one List.
    this.#counted = text;
    this.#parts = [];
    this.#units = 0;
    this.#inValue = false;
    this.#depth = 0;
    this.#expectKey = false;
    this.#lastKey = undefined;
    this.#itemsDepth = 0;
    this.#expectItem = false;
    this.#itemsOpen = -1;
    this.#itemsClose = -1;
    this.#itemsKeys = 0;
    this.#itemSpans = [];
    this.#exactNumbers = false;
    return document;
  }

  #tooLarge(documents: JsonSplitDocument[]): JsonSplitResult {
    this.#failed = true;
    this.#parts = [];
    return { documents, tooLarge: true };
  }
}

