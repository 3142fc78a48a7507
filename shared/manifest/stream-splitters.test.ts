// The splitters must give the same documents however the input is cut into chunks.
import { describe, expect, it } from 'vitest';
import { JsonStreamSplitter, type JsonSplitDocument } from './json-stream-splitter.ts';
import { YamlStreamSplitter } from './yaml-stream-splitter.ts';

function split(make: () => YamlStreamSplitter, text: string, size: number) {
  const splitter = make();
  const documents: unknown[] = [];
  for (let at = 0; at < text.length; at += size) {
    const result = splitter.push(text.slice(at, at + size));
    documents.push(...result.documents);
    if (result.error !== undefined || result.tooLarge === true) return { documents, stopped: result.error ?? 'too large' };
  }
  const last = splitter.end();
  documents.push(...last.documents);
  return { documents, stopped: last.error ?? (last.tooLarge === true ? 'too large' : undefined) };
}

/** The JSON splitter takes bytes; `size` bytes at a time, never cutting a character. */
function splitJson(text: string, size: number, maxBytes = 1 << 20) {
  const bytes = Buffer.from(text);
  const splitter = new JsonStreamSplitter(maxBytes);
  const documents: JsonSplitDocument[] = [];
  for (let at = 0; at < bytes.length; ) {
    let end = Math.min(at + size, bytes.length);
    while (end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end++;
    const result = splitter.push(bytes.subarray(at, end));
    documents.push(...result.documents);
    if (result.tooLarge === true) return { documents, stopped: 'too large' };
    at = end;
  }
  documents.push(...splitter.end().documents);
  return { documents, stopped: undefined };
}

const SIZES = [1, 2, 3, 4, 5, 7, 11, 64, 100_000];

describe('YamlStreamSplitter', () => {
  const stream = '# preamble\n---\nkind: Pod\n---   # comment\na: "---"\nb: |\n  ---x\n---\n---\r\nkind: Job\n- --\n--\n-';

  it('splits at lines starting with ---, the same for every chunk size', () => {
    for (const size of SIZES) {
      expect(split(() => new YamlStreamSplitter(1 << 20), stream, size), `chunks of ${size}`).toEqual({
        documents: [
          { text: '# preamble\n', firstLine: 1 },
          { text: 'kind: Pod\n', firstLine: 3 },
          { text: 'a: "---"\nb: |\n  ---x\n', firstLine: 5 },
          { text: '', firstLine: 9 },
          { text: 'kind: Job\n- --\n--\n-', firstLine: 10 },
        ],
        stopped: undefined,
      });
    }
  });

  it('stops at a separator followed by content', () => {
    for (const size of SIZES) {
      expect(split(() => new YamlStreamSplitter(1 << 20), 'a: 1\n--- b: 2\n', size).stopped).toMatch(/^invalid document separator at line 2/);
    }
  });

  it('stops once a document passes the limit, keeping the ones before', () => {
    const result = split(() => new YamlStreamSplitter(10), 'a: 1\n---\nb: 1234567890\n---\nc: 1\n', 3);

    expect(result).toEqual({ documents: [{ text: 'a: 1\n', firstLine: 1 }], stopped: 'too large' });
  });
});

describe('JsonStreamSplitter', () => {
  const list = '{"apiVersion": "v1", "items": [ {"a": "x\\"]}"} ,\n {"b": [1, {"c": "\\\\"}]}], "kind": "List"}';
  const stream = `\n ${list}\n{"k": 1}{"items": 3}`;

  it('splits top-level values and finds the items of a List and their lines, the same for every chunk size', () => {
    for (const size of SIZES) {
      const { documents, stopped } = splitJson(stream, size);

      expect(stopped, `chunks of ${size}`).toBeUndefined();
      expect(documents.map((d) => d.bytes.text())).toEqual([list, '{"k": 1}', '{"items": 3}']);
      expect(documents.map((d) => d.firstLine)).toEqual([2, 4, 4]);
      const items = documents[0]?.items;
      expect(items?.spans.map(({ start, end, line }) => [list.slice(start, end), line])).toEqual([
        ['{"a": "x\\"]}"} ', 2],
        ['{"b": [1, {"c": "\\\\"}]}', 3],
      ]);
      expect(list.slice(items?.open, (items?.close ?? 0) + 1)).toMatch(/^\[[\s\S]*\]$/);
    }
  });

  it('keeps offsets in bytes and lines through multi-byte characters and newlines in strings', () => {
    const text = '{"items": [\n{"é": "ü\\n😀"},\n"a\nb", 2]}';
    for (const size of SIZES) {
      const spans = splitJson(text, size).documents[0]?.items?.spans ?? [];

      expect(spans.map(({ start, end, line }) => [Buffer.from(text).subarray(start, end).toString(), line]), `chunks of ${size}`).toEqual([
        ['{"é": "ü\\n😀"}', 2],
        ['"a\nb"', 3],
        ['2', 4],
      ]);
    }
  });

  it('reads a top-level key written with escapes as JSON.parse does: `it\\u0065ms` is `items`', () => {
    const items = (text: string) => splitJson(text, 7).documents[0]?.items;

    // A second `items` list hidden behind an escape: the last wins, so the List is parsed whole.
    expect(items('{"kind": "List", "items": [{"kind": "Service"}], "it\\u0065ms": [{"kind": "Pod"}]}')).toBeUndefined();
    expect(items('{"kind": "List", "it\\u0065ms": [{"kind": "Pod"}]}')?.spans).toHaveLength(1);
    expect(items('{"kind": "List", "items": [{"kind": "Service"}], "a\\"": 1, "b\\u0065": 2}')?.spans).toHaveLength(1);
  });

  it('marks numbers that JSON.parse may not keep exactly, however they are cut between chunks', () => {
    for (const size of SIZES) {
      const exact = (text: string) => splitJson(text, size).documents[0]?.exactNumbers;

      expect(exact('{"a": 123456789012345, "b": 1.5e30, "c": 1.25e-30, "s": "12345678901234567890"}'), `chunks of ${size}`).toBe(false);
      expect(exact('{"a": 1234567890123456}'), `chunks of ${size}`).toBe(true);
      expect(exact('{"a": 1e308}'), `chunks of ${size}`).toBe(true);
      expect(exact('{"a": -1.5E+400}'), `chunks of ${size}`).toBe(true);
      expect(exact('12345678901234567890'), `chunks of ${size}`).toBe(true);
      expect(exact('1e400'), `chunks of ${size}`).toBe(true);
      expect(exact('123456789012345'), `chunks of ${size}`).toBe(false);
    }
  });

  it('marks such numbers for each List item on its own, and for the List around them', () => {
    const list = '{"items": [{"a": 1}, {"b": 12345678901234567890}, [1e400]], "kind": "List"}';
    for (const size of SIZES) {
      const document = splitJson(list, size).documents[0];

      expect(document?.items?.spans.map((span) => span.exactNumbers), `chunks of ${size}`).toEqual([false, true, true]);
      expect(document?.exactNumbers).toBe(false);
      expect(splitJson(`${list.slice(0, -1)}, "n": 1e999}`, size).documents[0]?.exactNumbers).toBe(true);
      // Parsed whole (a second `items`), the document needs the exact path for the numbers of its items.
      expect(splitJson(`${list.slice(0, -1)}, "items": 1}`, size).documents[0]).toMatchObject({ items: undefined, exactNumbers: true });
    }
  });

  it('stops once a value passes the limit, counted in characters until it is complete', () => {
    expect(splitJson('{"a": 1}\n{"b": "1234567890"}\n{"c": 1}', 3, 12)).toMatchObject({ stopped: 'too large', documents: [{ firstLine: 1 }] });
    // 16 bytes, 12 characters: complete at a limit of 12, over it in bytes only (read-documents.ts refuses it).
    expect(splitJson('{"a":"éééé"}', 3, 12)).toMatchObject({ stopped: undefined, documents: [{ firstLine: 1 }] });
  });
});
