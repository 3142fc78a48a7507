// The ClusterReader over @kubernetes/client-node 2: the only code that talks HTTP to a cluster.
// Requests are built by client-node's generated APIs, authenticated and given one keep-alive
// dispatcher per reader (cluster-connection.ts), sent with undici's `request`
// (undici-http-library.ts) under the request policy (concurrency, timeout, retries:
// request-policy.ts), and read back as wire JSON (response-capture.ts).
import {
  ApisApi,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  PatchStrategy,
  ServerConfiguration,
  setHeaderOptions,
  VersionApi,
} from '@kubernetes/client-node';
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
import { resolveKubeClientOptions, type KubeClientOptions, type ResolvedKubeClientOptions } from './kube-client-options.ts';
import { listAll, type PageCall } from './list-pager.ts';
import { namespaceRecord, podRecord, workloadRecord } from './object-records.ts';
import { isRecord, MalformedObjectError, readObject } from './read-answer.ts';
import { RequestPolicy } from './request-policy.ts';
import type { CallOptions } from './response-capture.ts';
import { serverVersion, servesPolicyV1beta1 } from './server-discovery.ts';
import { UndiciHttpLibrary } from './undici-http-library.ts';

export interface KubeClusterReader extends ClusterReader {
  /** Closes the reader's connections; the reader cannot be used afterwards. */
  close(): Promise<void>;
}

interface Apis {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly batch: BatchV1Api;
  readonly version: VersionApi;
  readonly apis: ApisApi;
  readonly custom: CustomObjectsApi;
}

interface WorkloadList {
  /** `/apis/apps/v1` */
  readonly groupVersionPath: string;
  /** `deployments` */
  readonly resource: string;
  readonly all: (apis: Apis) => PageCall;
  readonly namespaced: (apis: Apis, namespace: string) => PageCall;
}

const WORKLOAD_LISTS: Readonly<Record<WorkloadKind, WorkloadList>> = {
  Deployment: {
    groupVersionPath: '/apis/apps/v1',
    resource: 'deployments',
    all: (a) => (p) => (o) => a.apps.listDeploymentForAllNamespaces({ limit: p.limit, _continue: p.continueToken }, o),
    namespaced: (a, namespace) => (p) => (o) => a.apps.listNamespacedDeployment({ namespace, limit: p.limit, _continue: p.continueToken }, o),
  },
  StatefulSet: {
    groupVersionPath: '/apis/apps/v1',
    resource: 'statefulsets',
    all: (a) => (p) => (o) => a.apps.listStatefulSetForAllNamespaces({ limit: p.limit, _continue: p.continueToken }, o),
    namespaced: (a, namespace) => (p) => (o) => a.apps.listNamespacedStatefulSet({ namespace, limit: p.limit, _continue: p.continueToken }, o),
  },
  DaemonSet: {
    groupVersionPath: '/apis/apps/v1',
    resource: 'daemonsets',
    all: (a) => (p) => (o) => a.apps.listDaemonSetForAllNamespaces({ limit: p.limit, _continue: p.continueToken }, o),
    namespaced: (a, namespace) => (p) => (o) => a.apps.listNamespacedDaemonSet({ namespace, limit: p.limit, _continue: p.continueToken }, o),
  },
  ReplicaSet: {
    groupVersionPath: '/apis/apps/v1',
    resource: 'replicasets',
    all: (a) => (p) => (o) => a.apps.listReplicaSetForAllNamespaces({ limit: p.limit, _continue: p.continueToken }, o),
    namespaced: (a, namespace) => (p) => (o) => a.apps.listNamespacedReplicaSet({ namespace, limit: p.limit, _continue: p.continueToken }, o),
  },
  Job: {
    groupVersionPath: '/apis/batch/v1',
    resource: 'jobs',
    all: (a) => (p) => (o) => a.batch.listJobForAllNamespaces({ limit: p.limit, _continue: p.continueToken }, o),
    namespaced: (a, namespace) => (p) => (o) => a.batch.listNamespacedJob({ namespace, limit: p.limit, _continue: p.continueToken }, o),
  },
  CronJob: {
    groupVersionPath: '/apis/batch/v1',
    resource: 'cronjobs',
    all: (a) => (p) => (o) => a.batch.listCronJobForAllNamespaces({ limit: p.limit, _continue: p.continueToken }, o),
    namespaced: (a, namespace) => (p) => (o) => a.batch.listNamespacedCronJob({ namespace, limit: p.limit, _continue: p.continueToken }, o),
  },
  ReplicationController: {
    groupVersionPath: '/api/v1',
    resource: 'replicationcontrollers',
    all: (a) => (p) => (o) => a.core.listReplicationControllerForAllNamespaces({ limit: p.limit, _continue: p.continueToken }, o),
    namespaced: (a, namespace) => (p) =>
      (o) => a.core.listNamespacedReplicationController({ namespace, limit: p.limit, _continue: p.continueToken }, o),
  },
};

