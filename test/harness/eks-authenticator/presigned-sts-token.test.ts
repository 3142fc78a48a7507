// The harness authenticator refuses what an EKS authenticator refuses, before any call to STS.
import { describe, expect, it } from 'vitest';
import { presignEksToken } from '../../../shared/kube/eks-token.ts';
import { parsePresignedStsToken } from './presigned-sts-token.ts';
import { canonicalPrincipalArn } from './token-review.ts';

const STS = 'http://127.0.0.1:5000';
const SIGNED = new Date('2026-05-06T07:08:09Z');
const CREDENTIALS = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 't' };

async function token(overrides: { stsEndpoint?: string; clusterName?: string } = {}): Promise<string> {
  return presignEksToken({ clusterName: 'c1', region: 'eu-west-1', credentials: CREDENTIALS, stsEndpoint: STS, signingDate: SIGNED, ...overrides });
}

/** The token with its URL changed by `edit`. */
function rewrite(value: string, edit: (url: URL) => void): string {
  const url = new URL(Buffer.from(value.slice('k8s-aws-v1.'.length), 'base64url').toString());
  edit(url);
  return `k8s-aws-v1.${Buffer.from(url.toString()).toString('base64url')}`;
}

function refusal(value: string, now = new Date(SIGNED.getTime() + 60_000)): string | undefined {
  const result = parsePresignedStsToken(value, { stsEndpoint: STS, now });
  return 'refused' in result ? result.refused : undefined;
}

describe('parsePresignedStsToken', () => {
  it('accepts a fresh token of the product and reads its access key and signing time', async () => {
    const result = parsePresignedStsToken(await token(), { stsEndpoint: STS, now: new Date(SIGNED.getTime() + 14 * 60_000) });

    expect(result).toMatchObject({ token: { accessKeyId: 'ASIAEXAMPLE', signedAt: SIGNED, signedHeaders: ['host', 'x-k8s-aws-id'] } });
  });

  it('refuses a token older than 15 minutes, or dated ahead', async () => {
    expect(refusal(await token(), new Date(SIGNED.getTime() + 16 * 60_000))).toBe('token expired: signed 16 minutes ago (15 minute lifetime)');
    expect(refusal(await token(), new Date(SIGNED.getTime() - 6 * 60_000))).toBe('token is dated in the future');
  });

  it('refuses what is not a presigned GetCallerIdentity for the expected STS endpoint', async () => {
    const good = await token();
    expect(refusal('Bearer-ish')).toBe('token is missing the "k8s-aws-v1." prefix');
    expect(refusal(`${good}=`)).toBe('token is not base64url without padding');
    expect(refusal(await token({ stsEndpoint: 'https://sts.eu-west-1.amazonaws.com' }))).toBe(
      'unexpected STS endpoint https://sts.eu-west-1.amazonaws.com in the presigned URL',
    );
    expect(refusal(rewrite(good, (u) => u.searchParams.set('Action', 'AssumeRole')))).toBe('the presigned URL is not GetCallerIdentity');
    expect(refusal(rewrite(good, (u) => u.searchParams.set('X-Amz-SignedHeaders', 'host')))).toBe('x-k8s-aws-id is not a signed header');
    expect(refusal(rewrite(good, (u) => u.searchParams.set('X-Amz-Expires', '3600')))).toBe('X-Amz-Expires is not between 0 and 900');
    expect(refusal(rewrite(good, (u) => u.searchParams.append('RoleArn', 'x')))).toBe('query parameter "RoleArn" is not allowed');
    expect(refusal(rewrite(good, (u) => u.searchParams.append('Action', 'GetCallerIdentity')))).toBe('query parameter "Action" has 2 values');
    expect(refusal(rewrite(good, (u) => (u.pathname = '/other')))).toBe('unexpected path in the presigned URL');
  });
});

describe('canonicalPrincipalArn', () => {
  it('maps an assumed-role session to its IAM role, and leaves other ARNs alone', () => {
    expect(canonicalPrincipalArn('arn:aws:sts::111122223333:assumed-role/psa-scanner/nightly')).toBe('arn:aws:iam::111122223333:role/psa-scanner');
    expect(canonicalPrincipalArn('arn:aws:iam::111122223333:user/alice')).toBe('arn:aws:iam::111122223333:user/alice');
  });
});
