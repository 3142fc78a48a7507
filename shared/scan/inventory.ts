// Everything a scan reads before it sweeps: server version, PodSecurityPolicy, namespaces, pods and
// workloads. A list across namespaces that RBAC forbids is retried namespace by namespace (RBAC
// granted per namespace); what still cannot be read is recorded against the namespace, and the
// scan goes on with the rest.
import { ClusterRequestError, WORKLOAD_KINDS, type ClusterReader, type NamespaceRecord, type PodRecord, type PodSecurityPolicyInventory, type ServerVersion, type WorkloadRecord } from './cluster-reader.ts';
import type { ScanError } from '../snapshot/snapshot-schema.ts';

export interface Inventory {
  readonly version: ServerVersion;
  readonly podSecurityPolicy: PodSecurityPolicyInventory | undefined;
  readonly namespaces: readonly NamespaceRecord[];
  /** Per namespace; undefined when its pods could not be read. */
  readonly pods: ReadonlyMap<string, PodRecord[] | undefined>;
  /** Per namespace; undefined when some kind of workload could not be read there. */
  readonly workloads: ReadonlyMap<string, WorkloadRecord[] | undefined>;
  readonly clusterErrors: readonly ScanError[];
  readonly namespaceErrors: ReadonlyMap<string, ScanError[]>;
}

export type InventoryResult =
  | { readonly ok: true; readonly inventory: Inventory }
  | { readonly ok: false; readonly version: ServerVersion | undefined; readonly errors: readonly ScanError[] };

export function scanError(error: ClusterRequestError): ScanError {
  return { kind: error.kind, request: error.request, message: error.message };
}

/** Runs `read`; a ClusterRequestError becomes a value, anything else is a bug and propagates. */
async function attempt<T>(read: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: ClusterRequestError }> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof ClusterRequestError) return { ok: false, error };
    throw error;
  }
}

function groupByNamespace<T>(items: readonly T[], namespaceOf: (item: T) => string, names: readonly string[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>(names.map((name) => [name, []]));
  for (const item of items) grouped.get(namespaceOf(item))?.push(item);
  return grouped;
}

class PerNamespaceLists {
  readonly clusterErrors: ScanError[] = [];
  readonly namespaceErrors = new Map<string, ScanError[]>();

  private readonly names: readonly string[];

  constructor(names: readonly string[]) {
    this.names = names;
  }

  private namespaceError(namespace: string, error: ClusterRequestError): void {
    const errors = this.namespaceErrors.get(namespace) ?? [];
    errors.push(scanError(error));
    this.namespaceErrors.set(namespace, errors);
  }

  /**
   * One list across the cluster, grouped by namespace; when that is forbidden, one list per
   * namespace. A namespace whose list fails maps to undefined.
   */
  async listPerNamespace<T>(list: (namespace?: string) => Promise<T[]>, namespaceOf: (item: T) => string): Promise<Map<string, T[] | undefined>> {
    const everything = await attempt(() => list());
    if (everything.ok) return groupByNamespace(everything.value, namespaceOf, this.names);
    if (everything.error.kind !== 'forbidden') {
      this.clusterErrors.push(scanError(everything.error));
      return new Map(this.names.map((name) => [name, undefined]));
    }
    const result = new Map<string, T[] | undefined>();
    await Promise.all(
      this.names.map(async (name) => {
        const one = await attempt(() => list(name));
        if (!one.ok) this.namespaceError(name, one.error);
        result.set(name, one.ok ? one.value : undefined);
      }),
    );
    return result;
  }
}

/** Told what is known before the long lists start (the scan sends its dry-runs from here). */
export type OnNamespaces = (version: ServerVersion, namespaces: readonly NamespaceRecord[]) => void;

export async function readInventory(reader: ClusterReader, onNamespaces?: OnNamespaces): Promise<InventoryResult> {
  const version = await attempt(() => reader.version());
  if (!version.ok) return { ok: false, version: undefined, errors: [scanError(version.error)] };
  const namespaces = await attempt(() => reader.namespaces());
  if (!namespaces.ok) return { ok: false, version: version.value, errors: [scanError(namespaces.error)] };
  onNamespaces?.(version.value, namespaces.value);
  const names = namespaces.value.map((n) => n.name);
  const lists = new PerNamespaceLists(names);

  const [podSecurityPolicy, pods, ...workloadKinds] = await Promise.all([
    attempt(() => reader.podSecurityPolicies()),
    lists.listPerNamespace((ns) => reader.pods(ns), (pod) => pod.metadata.namespace),
    ...WORKLOAD_KINDS.map((kind) => lists.listPerNamespace((ns) => reader.workloads(kind, ns), (w) => w.namespace)),
  ]);
  if (!podSecurityPolicy.ok) lists.clusterErrors.push(scanError(podSecurityPolicy.error));

  const workloads = new Map<string, WorkloadRecord[] | undefined>();
  for (const name of names) {
    const perKind = workloadKinds.map((byNamespace) => byNamespace.get(name));
    workloads.set(name, perKind.some((w) => w === undefined) ? undefined : perKind.flatMap((w) => w ?? []));
  }
  return {
    ok: true,
    inventory: {
      version: version.value,
      podSecurityPolicy: podSecurityPolicy.ok ? podSecurityPolicy.value : undefined,
      namespaces: namespaces.value,
      pods,
      workloads,
      clusterErrors: lists.clusterErrors,
      namespaceErrors: lists.namespaceErrors,
    },
  };
}
