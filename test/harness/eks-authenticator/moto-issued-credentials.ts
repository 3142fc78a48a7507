// What STS knows and moto's STS will not say for a presigned URL: the secret behind an access key,
// and whom the key belongs to.
//
// moto 5.2.5 cannot answer a presigned GetCallerIdentity: its server picks the service from the
// Authorization header's credential scope, and a presigned GET has none, so the request is routed
// to S3 (a ListBuckets answer comes back); even routed to STS, GetCallerIdentity names the caller by
// the Authorization header (or SigV2's AWSAccessKeyId) only, else the default `user/moto`; and it
// checks no signatures unless its IAM auth mode is on, which reads the Authorization header too.
// (moto/moto_server/werkzeug_app.py infer_service_region_host, moto/core/responses.py get_access_key.)
// So the authenticator looks the key up in moto's state (/moto-api/data.json holds every assumed
// role session with its keys), checks the signature itself, and asks moto's STS who the key is with
// a request signed the ordinary way.

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

interface MotoAssumedRole {
  readonly access_key_id?: string;
  readonly secret_access_key?: string;
  readonly session_token?: string;
}

/** The AssumeRole session moto issued `accessKeyId` to, or undefined when moto never issued it. */
export async function motoIssuedCredentials(motoEndpoint: string, accessKeyId: string): Promise<IssuedCredentials | undefined> {
  const response = await fetch(`${motoEndpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`moto /moto-api/data.json answered ${response.status}`);
  const data = (await response.json()) as { sts?: { AssumedRole?: MotoAssumedRole[] } };
  const role = data.sts?.AssumedRole?.find((r) => r.access_key_id === accessKeyId);
  if (role?.secret_access_key === undefined || role.session_token === undefined) return undefined;
  return { accessKeyId, secretAccessKey: role.secret_access_key, sessionToken: role.session_token };
}

/** GetCallerIdentity signed with `credentials` (Authorization header), which moto answers for the key. */
export async function motoCallerIdentity(
  motoEndpoint: string,
  region: string,
  credentials: IssuedCredentials,
): Promise<{ arn: string; account: string; userId: string }> {
  const sts = new STSClient({ endpoint: motoEndpoint, region, credentials, maxAttempts: 1 });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (identity.Arn === undefined || identity.Account === undefined || identity.UserId === undefined) {
      throw new Error('GetCallerIdentity answered without Arn, Account or UserId');
    }
    return { arn: identity.Arn, account: identity.Account, userId: identity.UserId };
  } finally {
    sts.destroy();
  }
}
