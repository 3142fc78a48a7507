// Talking to the harness apiserver from tests: @kubernetes/client-node for the admin and scanner
// identities, and the kubectl built beside the apiserver.

import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  NodeV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Namespace,
  type V1Pod,
} from '@kubernetes/client-node';
import { inject } from 'vitest';
import { runTool, ToolError } from '../../harness/run-tool.ts';
import { warningTexts } from '../../support/warning-texts.ts';

export type LabelPatch = Readonly<Record<string, string | null>>;

export function servers(): ReturnType<typeof inject<'servers'>> {
  return inject('servers');
}

const kubeConfigs = new Map<string, KubeConfig>();

/** The kubeconfig in `file`, read and parsed once (the harness writes it before any test runs). */
export function kubeConfig(file: string): KubeConfig {
  let config = kubeConfigs.get(file);
  if (config === undefined) {
    config = new KubeConfig();
    config.loadFromFile(file);
    kubeConfigs.set(file, config);
  }
  return config;
}

export function coreApi(file: string): CoreV1Api {
  return kubeConfig(file).makeApiClient(CoreV1Api);
}

export function nodeApi(file: string): NodeV1Api {
  return kubeConfig(file).makeApiClient(NodeV1Api);
}

/** Patches are JSON merge patches; client-node would otherwise pick JSON Patch. */
export const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The apiserver's answer to a namespace update: status, warnings and, on failure, the Status message. */
export interface UpdateOutcome {
  readonly status: number;
  readonly warnings: readonly string[];
  /** metav1.Status message when the request failed. */
  readonly message?: string;
  readonly reason?: string;
  /** metav1.Status details.causes as `field: message`. */
  readonly causes?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

interface StatusBody {
  message?: string;
  reason?: string;
  details?: { causes?: Array<{ field?: string; message?: string }> };
}

function statusOf(body: unknown): Pick<UpdateOutcome, 'message' | 'reason' | 'causes'> {
  const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as StatusBody | null;
  if (parsed === null || typeof parsed !== 'object') return {};
  const causes = parsed.details?.causes?.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
  return {
    ...(parsed.message !== undefined ? { message: parsed.message } : {}),
    ...(parsed.reason !== undefined ? { reason: parsed.reason } : {}),
    ...(causes !== undefined ? { causes } : {}),
  };
}

/**
 * PATCH /api/v1/namespaces/NAME?dryRun=All with the label changes, reading the `Warning`
 * headers through client-node's *WithHttpInfo method (the plain method drops headers).
 */
export async function patchNamespaceLabels(
  api: CoreV1Api,
  name: string,
  labels: LabelPatch,
  options: { dryRun: boolean },
): Promise<UpdateOutcome> {
  const body = { metadata: { labels } };
  try {
    const response = await api.patchNamespaceWithHttpInfo(
      { name, body, ...(options.dryRun ? { dryRun: 'All' } : {}) },
      MERGE_PATCH,
    );
    return {
      status: response.httpStatusCode,
      warnings: warningTexts(response.headers['warning']),
      labels: (response.data as V1Namespace).metadata?.labels ?? {},
    };
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const e = error as ApiException<unknown>;
    return { status: e.code, warnings: warningTexts(e.headers['warning']), ...statusOf(e.body) };
  }
}

/** The same dry-run through `kubectl label --dry-run=server --overwrite`, warnings read from stderr. */
export async function kubectlDryRunLabel(
  kubeconfig: string,
  name: string,
  labels: LabelPatch,
): Promise<{ exitCode: number; warnings: string[]; stdout: string; stderr: string }> {
  const { kubectl } = servers();
  const args = Object.entries(labels).map(([k, v]) => (v === null ? `${k}-` : `${k}=${v}`));
  const result = await runTool(kubectl, ['--kubeconfig', kubeconfig, 'label', 'namespace', name, '--dry-run=server', '--overwrite', ...args])
    .then(({ stdout, stderr }) => ({ exitCode: 0, stdout, stderr }))
    .catch((error: unknown) => {
      if (!(error instanceof ToolError)) throw error;
      return { exitCode: error.exitCode ?? -1, stdout: error.stdout, stderr: error.stderr };
    });
  const warnings = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('Warning: '))
    .map((line) => line.slice('Warning: '.length));
  return { ...result, warnings };
}

export async function createNamespace(api: CoreV1Api, name: string, labels: Record<string, string> = {}): Promise<void> {
  await api.createNamespace({ body: { metadata: { name, labels } } });
}

export async function createPod(api: CoreV1Api, namespace: string, pod: V1Pod): Promise<V1Pod> {
  return api.createNamespacedPod({ namespace, body: pod });
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  });
  await Promise.all(workers);
}

/**
 * PodSecurity evaluates the pods in the apiserver's informer cache, which trails writes by a
 * moment: a dry-run right after creating pods may not see them yet. Repeats `attempt` until
 * `settled` accepts its result or the time is up, and returns the last result either way, so the
 * caller's assertion reports what the server actually said.
 */
export async function eventually<T>(attempt: () => Promise<T>, settled: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (settled(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
