// The splitters must give the same documents however the input is cut into chunks.
import { describe, expect, it } from 'vitest';
import { JsonStreamSplitter } from './json-stream-splitter.ts';
import { YamlStreamSplitter } from './yaml-stream-splitter.ts';

type Splitter = YamlStreamSplitter | JsonStreamSplitter;

function split(make: () => Splitter, text: string, size: number) {
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
  const list = '{"apiVersion": "v1", "items": [ {"a": "x\\"]}"} , {"b": [1, {"c": "\\\\"}]}], "kind": "List"}';
  const stream = `\n ${list}\n{"k": 1}{"items": 3}`;

  it('splits top-level values and finds the items of a List, the same for every chunk size', () => {
    for (const size of SIZES) {
      const { documents, stopped } = split(() => new JsonStreamSplitter(1 << 20), stream, size);

      expect(stopped, `chunks of ${size}`).toBeUndefined();
      expect(documents.map((d) => String((d as { text: unknown }).text))).toEqual([list, '{"k": 1}', '{"items": 3}']);
      const first = documents[0] as { firstLine: number; items: { open: number; close: number; spans: [number, number][] } };
      expect(first.firstLine).toBe(2);
      expect(first.items.spans.map(([start, end]) => list.slice(start, end))).toEqual(['{"a": "x\\"]}"} ', '{"b": [1, {"c": "\\\\"}]}']);
      expect(list.slice(first.items.open, first.items.close + 1)).toMatch(/^\[.*\]$/);
    }
  });

  it('marks numbers that JSON.parse may not keep exactly', () => {
    const exact = (text: string) => (split(() => new JsonStreamSplitter(1 << 20), text, 1 << 20).documents[0] as { exactNumbers: boolean }).exactNumbers;

    expect(exact('{"a": 123456789012345, "s": "12345678901234567890"}')).toBe(false);
    expect(exact('{"a": 1234567890123456}')).toBe(true);
    expect(exact('{"a": 1e308}')).toBe(true);
  });
});
