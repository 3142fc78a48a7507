import { describe, expect, it } from 'vitest';
import { parseManifestText } from './parse-manifest-text.ts';

describe('parseManifestText', () => {
  it('splits a YAML stream at --- and numbers documents from 0, empty ones included', () => {
    const documents = parseManifestText('# header comment\n---\nkind: Pod\n---\n---\nkind: Service\n');

    expect(documents).toEqual([
      { index: 0, ok: true, value: { kind: 'Pod' } },
      { index: 1, ok: true, value: null },
      { index: 2, ok: true, value: { kind: 'Service' } },
    ]);
  });

  it('reads a JSON file as one document', () => {
    const documents = parseManifestText('{\n\t"kind": "Pod",\n\t"spec": {"hostNetwork": true}\n}\n');

    expect(documents).toEqual([{ index: 0, ok: true, value: { kind: 'Pod', spec: { hostNetwork: true } } }]);
  });

  it('returns no documents for an empty text', () => {
    expect(parseManifestText('')).toEqual([]);
  });

  it('ignores a byte order mark', () => {
    expect(parseManifestText('\uFEFFkind: Pod\n')).toEqual([{ index: 0, ok: true, value: { kind: 'Pod' } }]);
  });

  it('reads YAML 1.1 booleans as the apiserver does, so privileged: yes is caught', () => {
    const [document] = parseManifestText('privileged: yes\nhostNetwork: on\nhostPID: Off\nhostIPC: n\nname: "yes"\n');

    expect(document).toEqual({
      index: 0,
      ok: true,
      value: { privileged: true, hostNetwork: true, hostPID: false, hostIPC: false, name: 'yes' },
    });
  });

  it('reports a syntax error with its document, line and column, and keeps the other documents', () => {
    const documents = parseManifestText('kind: Pod\n---\nkind: [Service\n---\nkind: Job\n');

    expect(documents[0]).toEqual({ index: 0, ok: true, value: { kind: 'Pod' } });
    expect(documents[1]).toMatchObject({ index: 1, ok: false });
    expect(documents[1]?.ok === false && documents[1].message).toMatch(/^YAML syntax error at line 4, column 1: \S/);
    expect(documents[2]).toEqual({ index: 2, ok: true, value: { kind: 'Job' } });
  });

  it('refuses duplicate keys, which the apiserver refuses too', () => {
    const [document] = parseManifestText('kind: Pod\nkind: Service\n');

    expect(document).toEqual({
      index: 0,
      ok: false,
      message: 'YAML syntax error at line 2, column 1: Map keys must be unique',
    });
  });

  it('reports an alias to an anchor that does not exist', () => {
    const [document] = parseManifestText('kind: *nowhere\n');

    expect(document?.ok).toBe(false);
    expect(document?.ok === false && document.message).toMatch(/^YAML error: .*nowhere/);
  });
});
