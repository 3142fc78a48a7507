// A kubeconfig problem the user must fix: which file (when one is to blame) and what is wrong.

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
  /** The file at fault; undefined when the problem is the set of files (e.g. no context of that name in any). */
  readonly file: string | undefined;

  constructor(file: string | undefined, problem: string, options?: ErrorOptions) {
    super(file === undefined ? problem : `${file}: ${problem}`, options);
    this.file = file;
  }
}
