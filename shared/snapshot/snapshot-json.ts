// A snapshot as bytes: validated against the schema, keys in schema order, two-space JSON with a
// final newline. The bytes are what the hash chain covers, so one function writes them.
import { clusterSnapshotSchema, type ClusterSnapshot } from './snapshot-schema.ts';

export function snapshotJson(snapshot: ClusterSnapshot): string {
  return `${JSON.stringify(clusterSnapshotSchema.parse(snapshot), null, 2)}\n`;
}

export type ParsedSnapshot = { readonly ok: true; readonly snapshot: ClusterSnapshot } | { readonly ok: false; readonly errors: readonly string[] };

/** Reads a stored snapshot; every problem names the path inside the document. */
export function parseSnapshotJson(text: string, source: string): ParsedSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${source}: not JSON: ${(error as Error).message}`] };
  }
  const parsed = clusterSnapshotSchema.safeParse(value);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => `${source}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
  };
}
