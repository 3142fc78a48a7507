// The harness servers are the real thing and are configured as the tests assume.

import { VersionApi } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { runTool } from '../harness/run-tool.ts';
import { KUBE_VERSION } from '../harness/setup-go.ts';
import { coreApi, kubeConfig, servers } from './support/kube.ts';

const [, MAJOR, MINOR] = /^v(\d+)\.(\d+)\.\d+$/.exec(KUBE_VERSION) ?? [];

describe('kube-apiserver', () => {
  it(`reports version ${KUBE_VERSION} at /version, which PodSecurity \`latest\` and version capping follow`, async () => {
    const version = await kubeConfig(servers().scannerKubeconfig).makeApiClient(VersionApi).getCode();
    expect({ gitVersion: version.gitVersion, major: version.major, minor: version.minor }).toEqual({
      gitVersion: KUBE_VERSION,
      major: MAJOR,
      minor: MINOR,
    });
  });

  it('is the kubectl of the same release', async () => {
    const { stdout } = await runTool(servers().kubectl, ['version', '--client', '--output=json']);
    expect((JSON.parse(stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion).toBe(KUBE_VERSION);
  });

  it('serves on loopback with its own certificate authority', () => {
    expect(servers().apiserverUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('authenticates the admin and the scanner by client certificate', async () => {
    const review = async (file: string): Promise<unknown> => {
      const { stdout } = await runTool(servers().kubectl, ['--kubeconfig', file, 'auth', 'whoami', '--output=json']);
      const info = (JSON.parse(stdout) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
      return { username: info.username, groups: info.groups };
    };
    expect(await review(servers().adminKubeconfig)).toEqual({
      username: 'psa-admin',
      groups: ['system:masters', 'system:authenticated'],
    });
    expect(await review(servers().scannerKubeconfig)).toEqual({
      username: 'psa-scanner',
      groups: ['psa-scanner', 'system:authenticated'],
    });
  });

  it('creates pods without service accounts, scheduler or kubelet: they stay Pending', async () => {
    const admin = coreApi(servers().adminKubeconfig);
    await admin.createNamespace({ body: { metadata: { name: 'harness-pending' } } });
    const pod = await admin.createNamespacedPod({
      namespace: 'harness-pending',
      body: { metadata: { name: 'idle' }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } },
    });
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.spec?.serviceAccountName).toBeUndefined();
  });
});
