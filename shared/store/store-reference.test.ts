import { describe, expect, it } from 'vitest';
import { describeStoreReference, parseStoreReference } from './store-reference.ts';

describe('parseStoreReference', () => {
  it.each([
    ['s3://psa-snapshots', { kind: 's3', bucket: 'psa-snapshots', prefix: '' }],
    ['s3://psa-snapshots/', { kind: 's3', bucket: 'psa-snapshots', prefix: '' }],
    ['s3://psa-snapshots/fleet/prod', { kind: 's3', bucket: 'psa-snapshots', prefix: 'fleet/prod/' }],
    ['s3://psa.snapshots/fleet/', { kind: 's3', bucket: 'psa.snapshots', prefix: 'fleet/' }],
    ['S3://psa-snapshots/x', { kind: 's3', bucket: 'psa-snapshots', prefix: 'x/' }],
    ['./store', { kind: 'folder', path: './store' }],
    ['/var/lib/psa', { kind: 'folder', path: '/var/lib/psa' }],
    ['file:///var/lib/psa%20store', { kind: 'folder', path: '/var/lib/psa store' }],
    ['C:not-a-scheme', { kind: 'folder', path: 'C:not-a-scheme' }],
  ])('%s', (text, reference) => {
    expect(parseStoreReference(text)).toEqual({ ok: true, reference });
  });

  it.each([
    ['', 'empty store reference'],
    ['s3://', 'is not an S3 bucket name'],
    ['s3://Upper/x', '"Upper" is not an S3 bucket name'],
    ['s3://ab', 'is not an S3 bucket name'],
    ['s3://a..b/x', 'is not an S3 bucket name'],
    ['s3://192.168.1.1/x', 'is not an S3 bucket name'],
    ['s3://bucket//x', 'empty path segment'],
    ['gs://bucket/x', 'unsupported scheme gs://'],
    ['https://bucket.s3.amazonaws.com/x', 'unsupported scheme https://'],
  ])('refuses %j', (text, message) => {
    const parsed = parseStoreReference(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });

  it('describes a reference as it would be given', () => {
    expect(describeStoreReference({ kind: 's3', bucket: 'b-1', prefix: 'p/' })).toBe('s3://b-1/p/');
    expect(describeStoreReference({ kind: 'folder', path: 'out' })).toBe('out');
  });
});
