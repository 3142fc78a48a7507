// `psa-scan whatif` arguments -> typed options (node:util parseArgs), or the reason they are not usable.
import { parseArgs } from 'node:util';
import type { Version } from '../pss/version.ts';
import { parseStoreReference, type StoreReference } from '../store/store-reference.ts';
import { parseTargetVersion } from '../whatif/target-version.ts';

const FORMATS = ['text', 'json'] as const;
export type WhatIfFormat = (typeof FORMATS)[number];

export interface WhatIfCliOptions {
  /** undefined: the kubeconfig's current context. */
  readonly context: string | undefined;
  readonly kubeconfig: string | undefined;
  readonly upgradeTo: Version;
  readonly policyFile: string | undefined;
  readonly store: StoreReference | undefined;
  readonly format: WhatIfFormat;
}

export type WhatIfArguments =
  | { readonly outcome: 'run'; readonly options: WhatIfCliOptions }
  | { readonly outcome: 'help' }
  | { readonly outcome: 'usage-error'; readonly message: string };

export function parseWhatIfArguments(args: readonly string[]): WhatIfArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        context: { type: 'string' },
        kubeconfig: { type: 'string' },
        'to-version': { type: 'string' },
        policy: { type: 'string' },
        store: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs' messages name the option (`Unknown option '--x'`, `Option '--store <value>' argument missing`).
    return usageError((error as Error).message);
  }
  const values = parsed.values;
  if (values.help === true) return { outcome: 'help' };
  for (const [flag, value] of [['--context', values.context], ['--kubeconfig', values.kubeconfig], ['--policy', values.policy], ['--store', values.store]] as const) {
    if (value === '') return usageError(`${flag} needs a value`);
  }
  if (values['to-version'] === undefined) return usageError('--to-version is required: the Kubernetes version of the upgrade, e.g. --to-version v1.37');
  const target = parseTargetVersion(values['to-version'], '--to-version');
  if (!target.ok) return usageError(target.message);
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return usageError(`--format: Invalid value: ${JSON.stringify(format)}: must be one of ${FORMATS.join(', ')}`);
  let store: StoreReference | undefined;
  if (values.store !== undefined) {
    const reference = parseStoreReference(values.store);
    if (!reference.ok) return usageError(`--store: ${reference.message}`);
    store = reference.reference;
  }
  return {
    outcome: 'run',
    options: {
      context: values.context,
      kubeconfig: values.kubeconfig,
      upgradeTo: target.version,
      policyFile: values.policy,
      store,
      format: format as WhatIfFormat,
    },
  };
}

function usageError(message: string): WhatIfArguments {
  return { outcome: 'usage-error', message };
}
