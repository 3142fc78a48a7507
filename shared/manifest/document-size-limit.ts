// The largest manifest document psa-scan reads: `--max-document-bytes`. A document is decoded
// whole (a YAML document between `---` lines, or one top-level JSON value such as a List), so
// this bounds the memory one document takes; the stream around it is never held whole.

const UNITS: Readonly<Record<string, number>> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/** 64 MiB: far above any object the apiserver stores (etcd takes 1.5 MiB), room for a large List. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 64 * 1024 ** 2;

/** V8's longest string is 2^29 - 24 characters; a document is held as one string. */
export const LARGEST_MAX_DOCUMENT_BYTES = 500 * 1024 ** 2;

export type ParsedSize = { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly message: string };

/** `1048576`, `512Ki`, `64Mi`, `1Gi` (Kubernetes quantity suffixes, powers of 1024). */
export function parseDocumentSize(text: string): ParsedSize {
  const match = /^([0-9]+)(Ki|Mi|Gi)?$/.exec(text);
  if (match === null) return { ok: false, message: 'must be a number of bytes, optionally with Ki, Mi or Gi (e.g. 64Mi)' };
  const bytes = Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1);
  if (bytes < 1 || bytes > LARGEST_MAX_DOCUMENT_BYTES) return { ok: false, message: 'must be between 1 and 500Mi' };
  return { ok: true, bytes };
}

/** `64Mi (--max-document-bytes)`: how a message names the limit. */
export function describeDocumentLimit(bytes: number): string {
  const unit = ['Gi', 'Mi', 'Ki'].find((suffix) => bytes % (UNITS[suffix] ?? 1) === 0);
  const size = unit === undefined ? `${bytes} bytes` : `${bytes / (UNITS[unit] ?? 1)}${unit}`;
  return `the limit of ${size} (--max-document-bytes)`;
}
