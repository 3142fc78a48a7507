import { describe, expect, it } from 'vitest';
import { signatureMatches } from '../../test/harness/eks-authenticator/sigv4-presigned-signature.ts';
import type { EksClusterAccess } from '../kube/eks-cluster-endpoint.ts';
import { EKS_TOKEN_PREFIX } from '../kube/eks-token.ts';
import { parseEksFleetConfig } from './eks-fleet-config.ts';
import { eksFleetEndpoint } from './eks-fleet-endpoint.ts';

const ACCESS: EksClusterAccess = {
  identity: { account: '111122223333', region: 'eu-west-2', name: 'prod-2' },
  arn: 'arn:aws:eks:eu-west-2:111122223333:cluster/prod-2',
  endpoint: 'https://ABCDEF0123.gr7.eu-west-2.eks.amazonaws.com',
  certificateAuthorityData: 'Q0xVU1RFUi1DQQ==',
  tags: { team: 'payments' },
};
const CREDENTIALS = { accessKeyId: 'ASIAMEMBERROLE000001', secretAccessKey: 'member-secret', sessionToken: 'member-session' };
const OTHER_ARN = 'arn:aws:eks:eu-west-2:111122223333:cluster/prod-3';

function config(input: Record<string, unknown> = {}) {
  return parseEksFleetConfig({ accounts: [{ regions: ['eu-west-2'] }], ...input }, 'eks-fleet-endpoint.test.ts');
}

/** The presigned STS URL inside an EKS token. */
function decode(token: string): URL {
  return new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
}

describe('eksFleetEndpoint', () => {
  it("reaches the cluster at DescribeCluster's endpoint when FLEET_CONFIG overrides only other clusters", () => {
    const endpoint = eksFleetEndpoint(ACCESS, async () => CREDENTIALS, config({ endpointOverrides: { [OTHER_ARN]: { endpointUrl: 'https://10.0.0.9' } } }));

    expect(endpoint.identity).toEqual(ACCESS.identity);
    expect(endpoint.tags).toEqual({ team: 'payments' });
    expect(endpoint.kubeConfig.getCurrentCluster()).toEqual({ name: ACCESS.arn, server: ACCESS.endpoint, caData: ACCESS.certificateAuthorityData, skipTLSVerify: false });
  });

  it("applies FLEET_CONFIG's override for the cluster's ARN, checking the certificate against the real API hostname", () => {
    const endpoint = eksFleetEndpoint(ACCESS, async () => CREDENTIALS, config({ endpointOverrides: { [ACCESS.arn]: { endpointUrl: 'https://10.0.0.8:443' } } }));

    expect(endpoint.kubeConfig.getCurrentCluster()).toMatchObject({ server: 'https://10.0.0.8:443', tlsServerName: 'abcdef0123.gr7.eu-west-2.eks.amazonaws.com' });
  });

  it("signs its tokens for this cluster with the credentials it was found with, at FLEET_CONFIG's STS endpoint", async () => {
    const endpoint = eksFleetEndpoint(ACCESS, async () => CREDENTIALS, config({ awsEndpoints: { sts: 'http://127.0.0.1:5999' } }));

    const url = decode(await endpoint.bearerToken.token());

    expect(url.origin).toBe('http://127.0.0.1:5999');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIAMEMBERROLE000001\/\d{8}\/eu-west-2\/sts\/aws4_request$/);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('member-session');
    expect(signatureMatches({ url, headers: { host: url.host, 'x-k8s-aws-id': 'prod-2' }, secretAccessKey: 'member-secret' })).toBe(true);
    expect(signatureMatches({ url, headers: { host: url.host, 'x-k8s-aws-id': 'prod-3' }, secretAccessKey: 'member-secret' })).toBe(false);
  });
});
