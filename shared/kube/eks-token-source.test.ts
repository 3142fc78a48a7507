import { describe, expect, it } from 'vitest';
import { EKS_TOKEN_PREFIX, type AwsCredentials } from './eks-token.ts';
import { DEFAULT_RENEW_AFTER_MS, EksTokenError, EksTokenSource } from './eks-token-source.ts';

const MINUTE = 60_000;
const START = Date.parse('2026-03-04T05:06:07Z');

/** A clock the test moves by hand. */
function manualClock(): { now: () => Date; advance: (ms: number) => void } {
  let t = START;
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

/** A credentials provider that counts its calls. */
function countingCredentials(credentials: AwsCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }): {
  provider: () => Promise<AwsCredentials>;
  calls: () => number;
} {
  let calls = 0;
  return {
    provider: async () => {
      calls += 1;
      return credentials;
    },
    calls: () => calls,
  };
}

function signedAt(token: string): string | null {
  const url = new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
  return url.searchParams.get('X-Amz-Date');
}

describe('EksTokenSource', () => {
  it('signs with the clock and the regional STS endpoint by default', async () => {
    const clock = manualClock();
    const source = new EksTokenSource({ clusterName: 'c1', region: 'eu-central-1', credentials: countingCredentials().provider, now: clock.now });

    const token = await source.token();

    expect(signedAt(token)).toBe('20260304T050607Z');
    expect(new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString()).host).toBe('sts.eu-central-1.amazonaws.com');
  });

  it('hands out the same token until the renewal time, then a new one', async () => {
    const clock = manualClock();
    const credentials = countingCredentials();
    const source = new EksTokenSource({ clusterName: 'c1', region: 'eu-west-1', credentials: credentials.provider, now: clock.now });

    const first = await source.token();
    clock.advance(DEFAULT_RENEW_AFTER_MS - 1);
    const cached = await source.token();
    clock.advance(1);
    const renewed = await source.token();

    expect(DEFAULT_RENEW_AFTER_MS).toBeLessThanOrEqual(10 * MINUTE); // at least 5 of the 15 minutes left
    expect(cached).toBe(first);
    expect(renewed).not.toBe(first);
    expect(signedAt(renewed)).toBe('20260304T051607Z');
    expect(credentials.calls()).toBe(2);
  });

  it('renews sooner when the signing credentials expire before the renewal time', async () => {
    const clock = manualClock();
    const expiring = countingCredentials({ accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: new Date(START + 3 * MINUTE) });
    const source = new EksTokenSource({ clusterName: 'c1', region: 'eu-west-1', credentials: expiring.provider, now: clock.now });

    const first = await source.token();
    clock.advance(2 * MINUTE - 1);
    expect(await source.token()).toBe(first);
    clock.advance(1);
    expect(await source.token()).not.toBe(first);
  });

  it('mints once for callers that ask at the same time', async () => {
    const credentials = countingCredentials();
    const source = new EksTokenSource({ clusterName: 'c1', region: 'eu-west-1', credentials: credentials.provider, now: manualClock().now });

    const tokens = await Promise.all([source.token(), source.token(), source.token()]);

    expect(new Set(tokens).size).toBe(1);
    expect(credentials.calls()).toBe(1);
  });

  it('reports a credentials failure as EksTokenError with its cause, and tries again next time', async () => {
    let fail = true;
    const cause = new Error('AccessDenied: not authorized to perform sts:AssumeRole');
    const source = new EksTokenSource({
      clusterName: 'c1',
      region: 'eu-west-1',
      credentials: async () => {
        if (fail) throw cause;
        return { accessKeyId: 'AKID', secretAccessKey: 's' };
      },
    });

    const error = await source.token().then(() => undefined, (e: unknown) => e);
    fail = false;

    expect(error).toBeInstanceOf(EksTokenError);
    expect((error as EksTokenError).cause).toBe(cause);
    expect((error as EksTokenError).message).toBe('cannot mint an EKS token for cluster c1 (eu-west-1): AccessDenied: not authorized to perform sts:AssumeRole');
    expect(await source.token()).toMatch(/^k8s-aws-v1\./);
  });

  it('refuses a renewal time at or beyond the 15-minute lifetime', () => {
    const credentials = countingCredentials().provider;
    expect(() => new EksTokenSource({ clusterName: 'c', region: 'r', credentials, renewAfterMs: 15 * MINUTE })).toThrow(RangeError);
    expect(() => new EksTokenSource({ clusterName: 'c', region: 'r', credentials, renewAfterMs: 0 })).toThrow(RangeError);
  });
});
