// Splits the text of a manifest file into its documents, the way kubectl reads `-f`: a YAML
// stream separated by `---` (JSON is one YAML document).
import { parseAllDocuments } from 'yaml';

export type ParsedDocument =
  | { readonly index: number; readonly ok: true; readonly value: unknown }
  | { readonly index: number; readonly ok: false; readonly message: string };

/**
 * One entry per document in the stream, empty ones included (their value is null), so an
 * index is the document's position in the file, counting from 0.
 */
export function parseManifestText(text: string): ParsedDocument[] {
  // YAML 1.1 because Kubernetes decodes with go-yaml v2 (sigs.k8s.io/yaml): `privileged: yes`
  // is true to the apiserver, and must be true here too or the check would miss it.
  const documents = parseAllDocuments(text.replace(/^\uFEFF/, ''), { version: '1.1' });
  // parseAllDocuments returns an empty-stream marker, not an array, for a text with no document.
  if (!Array.isArray(documents)) return [];
  return documents.map((document, index): ParsedDocument => {
    const error = document.errors[0];
    if (error !== undefined) {
      const at = error.linePos?.[0];
      const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
      return { index, ok: false, message: `YAML syntax error${where}: ${firstLineWithoutPosition(error.message)}` };
    }
    try {
      return { index, ok: true, value: document.toJS({ maxAliasCount: 100 }) };
    } catch (cause) {
      // An alias to an undefined anchor, or an alias bomb, fails only when the value is built.
      return { index, ok: false, message: `YAML error: ${cause instanceof Error ? cause.message : String(cause)}` };
    }
  });
}

/** The yaml package appends ` at line L, column C:` and a code frame; we print our own position. */
function firstLineWithoutPosition(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}
