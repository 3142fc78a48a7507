// The bearer token an EKS cluster accepts: `k8s-aws-v1.` + base64url (no padding) of an STS
// GetCallerIdentity URL presigned with SigV4 whose signed headers include `x-k8s-aws-id: <cluster>`.
// The cluster's authenticator replays the URL against STS with that header set to its own name, so
// a token minted for another cluster fails STS's signature check. Format and limits as
// aws-iam-authenticator's pkg/token/token.go states them (GetWithSTS, Verify).

import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/**
 * STS honours a presigned GetCallerIdentity for 15 minutes after X-Amz-Date whatever X-Amz-Expires
 * says; the authenticator checks the same window.
 */
export const EKS_TOKEN_LIFETIME_MS = 15 * 60_000;
/** Ignored by STS; old authenticators (0.3.0 and earlier) insist on a value from 0 to 60. */
const PRESIGN_EXPIRES_SECONDS = 60;

/** AWS credentials, structurally what the AWS SDK's providers return. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working. */
  readonly expiration?: Date;
}

export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** The regional STS endpoint, which is what EKS authenticators accept as a token's host. */
export function regionalStsEndpoint(region: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://sts.${region}.${domain}`;
}

export interface EksTokenRequest {
  readonly clusterName: string;
  /** The signing region: the region of the STS endpoint. */
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** e.g. `https://sts.eu-west-1.amazonaws.com`; a test points it at moto. */
  readonly stsEndpoint: string;
  /** X-Amz-Date; the token is valid for EKS_TOKEN_LIFETIME_MS from here. */
  readonly signingDate: Date;
}

/** Presigns GetCallerIdentity for the cluster and wraps the URL as an EKS bearer token. */
export async function presignEksToken(request: EksTokenRequest): Promise<string> {
  const url = new URL(request.stsEndpoint);
  const signer = new SignatureV4({
    service: 'sts',
    region: request.region,
    credentials: request.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const unsigned = new HttpRequest({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    // Headers that are not x-amz-* stay headers and are signed; host is always signed.
    headers: { host: url.host, [CLUSTER_ID_HEADER]: request.clusterName },
  });
  const presigned = await signer.presign(unsigned, { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: request.signingDate });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(presigned.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== null) query.append(key, v);
  }
  const presignedUrl = `${url.protocol}//${url.host}${presigned.path}?${query.toString()}`;
  return `${EKS_TOKEN_PREFIX}${Buffer.from(presignedUrl, 'utf8').toString('base64url')}`;
}
