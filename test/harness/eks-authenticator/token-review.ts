// One TokenReview, decided as an EKS cluster's authenticator decides it: the token's format
// (presigned-sts-token.ts), then the signature STS would check, computed with the cluster's own name
// as x-k8s-aws-id (a token minted for another cluster, or altered, fails here), then who signed it,
// mapped to a Kubernetes user and groups as an EKS access entry maps an IAM principal.

import { parsePresignedStsToken } from './presigned-sts-token.ts';
import { motoCallerIdentity, motoIssuedCredentials } from './moto-issued-credentials.ts';
import { signatureMatches } from './sigv4-presigned-signature.ts';

/** An IAM principal (role or user ARN, as IAM names it) and the Kubernetes identity it gets. */
export interface IdentityMapping {
  readonly arn: string;
  readonly username: string;
  readonly groups: readonly string[];
}

export interface TokenReviewConfig {
  /** The name this cluster expects in x-k8s-aws-id. */
  readonly clusterName: string;
  /** Where tokens must point (here moto's endpoint, which stands in for the regional STS). */
  readonly stsEndpoint: string;
  readonly motoEndpoint: string;
  readonly mappings: readonly IdentityMapping[];
}

export type TokenReviewDecision =
  | {
      readonly authenticated: true;
      readonly user: { readonly username: string; readonly uid: string; readonly groups: readonly string[]; readonly extra: Record<string, string[]> };
      readonly arn: string;
    }
  | { readonly authenticated: false; readonly reason: string };

/**
 * `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` -> `arn:aws:iam::ACCOUNT:role/ROLE` (what access
 * entries and aws-auth name); other ARNs unchanged.
 */
export function canonicalPrincipalArn(arn: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m === null ? arn : `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
}

export async function reviewToken(token: string, config: TokenReviewConfig, now: Date): Promise<TokenReviewDecision> {
  const parsed = parsePresignedStsToken(token, { stsEndpoint: config.stsEndpoint, now });
  if ('refused' in parsed) return { authenticated: false, reason: parsed.refused };
  const { url, accessKeyId } = parsed.token;
  const credentials = await motoIssuedCredentials(config.motoEndpoint, accessKeyId);
  if (credentials === undefined) return { authenticated: false, reason: `access key ${accessKeyId} was not issued by STS` };
  if (url.searchParams.get('X-Amz-Security-Token') !== credentials.sessionToken) {
    return { authenticated: false, reason: 'X-Amz-Security-Token is not the session token of the access key' };
  }
  const headers = { host: url.host, 'x-k8s-aws-id': config.clusterName };
  if (!signatureMatches({ url, headers, secretAccessKey: credentials.secretAccessKey })) {
    return { authenticated: false, reason: `signature does not match (signed for another cluster than ${config.clusterName}, or altered)` };
  }
  const region = (url.searchParams.get('X-Amz-Credential') ?? '').split('/')[2] ?? 'us-east-1';
  const identity = await motoCallerIdentity(config.motoEndpoint, region, credentials);
  const principal = canonicalPrincipalArn(identity.arn);
  const mapping = config.mappings.find((m) => m.arn === principal);
  if (mapping === undefined) return { authenticated: false, reason: `${principal} has no access entry` };
  return {
    authenticated: true,
    arn: identity.arn,
    user: {
      username: mapping.username,
      uid: `aws-iam-authenticator:${identity.account}:${identity.userId.split(':')[0] ?? identity.userId}`,
      groups: mapping.groups,
      extra: { arn: [identity.arn], canonicalArn: [principal], accessKeyId: [accessKeyId] },
    },
  };
}
