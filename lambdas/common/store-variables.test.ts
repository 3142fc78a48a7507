import { describe, expect, it } from 'vitest';
import { LambdaConfigError } from './lambda-config-error.ts';
import { parseStoreVariables } from './store-variables.ts';

function problemsOf(environment: Record<string, string | undefined>, withRetention: boolean): readonly string[] {
  try {
    parseStoreVariables(environment, { withRetention });
  } catch (error) {
    if (error instanceof LambdaConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseStoreVariables', () => {
  it('reads the bucket and prefix as `psa-scan --store s3://BUCKET/PREFIX` does, and the KMS key', () => {
    expect(parseStoreVariables({ SNAPSHOT_BUCKET: 'psa-snapshots', SNAPSHOT_PREFIX: 'fleet', KMS_KEY_ID: 'alias/psa' }, { withRetention: false })).toEqual({
      bucket: 'psa-snapshots',
      prefix: 'fleet/',
      kmsKeyId: 'alias/psa',
      retention: undefined,
    });
  });

  it('reads Object Lock retention only for a function that asks for it, and both variables or neither', () => {
    const locked = { SNAPSHOT_BUCKET: 'psa-snapshots', OBJECT_LOCK_MODE: 'COMPLIANCE', OBJECT_LOCK_DAYS: '400' };

    expect(parseStoreVariables(locked, { withRetention: true }).retention).toEqual({ mode: 'COMPLIANCE', days: 400 });
    expect(parseStoreVariables(locked, { withRetention: false }).retention).toBeUndefined();
    expect(problemsOf({ SNAPSHOT_BUCKET: 'psa-snapshots', OBJECT_LOCK_DAYS: '400' }, true)).toEqual(['OBJECT_LOCK_MODE: must be set with OBJECT_LOCK_MODE and OBJECT_LOCK_DAYS: both or neither']);
  });

  it('names the variable of a missing bucket, a bucket name S3 refuses and a prefix with an empty segment', () => {
    expect(problemsOf({}, false)).toEqual(['SNAPSHOT_BUCKET: must be set (the snapshot bucket)']);
    expect(problemsOf({ SNAPSHOT_BUCKET: 'Snapshots' }, false)).toEqual([
      'SNAPSHOT_BUCKET: s3://Snapshots/: "Snapshots" is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens) (got "Snapshots")',
    ]);
    expect(problemsOf({ SNAPSHOT_BUCKET: 'psa-snapshots', SNAPSHOT_PREFIX: 'a//b' }, false)).toEqual(['SNAPSHOT_PREFIX: s3://psa-snapshots/a//b: the prefix has an empty path segment (got "a//b")']);
  });
});
