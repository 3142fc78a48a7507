import { describe, expect, it } from 'vitest';
import type { AwsCredentials } from '../kube/eks-token.ts';
import { cachedCredentials } from './cached-credentials.ts';

const MINUTE = 60_000;

describe('cachedCredentials', () => {
  it('reuses temporary credentials until five minutes before they expire', async () => {
    let t = 0;
    let issued = 0;
    const provider = cachedCredentials(
      async (): Promise<AwsCredentials> => {
        issued += 1;
        return { accessKeyId: `ASIA${issued}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(t + 60 * MINUTE) };
      },
      () => t,
    );

    const first = await provider();
    t = 55 * MINUTE - 1;
    const reused = await provider();
    t = 55 * MINUTE;
    const refreshed = await provider();

    expect(reused).toBe(first);
    expect(refreshed.accessKeyId).toBe('ASIA2');
  });

  it('keeps credentials without expiry, and shares one call among concurrent callers', async () => {
    let calls = 0;
    const provider = cachedCredentials(async () => {
      calls += 1;
      return { accessKeyId: 'AKID', secretAccessKey: 's' };
    });

    await Promise.all([provider(), provider(), provider()]);
    await provider();

    expect(calls).toBe(1);
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const provider = cachedCredentials(async () => {
      if (fail) throw new Error('AccessDenied');
      return { accessKeyId: 'AKID', secretAccessKey: 's' };
    });

    await expect(provider()).rejects.toThrow('AccessDenied');
    fail = false;
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'AKID' });
  });
});
