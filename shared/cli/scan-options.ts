// `psa-scan scan` arguments -> typed options (node:util parseArgs: the kept parser that ships with
// Node), or the reason they are not usable.
import { parseArgs } from 'node:util';

const FORMATS = ['text', 'json'] as const;
export type ScanFormat = (typeof FORMATS)[number];

export interface ScanOptions {
  /** Contexts to scan; empty with allContexts false: the current context. */
  readonly contexts: readonly string[];
  readonly allContexts: boolean;
  readonly kubeconfig: string | undefined;
  readonly policyFile: string | undefined;
  /** Folder for one snapshot file per cluster; undefined: none written. */
  readonly outDir: string | undefined;
  /** Store reference (folder or s3://bucket/prefix): chain, diff and notify. */
  readonly store: string | undefined;
  /** `console`, `file:DIR` or `sns:TOPIC_ARN`; only with a store (drift needs the previous snapshot). */
  readonly notify: string | undefined;
  /** Requests in flight per cluster (and namespaces swept at once). */
  readonly concurrency: number;
  readonly format: ScanFormat;
}

export type ScanArguments =
  | { readonly outcome: 'run'; readonly options: ScanOptions }
  | { readonly outcome: 'help' }
  | { readonly outcome: 'usage-error'; readonly message: string };

const DEFAULT_CONCURRENCY = 16;
const MAX_CONCURRENCY = 256;

export function parseScanArguments(args: readonly string[]): ScanArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        context: { type: 'string', multiple: true },
        'all-contexts': { type: 'boolean' },
        kubeconfig: { type: 'string' },
        policy: { type: 'string' },
        out: { type: 'string' },
        store: { type: 'string' },
        notify: { type: 'string' },
        concurrency: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs' messages name the option (`Unknown option '--x'`, `Option '--out <value>' argument missing`).
    return usageError((error as Error).message);
  }
  const values = parsed.values;
  if (values.help === true) return { outcome: 'help' };

  const contexts = values.context ?? [];
  const allContexts = values['all-contexts'] === true;
  if (allContexts && contexts.length > 0) return usageError('--all-contexts and --context exclude each other');
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return usageError(`--format: Invalid value: ${JSON.stringify(format)}: must be one of ${FORMATS.join(', ')}`);
  const concurrencyText = values.concurrency ?? String(DEFAULT_CONCURRENCY);
  const concurrency = Number(concurrencyText);
  if (!/^[0-9]+$/.test(concurrencyText) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    return usageError(`--concurrency: Invalid value: ${JSON.stringify(concurrencyText)}: must be a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  if (values.notify !== undefined && values.store === undefined) return usageError('--notify needs --store: alerts are what changed since the previous snapshot in the store');
  for (const [flag, value] of [['--kubeconfig', values.kubeconfig], ['--policy', values.policy], ['--out', values.out], ['--store', values.store]] as const) {
    if (value === '') return usageError(`${flag} needs a value`);
  }
  return {
    outcome: 'run',
    options: {
      contexts,
      allContexts,
      kubeconfig: values.kubeconfig,
      policyFile: values.policy,
      outDir: values.out,
      store: values.store,
      notify: values.notify,
      concurrency,
      format: format as ScanFormat,
    },
  };
}

function usageError(message: string): ScanArguments {
  return { outcome: 'usage-error', message };
}
