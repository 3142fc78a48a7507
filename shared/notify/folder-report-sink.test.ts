import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderReportSink } from './folder-report-sink.ts';
import { reportKey } from './report-key.ts';
import { FileExistsError } from './write-once-file.ts';

async function filesUnder(directory: string): Promise<string[]> {
  return (await readdir(directory, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('the folder report sink', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'notify-reports-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const key = reportKey({ account: '123456789012', region: 'eu-west-1', name: 'payments' }, '2026-11-29T04:43:08.123Z');

  it('writes the report under its key and says where', async () => {
    const sink = createFolderReportSink(directory);
    await sink.put(key, '{"a":1}\n');
    const path = join(directory, 'reports/account=123456789012/region=eu-west-1/cluster=payments/date=2026-11-29/20261129T044308.123Z.json');
    expect(sink.locate(key)).toBe(path);
    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n');
    expect(await filesUnder(directory)).toEqual([path]);
  });

  it('accepts the same bytes again and refuses to replace a report', async () => {
    const sink = createFolderReportSink(directory);
    await sink.put(key, 'one\n');
    await sink.put(key, 'one\n');
    await expect(sink.put(key, 'two\n')).rejects.toBeInstanceOf(FileExistsError);
    expect(await readFile(sink.locate(key), 'utf8')).toBe('one\n');
    expect(await filesUnder(directory)).toEqual([sink.locate(key)]);
  });

  it('lets exactly one of 20 concurrent writers of different reports create it, whole', async () => {
    const sink = createFolderReportSink(directory);
    const bodies = Array.from({ length: 20 }, (_, i) => `${String(i).repeat(50_000)}\n`);
    const results = await Promise.allSettled(bodies.map((body) => sink.put(key, body)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof FileExistsError)).toBe(true);
    const winner = bodies[results.findIndex((r) => r.status === 'fulfilled')];
    expect(await readFile(sink.locate(key), 'utf8')).toBe(winner);
    expect(await filesUnder(directory)).toEqual([sink.locate(key)]);
  });

  it('refuses a key that would leave the folder', () => {
    const sink = createFolderReportSink(join(directory, 'reports-root'));
    expect(() => sink.locate('../outside.json')).toThrow(/is not a path inside/);
    expect(() => sink.locate('/etc/passwd')).toThrow(/is not a path inside/);
    expect(() => sink.locate('a/../../b')).toThrow(/is not a path inside/);
    expect(sink.locate('a/../b')).toBe(join(directory, 'reports-root', 'b'));
  });

  it('rejects with the file system error when the folder cannot be made', async () => {
    await writeFile(join(directory, 'file'), 'x');
    await expect(createFolderReportSink(join(directory, 'file')).put(key, '{}')).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
