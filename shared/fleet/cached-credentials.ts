// Temporary credentials fetched once and reused until shortly before they expire. The AWS SDK
// clients cache what a provider returns, but the EKS token sources call the provider on every
// mint; without this each token renewal of each cluster would be one more sts:AssumeRole.

import type { AwsCredentials, AwsCredentialsProvider } from '../kube/eks-token.ts';

/** Refresh this long before expiry (the AWS SDK's own margin). */
const REFRESH_BEFORE_MS = 5 * 60_000;

export function cachedCredentials(provider: AwsCredentialsProvider, now: () => number = Date.now): AwsCredentialsProvider {
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  const fresh = (c: AwsCredentials): boolean => c.expiration === undefined || now() < c.expiration.getTime() - REFRESH_BEFORE_MS;
  return async () => {
    if (cached !== undefined && fresh(cached)) return cached;
    pending ??= provider()
      .then((c) => (cached = c))
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
