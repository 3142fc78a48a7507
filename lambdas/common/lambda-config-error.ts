// A Lambda's environment refused at cold start: one line per problem, each naming the variable
// (`SCAN_CONCURRENCY: must be an integer from 1 to 256 (got "lots")`). Thrown while the handler
// module loads, so the function fails its init with every problem in its log, before any event.

export class LambdaConfigError extends Error {
  override readonly name = 'LambdaConfigError';
  /** `VARIABLE: what is wrong`, in the order found. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`the function's environment is not usable:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.problems = problems;
  }
}
