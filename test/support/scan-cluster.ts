// Scanning a harness cluster the way the product does (the real kube client, the real scan), with
// the knobs tests turn: reader options, a cluster policy, progress.
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { KubeClientOptions } from '../../shared/kube/kube-client-options.ts';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import { RequestCounters } from '../../shared/kube/request-event.ts';
import { parsePodSecurityConfiguration } from '../../shared/pss/admission/admission-config.ts';
import { podSecurityConfigurationDocument, type PodSecurityConfiguration } from '../../shared/pss/admission/pod-security-configuration.ts';
import { scanCluster, type ScanProgress } from '../../shared/scan/scan-cluster.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import type { ClusterPolicy, NamespaceTargetRule } from '../../shared/targets/cluster-policy.ts';

export const TEST_CLUSTER: ClusterIdentity = { account: 'local', region: 'local', name: 'harness' };

/** A ClusterPolicy for a harness cluster started with `podSecurity`, with targets from `targetFor` (none: from labels). */
export function clusterPolicyFor(podSecurity: PodSecurityConfiguration, targetFor: (name: string) => NamespaceTargetRule | undefined = () => undefined): ClusterPolicy {
  const parsed = parsePodSecurityConfiguration(podSecurityConfigurationDocument(podSecurity));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return { admission: parsed.config, targetFor: (namespace) => targetFor(namespace.name) };
}

export interface TestScan {
  readonly snapshot: ClusterSnapshot;
  readonly counters: RequestCounters;
  readonly seconds: number;
}

export async function scanWith(
  kubeconfig: string | KubeConfig,
  options: {
    readonly policy: ClusterPolicy;
    readonly identity?: ClusterIdentity;
    readonly reader?: KubeClientOptions;
    readonly concurrency?: number;
    readonly onProgress?: (progress: ScanProgress) => void;
  },
): Promise<TestScan> {
  const kubeConfig = typeof kubeconfig === 'string' ? new KubeConfig() : kubeconfig;
  if (typeof kubeconfig === 'string') kubeConfig.loadFromFile(kubeconfig);
  const identity = options.identity ?? TEST_CLUSTER;
  const counters = new RequestCounters();
  const reader = createKubeClusterReader({ identity, kubeConfig }, { ...options.reader, onRequest: counters.record });
  const started = performance.now();
  try {
    const snapshot = await scanCluster(reader, {
      identity,
      server: kubeConfig.getCurrentCluster()?.server ?? '',
      policy: { cluster: options.policy, digest: 'test', source: null },
      scannerVersion: '0.0.0-test',
      now: () => new Date(),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    return { snapshot, counters, seconds: (performance.now() - started) / 1000 };
  } finally {
    await reader.close();
  }
}
