// `psa-scan report` arguments -> typed options (node:util parseArgs), or why they are not usable.
import { parseArgs } from 'node:util';
import { parseStoreReference, type StoreReference } from '../store/store-reference.ts';

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

export type ReportArguments =
  | { readonly outcome: 'run'; readonly options: ReportOptions }
  | { readonly outcome: 'help' }
  | { readonly outcome: 'usage-error'; readonly message: string };

export function parseReportArguments(args: readonly string[]): ReportArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        store: { type: 'string' },
        out: { type: 'string' },
        nights: { type: 'string' },
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
  if (values.out === undefined) return { outcome: 'usage-error', message: '--out is required: a folder or s3://BUCKET/PREFIX' };
  const store = parseStoreReference(values.store);
  if (!store.ok) return { outcome: 'usage-error', message: `--store: ${store.message}` };
  const out = parseStoreReference(values.out);
  if (!out.ok) return { outcome: 'usage-error', message: `--out: ${out.message}` };
  const nightsText = values.nights ?? String(DEFAULT_NIGHTS);
  const nights = Number(nightsText);
  if (!/^[0-9]+$/.test(nightsText) || nights < 1 || nights > MAX_NIGHTS) {
    return { outcome: 'usage-error', message: `--nights: Invalid value: ${JSON.stringify(nightsText)}: must be a whole number from 1 to ${MAX_NIGHTS}` };
  }
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { outcome: 'usage-error', message: `--format: Invalid value: ${JSON.stringify(format)}: must be one of ${FORMATS.join(', ')}` };
  }
  return { outcome: 'run', options: { store: store.reference, out: out.reference, nights, format: format as ReportFormat } };
}
