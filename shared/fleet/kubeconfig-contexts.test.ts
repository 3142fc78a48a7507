import { describe, expect, it } from 'vitest';
import { contextEndpoints } from './kubeconfig-contexts.ts';
import { mergeKubeconfigs, type KubeconfigDocument } from './kubeconfig-merge.ts';

const EKS_ARN = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-1';

const MAIN: KubeconfigDocument = {
  file: '/home/u/.kube/config',
  clusters: [
    { name: EKS_ARN, server: 'https://abc.gr7.eu-west-1.eks.amazonaws.com', caData: 'Q0E=', skipTLSVerify: false },
    { name: 'kind-dev', server: 'https://127.0.0.1:6443', skipTLSVerify: false },
  ],
  users: [
    { name: EKS_ARN, exec: { command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod-1'] } },
    { name: 'kind-dev', certData: 'Y2VydA==', keyData: 'a2V5' },
  ],
  contexts: [
    { name: 'prod', cluster: EKS_ARN, user: EKS_ARN },
    { name: EKS_ARN, cluster: EKS_ARN, user: EKS_ARN },
    { name: 'kind-dev', cluster: 'kind-dev', user: 'kind-dev' },
  ],
  currentContext: 'kind-dev',
};

describe('contextEndpoints', () => {
  it('gives the current context by default, as account and region LOCAL with the context name', () => {
    const [endpoint, ...rest] = contextEndpoints(mergeKubeconfigs([MAIN]), { kind: 'current' });

    expect(rest).toEqual([]);
    expect(endpoint?.identity).toEqual({ account: 'local', region: 'local', name: 'kind-dev' });
    expect(endpoint?.kubeConfig.getCurrentContext()).toBe('kind-dev');
    expect(endpoint?.kubeConfig.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    expect(endpoint?.kubeConfig.getCurrentUser()?.certData).toBe('Y2VydA==');
    // only what the context needs
    expect(endpoint?.kubeConfig.getContexts().map((c) => c.name)).toEqual(['kind-dev']);
    expect(endpoint?.kubeConfig.getClusters().map((c) => c.name)).toEqual(['kind-dev']);
    expect(endpoint?.bearerToken).toBeUndefined();
  });

  it('gives a context whose cluster is an EKS ARN that cluster’s identity, whatever the context is called', () => {
    const [endpoint] = contextEndpoints(mergeKubeconfigs([MAIN]), { kind: 'named', names: ['prod'] });

    expect(endpoint?.identity).toEqual({ account: '111122223333', region: 'eu-west-1', name: 'prod-1' });
    expect(endpoint?.kubeConfig.getCurrentContext()).toBe('prod');
    expect(endpoint?.kubeConfig.getCurrentUser()?.exec).toEqual({ command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'prod-1'] });
  });

  it('gives every context with all, one endpoint per cluster identity (the first context by name)', () => {
    const endpoints = contextEndpoints(mergeKubeconfigs([MAIN]), { kind: 'all' });

    expect(endpoints.map((e) => [e.identity.name, e.kubeConfig.getCurrentContext()])).toEqual([
      ['prod-1', EKS_ARN],
      ['kind-dev', 'kind-dev'],
    ]);
  });

  it('lists the available contexts when a name is unknown', () => {
    expect(() => contextEndpoints(mergeKubeconfigs([MAIN]), { kind: 'named', names: ['kind-dev', 'staging'] })).toThrow(
      `no context "staging" in /home/u/.kube/config; available: ${EKS_ARN}, kind-dev, prod`,
    );
  });

  it('says so when no current context is set, or when it names no context', () => {
    const noCurrent = { ...MAIN, currentContext: undefined };
    expect(() => contextEndpoints(mergeKubeconfigs([noCurrent]), { kind: 'current' })).toThrow(
      `no current-context is set in /home/u/.kube/config; name a context (available: ${EKS_ARN}, kind-dev, prod)`,
    );
    const dangling = { ...MAIN, currentContext: 'gone' };
    expect(() => contextEndpoints(mergeKubeconfigs([dangling]), { kind: 'current' })).toThrow(
      `/home/u/.kube/config: current-context "gone" is not a context in /home/u/.kube/config; available: ${EKS_ARN}, kind-dev, prod`,
    );
  });

  it('names the file of a context whose cluster or user no file defines', () => {
    const broken: KubeconfigDocument = {
      file: '/tmp/extra',
      clusters: [],
      users: [],
      contexts: [
        { name: 'lost-cluster', cluster: 'nowhere', user: 'kind-dev' },
        { name: 'lost-user', cluster: 'kind-dev', user: 'nobody' },
      ],
    };
    const merged = mergeKubeconfigs([MAIN, broken]);

    expect(() => contextEndpoints(merged, { kind: 'named', names: ['lost-cluster'] })).toThrow(
      '/tmp/extra: context "lost-cluster" names cluster "nowhere", which no kubeconfig file defines',
    );
    expect(() => contextEndpoints(merged, { kind: 'named', names: ['lost-user'] })).toThrow(
      '/tmp/extra: context "lost-user" names user "nobody", which no kubeconfig file defines',
    );
  });

  it('resolves a context against clusters and users of other files', () => {
    const extra: KubeconfigDocument = { file: '/tmp/extra', clusters: [], users: [], contexts: [{ name: 'other', cluster: 'kind-dev', user: 'kind-dev' }] };

    const [endpoint] = contextEndpoints(mergeKubeconfigs([MAIN, extra]), { kind: 'named', names: ['other'] });

    expect(endpoint?.kubeConfig.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
  });
});
