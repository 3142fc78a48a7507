// What the parseArgs-based commands (scan, whatif, report, verify, history) share when they turn
// arguments into typed options: one parseArgs setup, and one wording for each kind of bad value.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { parseStoreReference, type StoreReference } from '../store/store-reference.ts';

/** A command's parsed arguments: options to run with, a request for help, or why they are not usable. */
export type CommandArguments<Options> =
  | { readonly outcome: 'run'; readonly options: Options }
  | { readonly outcome: 'help' }
  | { readonly outcome: 'usage-error'; readonly message: string };

/** One option's value, or the usage error that names the option. */
export type OptionValue<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function usageError(message: string): { readonly outcome: 'usage-error'; readonly message: string } {
  return { outcome: 'usage-error', message };
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Strict parsing, no positionals: an unknown option or a stray argument is a usage error. Every
 * command also takes `-h`/`--help`, which wins over the other options once they parse.
 */
export function parseCommandOptions<const O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  try {
    const { values } = parseArgs({ args: [...args], strict: true, allowPositionals: false, options: { ...options, ...HELP_OPTION } });
    // Inside this generic function the values' type is not resolved yet (it is at each call site).
    if ((values as { readonly help?: boolean }).help === true) return { outcome: 'help' } as const;
    return { outcome: 'run', options: values } as const;
  } catch (error) {
    // parseArgs' messages name the option (`Unknown option '--x'`, `Option '--store <value>' argument missing`).
    return usageError((error as Error).message);
  }
}

/** The apiserver's field error for a bad label (`<field>: Invalid value: "x": <why>`), the flag as field. */
export function invalidValue(flag: string, value: string, why: string): string {
  return `${flag}: Invalid value: ${JSON.stringify(value)}: ${why}`;
}

/** `--format`: one of `formats`; absent, the first of them. */
export function parseFormatOption<const F extends string>(value: string | undefined, formats: readonly F[]): OptionValue<F> {
  const format = value ?? (formats[0] as F);
  if (!(formats as readonly string[]).includes(format)) return { ok: false, message: invalidValue('--format', format, `must be one of ${formats.join(', ')}`) };
  return { ok: true, value: format as F };
}

/** A whole number from 1 (to `max`, when given), written in digits only. */
export function parseCountOption(flag: string, text: string, max?: number): OptionValue<number> {
  const count = Number(text);
  if (/^[0-9]+$/.test(text) && count >= 1 && (max === undefined || count <= max)) return { ok: true, value: count };
  const range = max === undefined ? 'of at least 1' : `from 1 to ${max}`;
  return { ok: false, message: invalidValue(flag, text, `must be a whole number ${range}`) };
}

export function storeOptionRequired(flag: string): string {
  return `${flag} is required: a folder or s3://BUCKET/PREFIX`;
}

/** A store option (`--store`, report's `--out`): a folder or s3://bucket/prefix. */
export function parseStoreOption(flag: string, text: string): OptionValue<StoreReference> {
  const parsed = parseStoreReference(text);
  return parsed.ok ? { ok: true, value: parsed.reference } : { ok: false, message: `${flag}: ${parsed.message}` };
}

/**
 * `--flag=` gives parseArgs an empty string, which would otherwise pass as a path or a name.
 * The message for the first flag (in the record's order) given empty, or undefined.
 */
export function emptyValueMessage(valuesByFlag: Readonly<Record<string, string | undefined>>): string | undefined {
  const empty = Object.entries(valuesByFlag).find(([, value]) => value === '');
  return empty === undefined ? undefined : `${empty[0]} needs a value`;
}
