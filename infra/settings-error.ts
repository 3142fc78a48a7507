// A stack's settings that cannot be used: every problem at once, each as `FIELD: why`, so a synth
// fails with what to fix instead of a deployment failing halfway.
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  /** One line per problem: `FIELD: what is wrong`. */
  readonly problems: readonly string[];

  /** `what`: whose settings, e.g. `the scanner stack`. */
  constructor(what: string, problems: readonly string[]) {
    super(`${what}: settings not usable:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** `accounts[0].regions` from a zod issue path. */
export function fieldName(path: readonly PropertyKey[]): string {
  const text = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return text.startsWith('.') ? text.slice(1) : text || '(settings)';
}
