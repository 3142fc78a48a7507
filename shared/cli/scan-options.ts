// `psa-scan scan` arguments -> typed options (node:util parseArgs: the kept parser that ships with
// Node), or the reason they are not usable.
import { emptyValueMessage, parseCommandOptions, parseCountOption, parseFormatOption, usageError, type CommandArguments } from './command-options.ts';

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

export type ScanArguments = CommandArguments<ScanOptions>;

const DEFAULT_CONCURRENCY = 16;
const MAX_CONCURRENCY = 256;

export function parseScanArguments(args: readonly string[]): ScanArguments {
  const parsed = parseCommandOptions(args, {
    context: { type: 'string', multiple: true },
    'all-contexts': { type: 'boolean' },
    kubeconfig: { type: 'string' },
    policy: { type: 'string' },
    out: { type: 'string' },
    store: { type: 'string' },
    notify: { type: 'string' },
    concurrency: { type: 'string' },
    format: { type: 'string' },
  });
  if (parsed.outcome !== 'run') return parsed;
  const values = parsed.options;

  const contexts = values.context ?? [];
  const allContexts = values['all-contexts'] === true;
  if (allContexts && contexts.length > 0) return usageError('--all-contexts and --context exclude each other');
  const format = parseFormatOption(values.format, FORMATS);
  if (!format.ok) return usageError(format.message);
  const concurrency = parseCountOption('--concurrency', values.concurrency ?? String(DEFAULT_CONCURRENCY), MAX_CONCURRENCY);
  if (!concurrency.ok) return usageError(concurrency.message);
  if (values.notify !== undefined && values.store === undefined) return usageError('--notify needs --store: alerts are what changed since the previous snapshot in the store');
  const empty = emptyValueMessage({ '--kubeconfig': values.kubeconfig, '--policy': values.policy, '--out': values.out, '--store': values.store });
  if (empty !== undefined) return usageError(empty);
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
      concurrency: concurrency.value,
      format: format.value,
    },
  };
}
