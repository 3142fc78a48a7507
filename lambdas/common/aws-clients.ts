// The AWS SDK clients of the functions, made once per cold start. Endpoints are the SDK's own
// business: it reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (moto in local runs; unset in
// Lambda). Credentials are the SDK's default chain (in Lambda, the execution role's variables).
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { cachedCredentials } from '../../shared/fleet/cached-credentials.ts';
import type { AwsCredentialsProvider } from '../../shared/kube/eks-token.ts';
import type { Environment } from './environment-variables.ts';

/**
 * A custom S3 endpoint (moto, MinIO) serves buckets by path: `bucket.127.0.0.1` has no DNS. Real S3
 * keeps virtual-hosted addressing.
 */
export function s3UsesPathStyle(environment: Environment): boolean {
  return [environment['AWS_ENDPOINT_URL_S3'], environment['AWS_ENDPOINT_URL']].some((v) => v !== undefined && v !== '');
}

export function createS3(environment: Environment): S3Client {
  return new S3Client({
    forcePathStyle: s3UsesPathStyle(environment),
    // A store that stops answering must fail the item (and be retried), not hold it until the
    // function times out; the SDK only warns about a slow request unless told to throw.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000, throwOnRequestTimeout: true },
  });
}

/**
 * SNS in the topic's region. The drift alerts' notifier retries on its own (sns-notifier.ts), so
 * its client makes one attempt per call (maxAttempts 1); others keep the SDK's retries.
 */
export function createSns(region: string, maxAttempts: number): SNSClient {
  return new SNSClient({ region, maxAttempts });
}

export function createSqs(): SQSClient {
  return new SQSClient({});
}

/** The function's own credentials, resolved once and reused until shortly before they expire. */
export function ownCredentials(): AwsCredentialsProvider {
  return cachedCredentials(fromNodeProviderChain());
}