/** `GET /apis/apps/v1/deployments` or `GET /apis/apps/v1/namespaces/NS/deployments`. */
function listRequest(groupVersionPath: string, resource: string, namespace?: string): string {
  return `GET ${groupVersionPath}${namespace === undefined ? '' : `/namespaces/${namespace}`}/${resource}`;
}

// client-node would send JSON Patch (the first type its generated code lists).
const MERGE_PATCH: CallOptions = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

class KubeClusterReaderImpl implements KubeClusterReader {
  private readonly apis: Apis;
  private readonly connection: ClusterConnection;
  private readonly policy: RequestPolicy;
  private readonly options: ResolvedKubeClientOptions;

  constructor(connection: ClusterConnection, policy: RequestPolicy, options: ResolvedKubeClientOptions) {
    this.connection = connection;
    this.policy = policy;
    this.options = options;
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(connection.server, {}),
      authMethods: { default: connection },
      httpApi: new UndiciHttpLibrary(),
    });
    this.apis = {
      core: new CoreV1Api(configuration),
      apps: new AppsV1Api(configuration),
      batch: new BatchV1Api(configuration),
      version: new VersionApi(configuration),
      apis: new ApisApi(configuration),
      custom: new CustomObjectsApi(configuration),
    };
  }

  async version(): Promise<ServerVersion> {
    const request = 'GET /version';
    const answer = await this.policy.send(request, (o) => this.apis.version.getCode({}, o));
    return this.mapped(request, answer.attempts, () => serverVersion(readObject(request, answer)));
  }

  async podSecurityPolicies(): Promise<PodSecurityPolicyInventory> {
    const discovery = 'GET /apis';
    const answer = await this.policy.send(discovery, (o) => this.apis.apis.getAPIVersions({}, o));
    if (!this.mapped(discovery, answer.attempts, () => servesPolicyV1beta1(readObject(discovery, answer)))) return { served: false, names: [] };
    const request = listRequest('/apis/policy/v1beta1', 'podsecuritypolicies');
    let items: unknown[];
    try {
      items = await this.list(request, (p) => (o) =>
        this.apis.custom.listClusterCustomObject(
          { group: 'policy', version: 'v1beta1', plural: 'podsecuritypolicies', limit: p.limit, _continue: p.continueToken },
          o,
        ),
      );
    } catch (error) {
      // policy/v1beta1 can be served for PodDisruptionBudgets with PodSecurityPolicy switched off.
      if (error instanceof ClusterRequestError && error.kind === 'not-found') return { served: false, names: [] };
      throw error;
    }
    const names = this.mapped(request, 1, () =>
      items.map((item, i) => {
        const metadata = isRecord(item) ? item['metadata'] : undefined;
        const name = isRecord(metadata) ? metadata['name'] : undefined;
        if (typeof name !== 'string' || name === '') throw new MalformedObjectError(`items[${i}].metadata.name`, 'is not a non-empty string');
        return name;
      }),
    );
    return { served: true, names: names.sort() };
  }

  async namespaces(): Promise<NamespaceRecord[]> {
    const request = 'GET /api/v1/namespaces';
    const items = await this.list(request, (p) => (o) => this.apis.core.listNamespace({ limit: p.limit, _continue: p.continueToken }, o));
    return this.mapped(request, 1, () => items.map((item, i) => namespaceRecord(item, `items[${i}]`)));
  }

  async pods(namespace?: string): Promise<PodRecord[]> {
    const request = listRequest('/api/v1', 'pods', namespace);
    const pageCall: PageCall =
      namespace === undefined
        ? (p) => (o) => this.apis.core.listPodForAllNamespaces({ limit: p.limit, _continue: p.continueToken }, o)
        : (p) => (o) => this.apis.core.listNamespacedPod({ namespace, limit: p.limit, _continue: p.continueToken }, o);
    const items = await this.list(request, pageCall);
    return this.mapped(request, 1, () => items.map((item, i) => podRecord(item, `items[${i}]`)));
  }

  async workloads(kind: WorkloadKind, namespace?: string): Promise<WorkloadRecord[]> {
    const list = WORKLOAD_LISTS[kind];
    const request = listRequest(list.groupVersionPath, list.resource, namespace);
    const items = await this.list(request, namespace === undefined ? list.all(this.apis) : list.namespaced(this.apis, namespace));
    return this.mapped(request, 1, () => items.map((item, i) => workloadRecord(kind, item, `items[${i}]`)));
  }

  async dryRunNamespaceLabels(namespace: string, labels: LabelPatch): Promise<DryRunAnswer> {
    const request = `PATCH /api/v1/namespaces/${namespace}?dryRun=All`;
    const body = { metadata: { labels } };
    const answer = await this.policy.send(
      request,
      (o) => this.apis.core.patchNamespaceWithHttpInfo({ name: namespace, body, dryRun: 'All', fieldManager: this.options.fieldManager }, o),
      MERGE_PATCH,
    );
    return dryRunAnswer(request, answer);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private list(request: string, pageCall: PageCall): Promise<unknown[]> {
    return listAll(this.policy, request, pageCall, this.options);
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
