// `--store DIR|s3://bucket/prefix`: the one parser for where a store is. A folder is any path (or a
// file:// URL); any other URL scheme is refused rather than taken for a folder named `x:`.
import { fileURLToPath } from 'node:url';

export type StoreReference =
  | { readonly kind: 's3'; readonly bucket: string; /** `''` or ending in `/` */ readonly prefix: string }
  | { readonly kind: 'folder'; readonly path: string };

export type ParsedStoreReference = { readonly ok: true; readonly reference: StoreReference } | { readonly ok: false; readonly message: string };

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (general purpose buckets)
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

export function parseStoreReference(text: string): ParsedStoreReference {
  if (text === '') return { ok: false, message: 'empty store reference: give a folder or s3://bucket/prefix' };
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { ok: true, reference: { kind: 'folder', path: text } };
  if (scheme === 'file') {
    try {
      return { ok: true, reference: { kind: 'folder', path: fileURLToPath(text) } };
    } catch (error) {
      return { ok: false, message: `${text}: not a file URL: ${(error as Error).message}` };
    }
  }
  if (scheme !== 's3') return { ok: false, message: `${text}: unsupported scheme ${scheme}://: give a folder or s3://bucket/prefix` };
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  let prefix = slash === -1 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket) || bucket.includes('..') || IP_ADDRESS.test(bucket)) {
    return { ok: false, message: `${text}: ${JSON.stringify(bucket)} is not an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)` };
  }
  if (prefix.startsWith('/') || prefix.includes('//')) return { ok: false, message: `${text}: the prefix has an empty path segment` };
  if (prefix !== '' && !prefix.endsWith('/')) prefix = `${prefix}/`;
  return { ok: true, reference: { kind: 's3', bucket, prefix } };
}

export function describeStoreReference(reference: StoreReference): string {
  return reference.kind === 's3' ? `s3://${reference.bucket}/${reference.prefix}` : reference.path;
}
