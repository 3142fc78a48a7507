// The ClusterReader over the API server's REST paths: the only code that talks HTTP to a cluster.
// The connection (client-node's kubeconfig handling, one keep-alive dispatcher per reader:
// cluster-connection.ts) authenticates; requests are sent with undici's `request`
// (http-exchange.ts) under the request policy (concurrency, timeout, retries: request-policy.ts),
// and read back as wire JSON.
import {
  ClusterRequestError,
  type ClusterReader,
  type DryRunAnswer,
  type LabelPatch,
  type NamespaceRecord,
  type PodRecord,
  type PodSecurityPolicyInventory,
  type ServerVersion,
  type WorkloadKind,
  type WorkloadRecord,
} from '../scan/cluster-reader.ts';
import type { ClusterEndpoint } from './cluster-endpoint.ts';
import { ClusterConnection } from './cluster-connection.ts';
import { dryRunAnswer } from './dry-run-answer.ts';
import { exchange, type ApiCall, type ApiRequest } from './http-exchange.ts';
import { resolveKubeClientOptions, type KubeClientOptions, type ResolvedKubeClientOptions } from './kube-client-options.ts';
import { listAll, type PageCall } from './list-pager.ts';
import { namespaceRecord, podRecord, workloadRecord } from './object-records.ts';
import { isRecord, MalformedObjectError, readObject } from './read-answer.ts';
import { RequestPolicy } from './request-policy.ts';
import { serverVersion, servesPolicyV1beta1 } from './server-discovery.ts';

export interface KubeClusterReader extends ClusterReader {
  /** Closes the reader's connections; the reader cannot be used afterwards. */
  close(): Promise<void>;
}

/** Where each kind is listed: `/apis/apps/v1` and `deployments`. */
const WORKLOAD_LISTS: Readonly<Record<WorkloadKind, { readonly groupVersionPath: string; readonly resource: string }>> = {
  Deployment: { groupVersionPath: '/apis/apps/v1', resource: 'deployments' },
  StatefulSet: { groupVersionPath: '/apis/apps/v1', resource: 'statefulsets' },
  DaemonSet: { groupVersionPath: '/apis/apps/v1', resource: 'daemonsets' },
  ReplicaSet: { groupVersionPath: '/apis/apps/v1', resource: 'replicasets' },
  Job: { groupVersionPath: '/apis/batch/v1', resource: 'jobs' },
  CronJob: { groupVersionPath: '/apis/batch/v1', resource: 'cronjobs' },
  ReplicationController: { groupVersionPath: '/api/v1', resource: 'replicationcontrollers' },
};

