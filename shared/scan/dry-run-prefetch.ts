// A scan's dry-runs depend only on the namespaces' labels, so they can go out as soon as the
// namespaces are listed, while the pods and workloads are still being read; each sweep then finds
// its answer waiting (or still on its way). Fewer in flight than the reader allows, so the list
// requests (paged, one page after another) always find a free slot beside them.
import pLimit from 'p-limit';
import type { ClusterReader, DryRunAnswer, LabelPatch } from './cluster-reader.ts';

export interface PrefetchingReader {
  /** The reader to sweep with: a prefetched dry-run is answered from its request, once. */
  readonly reader: ClusterReader;
  prefetch(namespace: string, labels: LabelPatch): void;
}

// The sweep asks with the patch object the prefetch was given (plan-dry-run.ts keeps its plans), so
// each patch's JSON is written once.
const LABEL_KEYS = new WeakMap<LabelPatch, string>();

function keyOf(namespace: string, labels: LabelPatch): string {
  let key = LABEL_KEYS.get(labels);
  if (key === undefined) LABEL_KEYS.set(labels, (key = JSON.stringify(labels)));
  return `${namespace}\n${key}`;
}

export function prefetchingReader(reader: ClusterReader, inFlight: number): PrefetchingReader {
  const limit = pLimit(Math.max(1, inFlight));
  const started = new Map<string, Promise<DryRunAnswer>>();
  return {
    prefetch(namespace, labels) {
      const key = keyOf(namespace, labels);
      if (started.has(key)) return;
      const answer = limit(() => reader.dryRunNamespaceLabels(namespace, labels));
      // The sweep that takes it handles a failure; until then it must not count as unhandled.
      answer.catch(() => undefined);
      started.set(key, answer);
    },
    reader: {
      ...reader,
      version: () => reader.version(),
      podSecurityPolicies: () => reader.podSecurityPolicies(),
      namespaces: () => reader.namespaces(),
      pods: (namespace) => reader.pods(namespace),
      workloads: (kind, namespace) => reader.workloads(kind, namespace),
      dryRunNamespaceLabels(namespace, labels) {
        const key = keyOf(namespace, labels);
        const answer = started.get(key);
        if (answer === undefined) return reader.dryRunNamespaceLabels(namespace, labels);
        started.delete(key);
        return answer;
      },
    },
  };
}
