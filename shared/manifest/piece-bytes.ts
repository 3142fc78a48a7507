// A JSON document's bytes held as the chunks they were read in (valid UTF-8, checked while
// reading): a large List is decoded item by item from them, never joined or decoded whole.
import { Buffer } from 'node:buffer';

const NEWLINE = 0x0a;

export class PieceBytes {
  readonly #pieces: readonly Buffer[];
  /** Offset of each piece in the whole. */
  readonly #starts: number[];
  readonly length: number;

  constructor(pieces: readonly Uint8Array[]) {
    this.#pieces = pieces.map((piece) => (Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)));
    this.#starts = [];
    let length = 0;
    for (const piece of pieces) {
      this.#starts.push(length);
      length += piece.byteLength;
    }
    this.length = length;
  }

  /** The piece holding `offset` (the last one for the end). */
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

  /** The text of the bytes from `start` to `end`, which lie between two characters. */
  text(start = 0, end: number = this.length): string {
    if (end <= start) return '';
    const first = this.#pieceAt(start);
    const last = this.#pieceAt(end - 1);
    const base = this.#starts[first] as number;
    if (first === last) return (this.#pieces[first] as Buffer).toString('utf8', start - base, end - base);
    // A character may be cut between two pieces: the bytes are joined before decoding.
    const parts = [(this.#pieces[first] as Buffer).subarray(start - base)];
    for (let piece = first + 1; piece < last; piece++) parts.push(this.#pieces[piece] as Buffer);
    parts.push((this.#pieces[last] as Buffer).subarray(0, end - (this.#starts[last] as number)));
    return Buffer.concat(parts).toString('utf8');
  }

  countNewlines(from: number, to: number): number {
    let count = 0;
    for (let piece = this.#pieceAt(from); piece < this.#pieces.length; piece++) {
      const start = this.#starts[piece] as number;
      if (start >= to) break;
      const bytes = this.#pieces[piece] as Buffer;
      const end = Math.min(to - start, bytes.length);
      for (let at = bytes.indexOf(NEWLINE, Math.max(from - start, 0)); at !== -1 && at < end; at = bytes.indexOf(NEWLINE, at + 1)) count++;
    }
    return count;
  }

  /** Offset of the last newline before `offset`, or -1. */
  lastNewlineBefore(offset: number): number {
    if (offset <= 0) return -1;
    for (let piece = this.#pieceAt(offset - 1); piece >= 0; piece--) {
      const start = this.#starts[piece] as number;
      const at = (this.#pieces[piece] as Buffer).lastIndexOf(NEWLINE, offset - 1 - start);
      if (at !== -1) return start + at;
    }
    return -1;
  }
}
