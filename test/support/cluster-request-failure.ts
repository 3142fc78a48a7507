// The ClusterRequestError a reader's call ends with, for a test to look into; the test fails if the
// call succeeds or fails with anything else.
import { expect } from 'vitest';
import { ClusterRequestError } from '../../shared/scan/cluster-reader.ts';

export async function clusterRequestFailure(promise: Promise<unknown>): Promise<ClusterRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClusterRequestError);
  return error as ClusterRequestError;
}
