// `psa-scan whatif` arguments -> typed options (node:util parseArgs), or the reason they are not usable.
import type { Version } from '../pss/version.ts';
import type { StoreReference } from '../store/store-reference.ts';
import { parseTargetVersion } from '../whatif/target-version.ts';
import { emptyValueMessage, parseCommandOptions, parseFormatOption, parseStoreOption, usageError, type CommandArguments } from './command-options.ts';

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

export type WhatIfArguments = CommandArguments<WhatIfCliOptions>;

export function parseWhatIfArguments(args: readonly string[]): WhatIfArguments {
  const parsed = parseCommandOptions(args, {
    context: { type: 'string' },
    kubeconfig: { type: 'string' },
    'to-version': { type: 'string' },
    policy: { type: 'string' },
    store: { type: 'string' },
    format: { type: 'string' },
  });
  if (parsed.outcome !== 'run') return parsed;
  const values = parsed.options;
  const empty = emptyValueMessage({ '--context': values.context, '--kubeconfig': values.kubeconfig, '--policy': values.policy, '--store': values.store });
  if (empty !== undefined) return usageError(empty);
  if (values['to-version'] === undefined) return usageError('--to-version is required: the Kubernetes version of the upgrade, e.g. --to-version v1.37');
  const target = parseTargetVersion(values['to-version'], '--to-version');
  if (!target.ok) return usageError(target.message);
  const format = parseFormatOption(values.format, FORMATS);
  if (!format.ok) return usageError(format.message);
  let store: StoreReference | undefined;
  if (values.store !== undefined) {
    const reference = parseStoreOption('--store', values.store);
    if (!reference.ok) return usageError(reference.message);
    store = reference.value;
  }
  return {
    outcome: 'run',
    options: {
      context: values.context,
      kubeconfig: values.kubeconfig,
      upgradeTo: target.version,
      policyFile: values.policy,
      store,
      format: format.value,
    },
  };
}
