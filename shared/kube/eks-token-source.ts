// A BearerTokenSource for one EKS cluster: mints a token, hands out the same one, and mints a new
// one well before the cluster would refuse it (15 minutes after signing) or the credentials that
// signed it expire. Concurrent callers share one mint.

import type { BearerTokenSource } from './cluster-endpoint.ts';
import {
  EKS_TOKEN_LIFETIME_MS,
  presignEksToken,
  regionalStsEndpoint,
  type AwsCredentialsProvider,
} from './eks-token.ts';

/**
 * Renew after 10 of the 15 minutes: a request that starts with the token still has 5 minutes, far
 * more than clock skew and a slow dry-run sweep need.
 */
export const DEFAULT_RENEW_AFTER_MS = 10 * 60_000;
/** Temporary credentials must outlive the token by this much, else the token is renewed sooner. */
const CREDENTIALS_MARGIN_MS = 60_000;

export class EksTokenError extends Error {
  override readonly name = 'EksTokenError';
  readonly clusterName: string;

  constructor(clusterName: string, message: string, options: ErrorOptions) {
    super(message, options);
    this.clusterName = clusterName;
  }
}

export interface EksTokenSourceOptions {
  readonly clusterName: string;
  readonly region: string;
  /** Called for every mint; pass a provider that caches (the AWS SDK's do once given to a client). */
  readonly credentials: AwsCredentialsProvider;
  /** Default: the region's STS endpoint. */
  readonly stsEndpoint?: string;
  /** Default: DEFAULT_RENEW_AFTER_MS; must be below the 15-minute lifetime. */
  readonly renewAfterMs?: number;
  /** The clock (tests inject one); also the token's signing time. */
  readonly now?: () => Date;
}

interface CachedToken {
  readonly token: string;
  /** Epoch ms from which token() mints a new one. */
  readonly renewAt: number;
}

export class EksTokenSource implements BearerTokenSource {
  readonly #options: EksTokenSourceOptions;
  readonly #renewAfterMs: number;
  readonly #now: () => Date;
  #cached: CachedToken | undefined;
  #minting: Promise<CachedToken> | undefined;

  constructor(options: EksTokenSourceOptions) {
    const renewAfterMs = options.renewAfterMs ?? DEFAULT_RENEW_AFTER_MS;
    if (!(renewAfterMs > 0 && renewAfterMs < EKS_TOKEN_LIFETIME_MS)) {
      throw new RangeError(`renewAfterMs must be between 0 and ${EKS_TOKEN_LIFETIME_MS} (exclusive), got ${renewAfterMs}`);
    }
    this.#options = options;
    this.#renewAfterMs = renewAfterMs;
    this.#now = options.now ?? ((): Date => new Date());
  }

  async token(): Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && this.#now().getTime() < cached.renewAt) return cached.token;
    this.#minting ??= this.#mint().finally(() => {
      this.#minting = undefined;
    });
    return (await this.#minting).token;
  }

  async #mint(): Promise<CachedToken> {
    const { clusterName, region } = this.#options;
    const signingDate = this.#now();
    let token: string;
    let credentialsExpire: number;
    try {
      const credentials = await this.#options.credentials();
      credentialsExpire = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
      token = await presignEksToken({
        clusterName,
        region,
        credentials,
        stsEndpoint: this.#options.stsEndpoint ?? regionalStsEndpoint(region),
        signingDate,
      });
    } catch (error) {
      throw new EksTokenError(clusterName, `cannot mint an EKS token for cluster ${clusterName} (${region}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const renewAt = Math.min(signingDate.getTime() + this.#renewAfterMs, credentialsExpire - CREDENTIALS_MARGIN_MS);
    this.#cached = { token, renewAt };
    return this.#cached;
  }
}
