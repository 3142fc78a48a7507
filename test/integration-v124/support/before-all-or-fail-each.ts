// vitest marks a file's tests "skipped" when its beforeAll throws (the file still fails). A missing
// or failed 1.24 build must fail the tests that needed it, visibly: this runs the set-up once and,
// if it threw, fails every test of the file with its error.

import { beforeAll, beforeEach } from 'vitest';

export function beforeAllOrFailEach(setup: () => Promise<void>): void {
  let failure: { readonly error: unknown } | undefined;
  beforeAll(async () => {
    try {
      await setup();
    } catch (error) {
      failure = { error };
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure.error;
  });
}
