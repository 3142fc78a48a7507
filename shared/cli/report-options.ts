// `psa-scan report` arguments -> typed options (node:util parseArgs), or why they are not usable.
import type { StoreReference } from '../store/store-reference.ts';
import { parseCommandOptions, parseCountOption, parseFormatOption, parseStoreOption, storeOptionRequired, usageError, type CommandArguments } from './command-options.ts';

const FORMATS = ['text', 'json'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export const DEFAULT_NIGHTS = 30;
/** A year and a day: the trend is drawn night by night, and one night is one store read per cluster. */
export const MAX_NIGHTS = 366;

export interface ReportOptions {
  readonly store: StoreReference;
  readonly out: StoreReference;
  readonly nights: number;
  readonly format: ReportFormat;
}

export type ReportArguments = CommandArguments<ReportOptions>;

export function parseReportArguments(args: readonly string[]): ReportArguments {
  const parsed = parseCommandOptions(args, {
    store: { type: 'string' },
    out: { type: 'string' },
    nights: { type: 'string' },
    format: { type: 'string' },
  });
  if (parsed.outcome !== 'run') return parsed;
  const values = parsed.options;
  if (values.store === undefined) return usageError(storeOptionRequired('--store'));
  if (values.out === undefined) return usageError(storeOptionRequired('--out'));
  const store = parseStoreOption('--store', values.store);
  if (!store.ok) return usageError(store.message);
  const out = parseStoreOption('--out', values.out);
  if (!out.ok) return usageError(out.message);
  const nights = parseCountOption('--nights', values.nights ?? String(DEFAULT_NIGHTS), MAX_NIGHTS);
  if (!nights.ok) return usageError(nights.message);
  const format = parseFormatOption(values.format, FORMATS);
  if (!format.ok) return usageError(format.message);
  return { outcome: 'run', options: { store: store.value, out: out.value, nights: nights.value, format: format.value } };
}
