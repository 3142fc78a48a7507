// `psa-scan verify` arguments -> typed options (node:util parseArgs), or why they are not usable.
import { parseArgs } from 'node:util';
import { parseStoreReference, type StoreReference } from '../store/store-reference.ts';

const FORMATS = ['text', 'json'] as const;
export type VerifyFormat = (typeof FORMATS)[number];

export interface VerifyOptions {
  readonly store: StoreReference;
  /** Cluster names or ACCOUNT/REGION/NAME labels; empty: every cluster. */
  readonly clusters: readonly string[];
  readonly format: VerifyFormat;
}

export type VerifyArguments =
  | { readonly outcome: 'run'; readonly options: VerifyOptions }
  | { readonly outcome: 'help' }
  | { readonly outcome: 'usage-error'; readonly message: string };

export function parseVerifyArguments(args: readonly string[]): VerifyArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        store: { type: 'string' },
        cluster: { type: 'string', multiple: true },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { outcome: 'usage-error', message: (error as Error).message };
  }
  const values = parsed.values;
  if (values.help === true) return { outcome: 'help' };
  if (values.store === undefined) return { outcome: 'usage-error', message: '--store is required: a folder or s3://BUCKET/PREFIX' };
  const store = parseStoreReference(values.store);
  if (!store.ok) return { outcome: 'usage-error', message: `--store: ${store.message}` };
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { outcome: 'usage-error', message: `--format: Invalid value: ${JSON.stringify(format)}: must be one of ${FORMATS.join(', ')}` };
  }
  const clusters = values.cluster ?? [];
  if (clusters.some((c) => c === '')) return { outcome: 'usage-error', message: '--cluster needs a value' };
  return { outcome: 'run', options: { store: store.reference, clusters, format: format as VerifyFormat } };
}
