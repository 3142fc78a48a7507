// A document's text held as the chunks it was read in: a large JSON List is sliced item by item
// from its chunks, never joined into one copy of the whole.
import { countNewlines } from './yaml-stream-splitter.ts';

export class PieceText {
  readonly #pieces: readonly string[];
  /** Offset of each piece in the whole text. */
  readonly #starts: number[];
  readonly length: number;

  constructor(pieces: readonly string[]) {
    this.#pieces = pieces;
    this.#starts = [];
    let length = 0;
    for (const piece of pieces) {
      this.#starts.push(length);
      length += piece.length;
    }
    this.length = length;
  }

  /** The piece holding `offset` (the last one for the end of the text). */
  #pieceAt(offset: number): number {
    let low = 0;
    let high = this.#pieces.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  slice(start: number, end: number = this.length): string {
    if (end <= start) return '';
    const first = this.#pieceAt(start);
    const last = this.#pieceAt(end - 1);
    const from = start - (this.#starts[first] as number);
    if (first === last) return (this.#pieces[first] as string).slice(from, end - (this.#starts[first] as number));
    const parts = [(this.#pieces[first] as string).slice(from)];
    for (let piece = first + 1; piece < last; piece++) parts.push(this.#pieces[piece] as string);
    parts.push((this.#pieces[last] as string).slice(0, end - (this.#starts[last] as number)));
    return parts.join('');
  }

  countNewlines(from: number, to: number): number {
    if (to <= from) return 0;
    let count = 0;
    for (let piece = this.#pieceAt(from); piece < this.#pieces.length; piece++) {
      const start = this.#starts[piece] as number;
      if (start >= to) break;
      const text = this.#pieces[piece] as string;
      count += countNewlines(text, Math.max(from - start, 0), Math.min(to - start, text.length));
    }
    return count;
  }

  /** Offset of the last newline before `offset`, or -1. */
  lastNewlineBefore(offset: number): number {
    for (let piece = this.#pieceAt(Math.max(offset - 1, 0)); piece >= 0; piece--) {
      const start = this.#starts[piece] as number;
      const at = (this.#pieces[piece] as string).lastIndexOf('\n', offset - 1 - start);
      if (at !== -1 && start + at < offset) return start + at;
    }
    return -1;
  }

  byteLength(): number {
    return this.#pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0);
  }

  toString(): string {
    return this.#pieces.length === 1 ? (this.#pieces[0] as string) : this.#pieces.join('');
  }
}