/** `/apis/apps/v1/deployments` or `/apis/apps/v1/namespaces/NS/deployments`. */
function listPath(groupVersionPath: string, resource: string, namespace?: string): string {
  return `${groupVersionPath}${namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`}/${resource}`;
}

/** `GET /apis/apps/v1/deployments` or `GET /apis/apps/v1/namespaces/NS/deployments`. */
function listRequest(groupVersionPath: string, resource: string, namespace?: string): string {
  return `GET ${groupVersionPath}${namespace === undefined ? '' : `/namespaces/${namespace}`}/${resource}`;
}

const MERGE_PATCH = 'application/merge-patch+json';

class KubeClusterReaderImpl implements KubeClusterReader {
  private readonly connection: ClusterConnection;
  private readonly policy: RequestPolicy;
  private readonly options: ResolvedKubeClientOptions;
  private readonly dryRunQuery: string;

  constructor(connection: ClusterConnection, policy: RequestPolicy, options: ResolvedKubeClientOptions) {
    this.connection = connection;
    this.policy = policy;
    this.options = options;
    this.dryRunQuery = `?dryRun=All&fieldManager=${encodeURIComponent(options.fieldManager)}`;
  }

  async version(): Promise<ServerVersion> {
    const request = 'GET /version';
    const answer = await this.policy.send(request, this.call({ method: 'GET', path: '/version' }));
    return this.mapped(request, answer.attempts, () => serverVersion(readObject(request, answer)));
  }

  async podSecurityPolicies(): Promise<PodSecurityPolicyInventory> {
    const discovery = 'GET /apis';
    const answer = await this.policy.send(discovery, this.call({ method: 'GET', path: '/apis' }));
    if (!this.mapped(discovery, answer.attempts, () => servesPolicyV1beta1(readObject(discovery, answer)))) return { served: false, names: [] };
    const request = listRequest('/apis/policy/v1beta1', 'podsecuritypolicies');
    let names: string[];
    try {
      names = await this.list(request, listPath('/apis/policy/v1beta1', 'podsecuritypolicies'), (item, i) => {
        const metadata = isRecord(item) ? item['metadata'] : undefined;
        const name = isRecord(metadata) ? metadata['name'] : undefined;
        if (typeof name !== 'string' || name === '') throw new MalformedObjectError(`items[${i}].metadata.name`, 'is not a non-empty string');
        return name;
      });
    } catch (error) {
      // policy/v1beta1 can be served for PodDisruptionBudgets with PodSecurityPolicy switched off.
      if (error instanceof ClusterRequestError && error.kind === 'not-found') return { served: false, names: [] };
      throw error;
    }
    return { served: true, names: names.sort() };
  }

  async namespaces(): Promise<NamespaceRecord[]> {
    const request = 'GET /api/v1/namespaces';
    return this.list(request, '/api/v1/namespaces', (item, i) => namespaceRecord(item, `items[${i}]`));
  }

  async pods(namespace?: string): Promise<PodRecord[]> {
    const request = listRequest('/api/v1', 'pods', namespace);
    return this.list(request, listPath('/api/v1', 'pods', namespace), (item, i) => podRecord(item, `items[${i}]`));
  }

  async workloads(kind: WorkloadKind, namespace?: string): Promise<WorkloadRecord[]> {
    const { groupVersionPath, resource } = WORKLOAD_LISTS[kind];
    const request = listRequest(groupVersionPath, resource, namespace);
    return this.list(request, listPath(groupVersionPath, resource, namespace), (item, i) => workloadRecord(kind, item, `items[${i}]`));
  }

  async dryRunNamespaceLabels(namespace: string, labels: LabelPatch): Promise<DryRunAnswer> {
    const request = `PATCH /api/v1/namespaces/${namespace}?dryRun=All`;
    const answer = await this.policy.send(
      request,
      this.call({
        method: 'PATCH',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}${this.dryRunQuery}`,
        // A JSON merge patch: client-node's generated method would have sent JSON Patch.
        body: { contentType: MERGE_PATCH, text: JSON.stringify({ metadata: { labels } }) },
      }),
    );
    return dryRunAnswer(request, answer);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  /** Every item of the list at `path`, page by page, as `read` makes it; a malformed item is `bad-response`. */
  private async list<T>(request: string, path: string, read: (item: unknown, index: number) => T): Promise<T[]> {
    const pageCall: PageCall = ({ limit, continueToken }) =>
      this.call({ method: 'GET', path: `${path}?limit=${limit}${continueToken === undefined ? '' : `&continue=${encodeURIComponent(continueToken)}`}` });
    try {
      return await listAll(this.policy, request, pageCall, this.options, read);
    } catch (error) {
      if (!(error instanceof MalformedObjectError)) throw error;
      throw new ClusterRequestError('bad-response', request, `${request}: ${error.message}`, { attempts: 1, cause: error });
    }
  }

  /** One attempt at `apiRequest`, with the connection's credentials as they are at that moment. */
  private call(apiRequest: ApiRequest): ApiCall {
    return async (signal) => exchange(this.connection.server, await this.connection.requestSetup(), apiRequest, signal);
  }

  /** Runs a mapping of answer objects; an object that breaks the API's promises is `bad-response`. */
  private mapped<T>(request: string, attempts: number, map: () => T): T {
    try {
      return map();
    } catch (error) {
      if (!(error instanceof MalformedObjectError)) throw error;
      throw new ClusterRequestError('bad-response', request, `${request}: ${error.message}`, { attempts, cause: error });
    }
  }
}

/**
 * A reader of the cluster `endpoint` names. Its connections are opened on the first request and
 * reused; `close()` ends them. Throws KubeConfigError when the kubeconfig names no usable cluster
 * and KubeClientOptionsError for an option out of range.
 */
export function createKubeClusterReader(endpoint: ClusterEndpoint, options: KubeClientOptions = {}): KubeClusterReader {
  const resolved = resolveKubeClientOptions(options);
  return new KubeClusterReaderImpl(new ClusterConnection(endpoint, resolved.userAgent), new RequestPolicy(resolved), resolved);
}
