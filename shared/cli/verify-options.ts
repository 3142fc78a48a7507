// `psa-scan verify` arguments -> typed options (node:util parseArgs), or why they are not usable.
import type { StoreReference } from '../store/store-reference.ts';
import { parseCommandOptions, parseFormatOption, parseStoreOption, storeOptionRequired, usageError, type CommandArguments } from './command-options.ts';

const FORMATS = ['text', 'json'] as const;
export type VerifyFormat = (typeof FORMATS)[number];

export interface VerifyOptions {
  readonly store: StoreReference;
  /** Cluster names or ACCOUNT/REGION/NAME labels; empty: every cluster. */
  readonly clusters: readonly string[];
  readonly format: VerifyFormat;
}

export type VerifyArguments = CommandArguments<VerifyOptions>;

export function parseVerifyArguments(args: readonly string[]): VerifyArguments {
  const parsed = parseCommandOptions(args, {
    store: { type: 'string' },
    cluster: { type: 'string', multiple: true },
    format: { type: 'string' },
  });
  if (parsed.outcome !== 'run') return parsed;
  const values = parsed.options;
  if (values.store === undefined) return usageError(storeOptionRequired('--store'));
  const store = parseStoreOption('--store', values.store);
  if (!store.ok) return usageError(store.message);
  const format = parseFormatOption(values.format, FORMATS);
  if (!format.ok) return usageError(format.message);
  const clusters = values.cluster ?? [];
  if (clusters.some((c) => c === '')) return usageError('--cluster needs a value');
  return { outcome: 'run', options: { store: store.value, clusters, format: format.value } };
}
