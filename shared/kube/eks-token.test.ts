import { describe, expect, it } from 'vitest';
import { expectedSignature, signatureMatches } from '../../test/harness/eks-authenticator/sigv4-presigned-signature.ts';
import { EKS_TOKEN_PREFIX, presignEksToken, regionalStsEndpoint, type EksTokenRequest } from './eks-token.ts';

const CREDENTIALS = { accessKeyId: 'ASIAEXAMPLEKEY000001', secretAccessKey: 'secret/with+chars=', sessionToken: 'session/token+with=chars' };

const REQUEST: EksTokenRequest = {
  clusterName: 'fleet-prod-1',
  region: 'eu-west-1',
  credentials: CREDENTIALS,
  stsEndpoint: 'https://sts.eu-west-1.amazonaws.com',
  signingDate: new Date('2026-01-02T03:04:05.678Z'),
};

/** The presigned URL inside a token (what an EKS authenticator decodes). */
function decode(token: string): URL {
  return new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
}

describe('presignEksToken', () => {
  it('is k8s-aws-v1. followed by base64url without padding', async () => {
    // Prepare: a session token full of characters base64 would encode as + / =
    const token = await presignEksToken(REQUEST);

    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    expect(token.slice(EKS_TOKEN_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('base64url')).toBe(token.slice(EKS_TOKEN_PREFIX.length));
  });

  it('presigns GetCallerIdentity at the STS endpoint with every parameter an authenticator requires', async () => {
    const url = decode(await presignEksToken(REQUEST));

    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('https://sts.eu-west-1.amazonaws.com/');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toEqual({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'ASIAEXAMPLEKEY000001/20260102/eu-west-1/sts/aws4_request',
      'X-Amz-Date': '20260102T030405Z',
      'X-Amz-Expires': '60',
      'X-Amz-Security-Token': 'session/token+with=chars',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/) as unknown as string,
    });
    // every parameter once
    expect([...url.searchParams.keys()]).toHaveLength(new Set(url.searchParams.keys()).size);
  });

  it('carries a signature over host and x-k8s-aws-id naming the cluster, by an independent SigV4 implementation', async () => {
    const url = decode(await presignEksToken(REQUEST));
    const headers = { host: url.host, 'x-k8s-aws-id': 'fleet-prod-1' };

    expect(expectedSignature({ url, headers, secretAccessKey: CREDENTIALS.secretAccessKey })).toEqual({
      signature: url.searchParams.get('X-Amz-Signature'),
    });
    expect(signatureMatches({ url, headers, secretAccessKey: CREDENTIALS.secretAccessKey })).toBe(true);
  });

  it('does not verify for another cluster name, another secret or an altered date', async () => {
    const url = decode(await presignEksToken(REQUEST));
    const secretAccessKey = CREDENTIALS.secretAccessKey;

    expect(signatureMatches({ url, headers: { host: url.host, 'x-k8s-aws-id': 'fleet-prod-2' }, secretAccessKey })).toBe(false);
    expect(signatureMatches({ url, headers: { host: url.host, 'x-k8s-aws-id': 'fleet-prod-1' }, secretAccessKey: 'other' })).toBe(false);
    const altered = new URL(url);
    altered.searchParams.set('X-Amz-Date', '20260102T040405Z');
    expect(signatureMatches({ url: altered, headers: { host: url.host, 'x-k8s-aws-id': 'fleet-prod-1' }, secretAccessKey })).toBe(false);
  });

  it('leaves out X-Amz-Security-Token for long-term credentials', async () => {
    const url = decode(await presignEksToken({ ...REQUEST, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' } }));

    expect(url.searchParams.has('X-Amz-Security-Token')).toBe(false);
    expect(signatureMatches({ url, headers: { host: url.host, 'x-k8s-aws-id': 'fleet-prod-1' }, secretAccessKey: 's' })).toBe(true);
  });

  it('keeps a port and plain http when the endpoint has them (moto in tests)', async () => {
    const url = decode(await presignEksToken({ ...REQUEST, stsEndpoint: 'http://127.0.0.1:45123' }));

    expect(url.origin).toBe('http://127.0.0.1:45123');
    expect(signatureMatches({ url, headers: { host: '127.0.0.1:45123', 'x-k8s-aws-id': 'fleet-prod-1' }, secretAccessKey: CREDENTIALS.secretAccessKey })).toBe(true);
  });

  it('is the same token for the same inputs and another one a second later', async () => {
    const later = { ...REQUEST, signingDate: new Date(REQUEST.signingDate.getTime() + 1000) };

    expect(await presignEksToken(REQUEST)).toBe(await presignEksToken(REQUEST));
    expect(await presignEksToken(later)).not.toBe(await presignEksToken(REQUEST));
  });
});

describe('regionalStsEndpoint', () => {
  it('names the regional endpoint, with the China partition domain for cn- regions', () => {
    expect(regionalStsEndpoint('eu-west-1')).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(regionalStsEndpoint('cn-north-1')).toBe('https://sts.cn-north-1.amazonaws.com.cn');
  });
});
