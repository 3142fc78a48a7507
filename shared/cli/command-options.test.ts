import { describe, expect, it } from 'vitest';
import { emptyValueMessage, parseCommandOptions, parseCountOption, parseFormatOption, parseStoreOption, storeOptionRequired } from './command-options.ts';

describe('command options', () => {
  it('parses strictly: an unknown option and a positional are refused with parseArgs’ message', () => {
    const options = { store: { type: 'string' } } as const;
    expect(parseCommandOptions(['--store', 'x'], options)).toEqual({ outcome: 'run', options: { store: 'x' } });
    expect(parseCommandOptions(['--nope'], options)).toEqual({ outcome: 'usage-error', message: expect.stringContaining("Unknown option '--nope'") as string });
    expect(parseCommandOptions(['extra'], options)).toEqual({ outcome: 'usage-error', message: expect.stringContaining("Unexpected argument 'extra'") as string });
  });

  it('answers -h and --help wherever they are, once the options parse', () => {
    const options = { store: { type: 'string' } } as const;
    expect(parseCommandOptions(['--store', 'x', '-h'], options)).toEqual({ outcome: 'help' });
    expect(parseCommandOptions(['--help', '--store', 'x'], options)).toEqual({ outcome: 'help' });
    expect(parseCommandOptions(['--help', '--nope'], options)).toMatchObject({ outcome: 'usage-error' });
  });

  it('takes the first format when none is given and names the allowed ones otherwise', () => {
    expect(parseFormatOption(undefined, ['text', 'json'])).toEqual({ ok: true, value: 'text' });
    expect(parseFormatOption('json', ['text', 'json'])).toEqual({ ok: true, value: 'json' });
    expect(parseFormatOption('yaml', ['text', 'json'])).toEqual({ ok: false, message: '--format: Invalid value: "yaml": must be one of text, json' });
  });

  it.each([
    ['7', 366, { ok: true, value: 7 }],
    ['366', 366, { ok: true, value: 366 }],
    ['367', 366, { ok: false, message: '--n: Invalid value: "367": must be a whole number from 1 to 366' }],
    ['0', 366, { ok: false, message: '--n: Invalid value: "0": must be a whole number from 1 to 366' }],
    ['1e3', undefined, { ok: false, message: '--n: Invalid value: "1e3": must be a whole number of at least 1' }],
    ['100000', undefined, { ok: true, value: 100000 }],
  ])('counts %j (max %j)', (text, max, expected) => {
    expect(parseCountOption('--n', text, max)).toEqual(expected);
  });

  it('reads a store option and names the flag when it is not one', () => {
    expect(parseStoreOption('--out', 's3://bucket/p')).toEqual({ ok: true, value: { kind: 's3', bucket: 'bucket', prefix: 'p/' } });
    expect(parseStoreOption('--out', 'gs://b/p')).toEqual({ ok: false, message: '--out: gs://b/p: unsupported scheme gs://: give a folder or s3://bucket/prefix' });
    expect(storeOptionRequired('--store')).toBe('--store is required: a folder or s3://BUCKET/PREFIX');
  });

  it('names the first flag given an empty value, in the order listed', () => {
    expect(emptyValueMessage({ '--a': 'x', '--b': '', '--c': '' })).toBe('--b needs a value');
    expect(emptyValueMessage({ '--a': 'x', '--b': undefined })).toBeUndefined();
  });
});
