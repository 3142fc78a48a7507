// Once the cluster itself has gone (connection refused after every retry, certificate not trusted,
// credentials refused), every later request would fail the same way after the same retries: a scan
// of 1000 namespaces would spend an hour learning one fact. This reader fails the rest fast, with
// the first failure named, so the partial snapshot is written promptly.
import { ClusterRequestError, type ClusterFailureKind, type ClusterReader } from './cluster-reader.ts';

const CLUSTER_WIDE: ReadonlySet<ClusterFailureKind> = new Set(['unreachable', 'tls', 'unauthorized']);

export function stopAfterClusterFailure(reader: ClusterReader): ClusterReader {
  let first: ClusterRequestError | undefined;
  const guard = async <T>(request: string, call: () => Promise<T>): Promise<T> => {
    if (first !== undefined) {
      throw new ClusterRequestError(first.kind, request, `not sent: the cluster stopped answering (${first.message})`, { attempts: 0 });
    }
    try {
      return await call();
    } catch (error) {
      if (error instanceof ClusterRequestError && CLUSTER_WIDE.has(error.kind)) first ??= error;
      throw error;
    }
  };
  return {
    version: () => guard('GET /version', () => reader.version()),
    podSecurityPolicies: () => guard('GET /apis/policy/v1beta1/podsecuritypolicies', () => reader.podSecurityPolicies()),
    namespaces: () => guard('GET /api/v1/namespaces', () => reader.namespaces()),
    pods: (namespace) => guard(namespace === undefined ? 'GET /api/v1/pods' : `GET /api/v1/namespaces/${namespace}/pods`, () => reader.pods(namespace)),
    workloads: (kind, namespace) => guard(`list ${kind}${namespace === undefined ? '' : ` in ${namespace}`}`, () => reader.workloads(kind, namespace)),
    dryRunNamespaceLabels: (namespace, labels) =>
      guard(`PATCH /api/v1/namespaces/${namespace}?dryRun=All`, () => reader.dryRunNamespaceLabels(namespace, labels)),
  };
}
