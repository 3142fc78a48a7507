// The JSON Schema of the ClusterSnapshot document, generated from the zod schema, for readers that
// are not this scanner (an auditor's tooling, Athena, a pipeline). `npm run schemas` writes it to
// snapshot.schema.json; a test fails when the committed file differs from this.
import { z } from 'zod';
import { clusterSnapshotSchema } from './snapshot-schema.ts';

export const SNAPSHOT_SCHEMA_FILE_NAME = 'snapshot.schema.json';

export function snapshotJsonSchema(): Record<string, unknown> {
  // `io: 'output'`: the document as the scanner writes it (draft 2020-12, zod's default).
  return z.toJSONSchema(clusterSnapshotSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'throw' });
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function snapshotJsonSchemaText(): string {
  return `${JSON.stringify(snapshotJsonSchema(), null, 2)}\n`;
}
