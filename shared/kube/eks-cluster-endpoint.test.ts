import { describe, expect, it } from 'vitest';
import { EKS_KUBECONFIG_USER, eksClusterEndpoint, type EksClusterAccess } from './eks-cluster-endpoint.ts';

const CLUSTER: EksClusterAccess = {
  identity: { account: '111122223333', region: 'eu-west-1', name: 'prod-1' },
  arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-1',
  endpoint: 'https://ABCDEF0123.gr7.eu-west-1.eks.amazonaws.com/',
  certificateAuthorityData: 'Q0xVU1RFUi1DQQ==',
  tags: { team: 'payments' },
};
const TOKENS = { token: async (): Promise<string> => 'k8s-aws-v1.x' };

describe('eksClusterEndpoint', () => {
  it("puts DescribeCluster's endpoint and CA in a KubeConfig whose current context is the cluster", () => {
    const endpoint = eksClusterEndpoint(CLUSTER, TOKENS);

    expect(endpoint.identity).toEqual(CLUSTER.identity);
    expect(endpoint.tags).toEqual({ team: 'payments' });
    expect(endpoint.bearerToken).toBe(TOKENS);
    expect(endpoint.kubeConfig.getCurrentContext()).toBe(CLUSTER.arn);
    expect(endpoint.kubeConfig.getCurrentCluster()).toEqual({
      name: CLUSTER.arn,
      server: 'https://ABCDEF0123.gr7.eu-west-1.eks.amazonaws.com',
      caData: 'Q0xVU1RFUi1DQQ==',
      skipTLSVerify: false,
    });
    // No credentials in the kubeconfig: the token source supplies the bearer token.
    expect(endpoint.kubeConfig.getCurrentUser()).toEqual({ name: EKS_KUBECONFIG_USER });
  });

  it('reaches the cluster at the override URL and still checks the certificate against its own hostname', () => {
    const endpoint = eksClusterEndpoint(CLUSTER, TOKENS, { endpointUrl: 'https://vpce-0a1b.eks.eu-west-1.vpce.amazonaws.com:8443' });

    expect(endpoint.kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://vpce-0a1b.eks.eu-west-1.vpce.amazonaws.com:8443',
      caData: 'Q0xVU1RFUi1DQQ==',
      tlsServerName: 'abcdef0123.gr7.eu-west-1.eks.amazonaws.com',
    });
  });

  it('takes the CA bundle and TLS server name of the override when given', () => {
    const endpoint = eksClusterEndpoint(CLUSTER, TOKENS, {
      endpointUrl: 'https://127.0.0.1:6443',
      certificateAuthorityData: 'UFJPWFktQ0E=',
      tlsServerName: 'proxy.internal',
    });

    expect(endpoint.kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://127.0.0.1:6443',
      caData: 'UFJPWFktQ0E=',
      tlsServerName: 'proxy.internal',
    });
  });

  it('sets no TLS server name when only the CA is overridden', () => {
    const cluster = eksClusterEndpoint(CLUSTER, TOKENS, { certificateAuthorityData: 'UFJPWFktQ0E=' }).kubeConfig.getCurrentCluster();

    expect(cluster?.tlsServerName).toBeUndefined();
    expect(cluster?.caData).toBe('UFJPWFktQ0E=');
  });
});
