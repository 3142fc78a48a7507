import { describe, expect, it } from 'vitest';
import { parsePointerJson, pointerJson } from './snapshot-pointer.ts';

const CLUSTER = { account: '123456789012', region: 'eu-west-1', name: 'prod' };
const POINTER = { cluster: CLUSTER, key: 'snapshots/k.json', sha256: 'a'.repeat(64), count: 3, startedAt: '2026-11-29T04:43:08.123Z', finishedAt: '2026-11-29T04:43:09.000Z' };

describe('the pointer document', () => {
  it('round-trips', () => {
    const parsed = parsePointerJson(pointerJson(POINTER), CLUSTER);
    expect(parsed).toEqual({ ok: true, pointer: { apiVersion: 'psa-fleet-scanner/v1', kind: 'SnapshotPointer', ...POINTER } });
  });

  it('names the field that is wrong', () => {
    const parsed = parsePointerJson(pointerJson({ ...POINTER, count: 0 }).replace('a'.repeat(64), 'A'.repeat(64)), CLUSTER);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.map((e) => e.split(':')[0])).toEqual(['sha256', 'count']);
    expect(parsePointerJson('{', CLUSTER)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^not JSON/)] });
  });

  it('refuses a pointer stored under another cluster', () => {
    const parsed = parsePointerJson(pointerJson(POINTER), { ...CLUSTER, name: 'staging' });
    expect(parsed).toEqual({ ok: false, errors: ['cluster: names 123456789012/eu-west-1/prod, but the pointer is stored under 123456789012/eu-west-1/staging'] });
  });
});
