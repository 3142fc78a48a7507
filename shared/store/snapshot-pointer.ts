// A cluster's pointer: the key and SHA-256 of the chain's newest snapshot and the chain's length.
// It is the only object a store ever replaces, and only by a conditional write (see
// chained-snapshot-store.ts). `count` lets verify notice a chain shortened from its far end.
import { z } from 'zod';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { SNAPSHOT_API_VERSION } from '../snapshot/snapshot-schema.ts';

export const POINTER_KIND = 'SnapshotPointer';

const pointerSchema = z.strictObject({
  apiVersion: z.literal(SNAPSHOT_API_VERSION),
  kind: z.literal(POINTER_KIND),
  cluster: z.strictObject({ account: z.string(), region: z.string(), name: z.string() }),
  key: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().min(1),
  /** The head's startedAt and finishedAt, so an append can order itself without reading the head. */
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
});
export type SnapshotPointer = z.infer<typeof pointerSchema>;

export function pointerJson(pointer: Omit<SnapshotPointer, 'apiVersion' | 'kind'>): string {
  const { cluster, key, sha256, count, startedAt, finishedAt } = pointer;
  const document: SnapshotPointer = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: POINTER_KIND,
    cluster: { account: cluster.account, region: cluster.region, name: cluster.name },
    key,
    sha256,
    count,
    startedAt,
    finishedAt,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export type ParsedPointer = { readonly ok: true; readonly pointer: SnapshotPointer } | { readonly ok: false; readonly errors: readonly string[] };

/** Reads a pointer; each problem names the field. `cluster` is whose pointer the key says it is. */
export function parsePointerJson(text: string, cluster: ClusterIdentity): ParsedPointer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${(error as Error).message}`] };
  }
  const parsed = pointerSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`) };
  }
  const named = parsed.data.cluster;
  if (named.account !== cluster.account || named.region !== cluster.region || named.name !== cluster.name) {
    return { ok: false, errors: [`cluster: names ${named.account}/${named.region}/${named.name}, but the pointer is stored under ${cluster.account}/${cluster.region}/${cluster.name}`] };
  }
  return { ok: true, pointer: parsed.data };
}
