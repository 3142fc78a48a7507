// A YAML stream -> its documents, chunk by chunk, the way kubectl splits a file before decoding
// each document (k8s.io/apimachinery pkg/util/yaml YAMLReader): a line starting with `---` ends
// a document; the rest of that line may hold only spaces or a comment, anything else is an
// error ("invalid Yaml document separator"). Only the current document is held in memory, as
// the pieces of the chunks it came in, joined once when it ends.

export interface SplitDocument {
  /** The document's text, without its `---` line. */
  readonly text: string;
  /** 1-based line of the file where `text` starts. */
  readonly firstLine: number;
}

/**
 * The documents completed by a chunk. After `tooLarge` (the current document passed the limit) or
 * `error`, the splitter takes nothing more: the rest of the input is not read.
 */
export interface SplitResult {
  readonly documents: SplitDocument[];
  readonly tooLarge?: true;
  readonly error?: string;
}

export class YamlStreamSplitter {
  readonly #maxUnits: number;
  #parts: string[] = [];
  #units = 0;
  #firstLine = 1;
  /** Where the next character is: in a document, or on a `---` line (before or in its comment). */
  #state: 'content' | 'separator' | 'separator-comment' = 'content';
  #atLineStart = true;
  /** `-` or `--` at a line start at the end of a chunk: maybe the start of a separator. */
  #held = '';
  #failed = false;

  /** `maxUnits`: the longest document in UTF-16 code units (never more than its UTF-8 bytes). */
  constructor(maxUnits: number) {
    this.#maxUnits = maxUnits;
  }

  push(chunk: string): SplitResult {
    const documents: SplitDocument[] = [];
    if (this.#failed) return { documents };
    const text = this.#held + chunk;
    this.#held = '';
    let pos = 0;
    while (pos < text.length) {
      if (this.#state === 'separator-comment') {
        const newline = text.indexOf('\n', pos);
        if (newline === -1) return { documents };
        pos = this.#endSeparatorLine(newline);
        continue;
      }
      if (this.#state === 'separator') {
        const c = text[pos];
        if (c === '\n') pos = this.#endSeparatorLine(pos);
        else if (c === '#') this.#state = 'separator-comment';
        else if (c === ' ' || c === '\t' || c === '\r') pos++;
        else return this.#fail(documents, `invalid document separator at line ${this.#firstLine}: "---" may be followed only by spaces or a comment`);
        if (c === '#') pos++;
        continue;
      }
      const separator = this.#nextSeparator(text, pos);
      if (separator === 'held' || separator === undefined) {
        if (separator === undefined) {
          this.#add(text.slice(pos));
          this.#atLineStart = text.endsWith('\n');
        }
        return this.#units > this.#maxUnits ? this.#tooLarge(documents) : { documents };
      }
      this.#add(text.slice(pos, separator));
      if (this.#units > this.#maxUnits) return this.#tooLarge(documents);
      documents.push(this.#finish());
      this.#state = 'separator';
      pos = separator + 3;
    }
    return { documents };
  }

  /** The last document, once the stream has ended. */
  end(): SplitResult {
    if (this.#failed) return { documents: [] };
    this.#add(this.#held);
    this.#held = '';
    if (this.#units > this.#maxUnits) return this.#tooLarge([]);
    // A stream ending on a `---` line has one more, empty, document after it.
    return { documents: this.#state === 'content' ? [this.#finish()] : [{ text: '', firstLine: this.#firstLine }] };
  }

  /** Index of the next `---` at a line start, or undefined; 'held' when the chunk ends on a maybe. */
  #nextSeparator(text: string, pos: number): number | 'held' | undefined {
    const atLineStart = pos === 0 ? this.#atLineStart : text.charCodeAt(pos - 1) === 0x0a;
    if (atLineStart) {
      if (text.startsWith('---', pos)) return pos;
      if (text.length - pos < 3 && '---'.startsWith(text.slice(pos))) {
        this.#held = text.slice(pos);
        return 'held';
      }
    }
    const found = text.indexOf('\n---', pos);
    if (found !== -1) return found + 1;
    // `\n-` or `\n--` at the very end: keep it for the next chunk to decide.
    const lastNewline = text.lastIndexOf('\n');
    const tail = text.length - lastNewline - 1;
    if (lastNewline >= pos && tail > 0 && tail < 3 && '---'.startsWith(text.slice(lastNewline + 1))) {
      this.#add(text.slice(pos, lastNewline + 1));
      this.#held = text.slice(lastNewline + 1);
      this.#atLineStart = true;
      return 'held';
    }
    return undefined;
  }

  #endSeparatorLine(newline: number): number {
    this.#state = 'content';
    this.#atLineStart = true;
    this.#firstLine++;
    return newline + 1;
  }

  #add(piece: string): void {
    if (piece === '') return;
    this.#parts.push(piece);
    this.#units += piece.length;
  }

  #finish(): SplitDocument {
    const text = this.#parts.length === 1 ? (this.#parts[0] as string) : this.#parts.join('');
    const document = { text, firstLine: this.#firstLine };
    this.#firstLine += countNewlines(text);
    this.#parts = [];
    this.#units = 0;
    this.#atLineStart = true;
    return document;
  }

  #tooLarge(documents: SplitDocument[]): SplitResult {
    this.#failed = true;
    this.#parts = [];
    return { documents, tooLarge: true };
  }

  #fail(documents: SplitDocument[], error: string): SplitResult {
    this.#failed = true;
    this.#parts = [];
    return { documents, error };
  }
}

export function countNewlines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
