import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderReportDocumentSink } from './folder-report-document-sink.ts';
import { ReportWriteError } from './report-document-sink.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'psa-report-sink-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const document = { key: 'reports/fleet/date=2026-11-28/20261128T060000.000Z/fleet.csv', body: '"a"\r\n', contentType: 'text/csv; charset=utf-8' };

describe('createFolderReportDocumentSink', () => {
  it('writes the document under its key, and the same bytes again without complaint', async () => {
    const sink = createFolderReportDocumentSink(root);
    await sink.put(document);
    await sink.put(document);
    expect(sink.locate(document.key)).toBe(join(root, document.key));
    expect(await readFile(join(root, document.key), 'utf8')).toBe(document.body);
  });

  it('never replaces a report: other bytes under the same key are refused and the first stays', async () => {
    const sink = createFolderReportDocumentSink(root);
    await sink.put(document);
    const error = await sink.put({ ...document, body: '"b"\r\n' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportWriteError);
    expect(error).toMatchObject({ kind: 'exists', location: join(root, document.key) });
    expect(await readFile(join(root, document.key), 'utf8')).toBe(document.body);
  });

  it('writes nothing outside its folder', async () => {
    const sink = createFolderReportDocumentSink(root);
    await expect(sink.put({ ...document, key: '../escape.csv' })).rejects.toThrow(/is not a path inside/);
  });

  it('keeps the cause when the folder cannot be written', async () => {
    const sink = createFolderReportDocumentSink(join(root, 'file'));
    await sink.put({ ...document, key: 'x' });
    const error = await createFolderReportDocumentSink(join(root, 'file', 'x')).put(document).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'failed' });
    expect((error as Error).cause).toMatchObject({ code: 'ENOTDIR' });
  });
});
