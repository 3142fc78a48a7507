// Scans in a process of their own, so the memory is the scan's: prints one JSON line per scan with
// the wall time, the time from the first namespace on, the requests, the dry-run PATCHes it sent and
// the process's own peak RSS so far (VmHWM). The first scan of a process runs cold (module
// load, JIT); later ones warm, as in a Lambda that is reused. Used by bench:scan and bench:fleet.
//
//   node test/bench/scan-once.ts --kubeconfig FILE [--concurrency 16] [--repeat 1]
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import { RequestCounters } from '../../shared/kube/request-event.ts';
import { KUBERNETES_DEFAULT_POD_SECURITY } from '../../shared/pss/admission/pod-security-configuration.ts';
import type { ClusterReader, LabelPatch } from '../../shared/scan/cluster-reader.ts';
import { scanCluster } from '../../shared/scan/scan-cluster.ts';
import { clusterPolicyFor, TEST_CLUSTER } from '../support/scan-cluster.ts';
import { ownPeakRssMb } from './own-peak-rss.ts';

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, concurrency: { type: 'string', default: '16' }, repeat: { type: 'string', default: '1' } } });
if (values.kubeconfig === undefined) throw new Error('--kubeconfig is required');
const concurrency = Number(values.concurrency);

const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(values.kubeconfig);
for (let run = 0; run < Number(values.repeat); run++) {
  const counters = new RequestCounters();
  const reader = createKubeClusterReader({ identity: TEST_CLUSTER, kubeConfig }, { concurrency, onRequest: counters.record });
  const patches: Array<{ namespace: string; labels: LabelPatch }> = [];
  const recording: ClusterReader = {
    version: () => reader.version(),
    podSecurityPolicies: () => reader.podSecurityPolicies(),
    namespaces: () => reader.namespaces(),
    pods: (ns) => reader.pods(ns),
    workloads: (kind, ns) => reader.workloads(kind, ns),
    dryRunNamespaceLabels: (namespace, labels) => {
      patches.push({ namespace, labels });
      return reader.dryRunNamespaceLabels(namespace, labels);
    },
  };
  let sweepStarted = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const snapshot = await scanCluster(recording, {
    identity: TEST_CLUSTER,
    server: kubeConfig.getCurrentCluster()?.server ?? '',
    policy: { cluster: clusterPolicyFor(KUBERNETES_DEFAULT_POD_SECURITY), digest: 'bench', source: null },
    scannerVersion: 'bench',
    now: () => new Date(),
    concurrency,
    onProgress: (p) => {
      if (p.phase === 'namespaces' && p.done === 0) sweepStarted = performance.now();
    },
  });
  const ended = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  await reader.close();
  console.log(
    JSON.stringify({
      outcome: snapshot.outcome,
      namespaces: snapshot.namespaces.length,
      seconds: (ended - started) / 1000,
      sweepSeconds: (ended - sweepStarted) / 1000,
      requests: counters.requests,
      retries: counters.retries,
      throttled: counters.throttled,
      peakRssMb: ownPeakRssMb(),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      patches,
    }),
  );
}
