// `psa-scan check` arguments -> typed options, or the reason they are not usable.
import { parseLevel } from '../pss/level.ts';
import type { LevelVersion } from '../pss/level-version.ts';
import { LATEST, parseVersion } from '../pss/version.ts';
import { DEFAULT_MAX_DOCUMENT_BYTES, parseDocumentSize } from '../manifest/document-size-limit.ts';

const FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** The argument `-`: read standard input. */
export const STDIN_ARGUMENT = '-';

export interface CheckOptions {
  readonly levelVersion: LevelVersion;
  readonly format: OutputFormat;
  /** File paths and `-`, in the order given. */
  readonly inputs: readonly string[];
  /** `--max-document-bytes`: a larger document is bad input (exit 2), not a memory crash. */
  readonly maxDocumentBytes: number;
  /** `--allow-empty`: an input with no Kubernetes object passes; otherwise it is bad input. */
  readonly allowEmpty: boolean;
}

export type CheckArguments =
  | { readonly outcome: 'run'; readonly options: CheckOptions }
  | { readonly outcome: 'help' }
  | { readonly outcome: 'usage-error'; readonly message: string };

const VALUE_OPTIONS = ['--level', '--version', '--format', '--max-document-bytes'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

const HELP_FLAGS: readonly string[] = ['-h', '--help'];

export function parseCheckArguments(args: readonly string[]): CheckArguments {
  // Help wins over every other argument, bad ones included, wherever it is before `--`.
  const optionArgs = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (optionArgs.some((arg) => HELP_FLAGS.includes(arg))) return { outcome: 'help' };

  const values: Partial<Record<ValueOption, string>> = {};
  const inputs: string[] = [];
  let allowEmpty = false;
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (optionsEnded || arg === STDIN_ARGUMENT || !arg.startsWith('-')) {
      inputs.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--allow-empty') {
      allowEmpty = true;
    } else {
      const [name, inlineValue] = splitInlineValue(arg);
      if (!isValueOption(name)) return usageError(`unknown option ${name}`);
      const value = inlineValue ?? args[++i];
      // `--level --format json` is a forgotten value, not the level "--format". A value given
      // with = is taken as written (`--level=--x` is then an invalid level).
      if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) {
        return usageError(`${name} needs a value`);
      }
      // Repeating an option is allowed and the last one wins, as with kubectl, so wrappers can append.
      values[name] = value;
    }
  }

  const level = parseLevel(values['--level'] ?? 'restricted');
  if (!level.ok) return usageError(invalidValue('--level', values['--level'], level.message));
  const version = values['--version'] === undefined ? { ok: true as const, version: LATEST } : parseVersion(values['--version']);
  if (!version.ok) return usageError(invalidValue('--version', values['--version'], version.message));
  const format = values['--format'] ?? 'text';
  if (!isFormat(format)) return usageError(invalidValue('--format', format, `must be one of ${FORMATS.join(', ')}`));

  const maxDocumentBytes =
    values['--max-document-bytes'] === undefined
      ? { ok: true as const, bytes: DEFAULT_MAX_DOCUMENT_BYTES }
      : parseDocumentSize(values['--max-document-bytes']);
  if (!maxDocumentBytes.ok) {
    return usageError(invalidValue('--max-document-bytes', values['--max-document-bytes'], maxDocumentBytes.message));
  }

  if (inputs.length === 0) return usageError(`no FILE given (use ${STDIN_ARGUMENT} to read standard input)`);
  if (inputs.filter((input) => input === STDIN_ARGUMENT).length > 1) {
    return usageError(`${STDIN_ARGUMENT} (standard input) can be given only once`);
  }
  return {
    outcome: 'run',
    options: {
      levelVersion: { level: level.level, version: version.version },
      format,
      inputs,
      maxDocumentBytes: maxDocumentBytes.bytes,
      allowEmpty,
    },
  };
}

function splitInlineValue(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

function isValueOption(name: string): name is ValueOption {
  return (VALUE_OPTIONS as readonly string[]).includes(name);
}

function isFormat(value: string): value is OutputFormat {
  return (FORMATS as readonly string[]).includes(value);
}

/** The apiserver's field error for a bad label (`<field>: Invalid value: "x": <why>`), the flag as field. */
function invalidValue(flag: string, value: string | undefined, why: string): string {
  return `${flag}: Invalid value: ${JSON.stringify(value ?? '')}: ${why}`;
}

function usageError(message: string): CheckArguments {
  return { outcome: 'usage-error', message };
}
