// The S3 client of a CLI command, from the environment's values as the edge hands them in (shared/
// reads no process.env). The SDK's own variable names: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (moto,
// MinIO, a VPC endpoint), AWS_REGION / AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY
// (+ AWS_SESSION_TOKEN). Without static keys the SDK's default provider chain resolves credentials
// (profile AWS_PROFILE, SSO, container and instance roles).
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface S3ClientSettings {
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } | undefined;
  readonly profile: string | undefined;
}

export type ParsedS3ClientSettings = { readonly ok: true; readonly settings: S3ClientSettings } | { readonly ok: false; readonly message: string };

/** S3 itself is global: a request to the wrong region is redirected (followRegionRedirects). */
const DEFAULT_REGION = 'us-east-1';

/**
 * The settings for one AWS service's client; `endpointVariable` is the service's own override
 * (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SNS), tried before the generic AWS_ENDPOINT_URL.
 */
export function s3ClientSettings(variables: Readonly<Record<string, string | undefined>>, endpointVariable = 'AWS_ENDPOINT_URL_S3'): ParsedS3ClientSettings {
  const value = (name: string): string | undefined => {
    const v = variables[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const endpoint = value(endpointVariable) ?? value('AWS_ENDPOINT_URL');
  if (endpoint !== undefined && !(URL.canParse(endpoint) && ['http:', 'https:'].includes(new URL(endpoint).protocol))) {
    return { ok: false, message: `${value(endpointVariable) === undefined ? 'AWS_ENDPOINT_URL' : endpointVariable}: ${JSON.stringify(endpoint)} is not an http(s) URL` };
  }
  const accessKeyId = value('AWS_ACCESS_KEY_ID');
  const secretAccessKey = value('AWS_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    return { ok: false, message: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both or neither' };
  }
  const sessionToken = value('AWS_SESSION_TOKEN');
  return {
    ok: true,
    settings: {
      region: value('AWS_REGION') ?? value('AWS_DEFAULT_REGION') ?? DEFAULT_REGION,
      endpoint,
      credentials:
        accessKeyId === undefined || secretAccessKey === undefined
          ? undefined
          : { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) },
      profile: value('AWS_PROFILE'),
    },
  };
}

export function createS3Client(settings: S3ClientSettings): S3Client {
  return new S3Client({
    region: settings.region,
    followRegionRedirects: true,
    // A custom endpoint (moto, MinIO) serves buckets by path, not as subdomains.
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint, forcePathStyle: true }),
    // A store that stops answering must fail the command, not hang it; the SDK only warns about a
    // request past its timeout unless told to throw (@smithy/node-http-handler).
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000, throwOnRequestTimeout: true },
    credentials: settings.credentials ?? fromNodeProviderChain(settings.profile === undefined ? {} : { profile: settings.profile }),
  });
}
