// A real apiserver accepting EKS tokens: this file starts its own servers with the harness's EKS
// token authenticator (a TokenReview webhook standing in for the cluster's aws-iam-authenticator and
// access entries). The endpoint comes from EKS discovery on moto, with an override that points it at
// the harness apiserver, and lists namespaces with the bearer token; tokens for another cluster,
// expired, altered, or signed by a principal without an access entry are refused with 401.

import { readFile } from 'node:fs/promises';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ApiException, AuthenticationV1Api, CoreV1Api, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServers, type Servers } from '../harness/servers.ts';
import type { ReviewLogLine } from '../harness/eks-authenticator/start-eks-authenticator.ts';
import type { ClusterEndpoint } from '../../shared/kube/cluster-endpoint.ts';
import { EKS_TOKEN_PREFIX, presignEksToken, type AwsCredentialsProvider } from '../../shared/kube/eks-token.ts';
import { EksTokenSource } from '../../shared/kube/eks-token-source.ts';
import { parseEksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import { EksFleetSource } from '../../shared/fleet/eks-fleet-source.ts';

const ACCOUNT = '320000000001';
const CLUSTER = 'eks-auth-prod';
const OTHER_CLUSTER = 'eks-auth-other';
const CLUSTER_ARN = `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/${CLUSTER}`;
const SCANNER_ROLE = `arn:aws:iam::${ACCOUNT}:role/psa-scanner`;
const MINUTE = 60_000;
/** moto accepts any keys; fixed ones keep the developer's AWS settings out. */
const BASE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let servers: Servers;
let moto: string;
let endpoint: ClusterEndpoint;
let otherEndpoint: ClusterEndpoint;

function roleCredentials(roleArn: string): AwsCredentialsProvider {
  return fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: 'eks-authenticator-test' },
    masterCredentials: BASE_CREDENTIALS,
    clientConfig: { region: 'eu-west-1', endpoint: moto },
  });
}

/** The override that reaches the harness apiserver instead of moto's made-up endpoint. */
async function harnessOverride(tlsServerName?: string): Promise<Record<string, unknown>> {
  return {
    endpointUrl: servers.apiserverUrl,
    certificateAuthorityData: (await readFile(servers.caCert)).toString('base64'),
    ...(tlsServerName === undefined ? {} : { tlsServerName }),
  };
}

async function discover(overrides: Record<string, unknown>): Promise<readonly ClusterEndpoint[]> {
  const config = parseEksFleetConfig(
    { accounts: [{ roleArn: SCANNER_ROLE, regions: ['eu-west-1'] }], awsEndpoints: { eks: moto, sts: moto }, endpointOverrides: overrides },
    'eks-authenticator.test.ts',
  );
  return (await new EksFleetSource({ config, credentials: async () => BASE_CREDENTIALS }).discover()).endpoints;
}

/** GET /api/v1/namespaces through the endpoint's kubeconfig with `token` as bearer: names, or the HTTP status of a refusal. */
async function listNamespaces(kubeConfig: KubeConfig, token: string): Promise<{ names: string[] } | { status: number }> {
  try {
    const list = await kubeConfig.makeApiClient(CoreV1Api).listNamespace({}, setHeaderOptions('Authorization', `Bearer ${token}`));
    return { names: list.items.map((n) => n.metadata?.name ?? '') };
  } catch (error) {
    if (error instanceof ApiException) return { status: (error as ApiException<unknown>).code };
    throw error;
  }
}

/** The authenticator's decisions so far. */
async function reviews(): Promise<ReviewLogLine[]> {
  const file = servers.eksAuthenticator?.logFile;
  if (file === undefined) throw new Error('started without the EKS authenticator');
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ReviewLogLine);
}

/** The refusal reason the authenticator logged for the last review. */
async function lastRefusal(): Promise<string | undefined> {
  return (await reviews()).at(-1)?.reason;
}

function alter(token: string, edit: (url: URL) => void): string {
  const url = new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
  edit(url);
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url.toString(), 'utf8').toString('base64url')}`;
}

beforeAll(async () => {
  servers = await startServers({
    eksAuthenticator: {
      clusterName: CLUSTER,
      // as an EKS access entry for the scanner role with kubernetesGroups [psa-scanner]
      mappings: [{ arn: SCANNER_ROLE, username: 'psa-scanner', groups: ['psa-scanner'] }],
    },
  });
  if (servers.motoEndpoint === undefined) throw new Error('no moto');
  moto = servers.motoEndpoint;
  const eks = new EKSClient({ endpoint: moto, region: 'eu-west-1', credentials: roleCredentials(`arn:aws:iam::${ACCOUNT}:role/eks-admin`) });
  for (const name of [CLUSTER, OTHER_CLUSTER]) {
    await eks.send(new CreateClusterCommand({ name, roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-cluster`, resourcesVpcConfig: { subnetIds: ['subnet-1'] } }));
  }
  // The harness serving certificate holds DNS:kubernetes (and 127.0.0.1), not moto's made-up hostname.
  const endpoints = await discover({ [CLUSTER_ARN]: await harnessOverride('kubernetes') });
  const find = (name: string): ClusterEndpoint => {
    const found = endpoints.find((e) => e.identity.name === name);
    if (found === undefined) throw new Error(`discovery did not find ${name}`);
    return found;
  };
  endpoint = find(CLUSTER);
  otherEndpoint = find(OTHER_CLUSTER);
});

afterAll(async () => {
  await servers?.stop();
});

describe('an apiserver with the EKS token authenticator', () => {
  it('lets the scanner role list namespaces with the token of a discovered endpoint, as user and group psa-scanner', async () => {
    const token = await endpoint.bearerToken?.token();
    if (token === undefined) throw new Error('an EKS endpoint without a token source');

    expect(await listNamespaces(endpoint.kubeConfig, token)).toEqual({ names: expect.arrayContaining(['default', 'kube-system']) as unknown as string[] });
    const review = await endpoint.kubeConfig
      .makeApiClient(AuthenticationV1Api)
      .createSelfSubjectReview({ body: {} }, setHeaderOptions('Authorization', `Bearer ${token}`));
    expect(review.status?.userInfo).toMatchObject({ username: 'psa-scanner', groups: ['psa-scanner', 'system:authenticated'] });
    expect((await reviews()).find((r) => r.authenticated)).toMatchObject({
      username: 'psa-scanner',
      groups: ['psa-scanner'],
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/psa-scanner/psa-fleet-scanner`,
    });
  });

  it('refuses a token minted for another cluster name (401)', async () => {
    const token = (await otherEndpoint.bearerToken?.token()) ?? '';

    expect(await listNamespaces(endpoint.kubeConfig, token)).toEqual({ status: 401 });
    expect(await lastRefusal()).toBe(`signature does not match (signed for another cluster than ${CLUSTER}, or altered)`);
  });

  it('refuses a token signed more than 15 minutes ago (401)', async () => {
    const expired = new EksTokenSource({
      clusterName: CLUSTER,
      region: 'eu-west-1',
      credentials: roleCredentials(SCANNER_ROLE),
      stsEndpoint: moto,
      now: () => new Date(Date.now() - 16 * MINUTE),
    });

    expect(await listNamespaces(endpoint.kubeConfig, await expired.token())).toEqual({ status: 401 });
    expect(await lastRefusal()).toBe('token expired: signed 16 minutes ago (15 minute lifetime)');
  });

  it('refuses a token whose signed parameters were altered (401)', async () => {
    const signedAt = new Date(Date.now() - 10 * MINUTE);
    const token = await presignEksToken({
      clusterName: CLUSTER,
      region: 'eu-west-1',
      credentials: await roleCredentials(SCANNER_ROLE)(),
      stsEndpoint: moto,
      signingDate: signedAt,
    });
    // X-Amz-Date moved 5 minutes on, to live longer: still inside the window, but no longer what was signed
    const amzDate = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const extended = alter(token, (url) => url.searchParams.set('X-Amz-Date', amzDate(new Date(signedAt.getTime() + 5 * MINUTE))));
    const zeroed = alter(token, (url) => url.searchParams.set('X-Amz-Signature', '0'.repeat(64)));
    const mismatch = `signature does not match (signed for another cluster than ${CLUSTER}, or altered)`;

    expect(await listNamespaces(endpoint.kubeConfig, token)).toMatchObject({ names: expect.any(Array) as unknown as string[] });
    expect(await listNamespaces(endpoint.kubeConfig, extended)).toEqual({ status: 401 });
    expect(await lastRefusal()).toBe(mismatch);
    expect(await listNamespaces(endpoint.kubeConfig, zeroed)).toEqual({ status: 401 });
    expect(await lastRefusal()).toBe(mismatch);
  });

  it('refuses a valid token of a principal without an access entry (401)', async () => {
    const intruder = new EksTokenSource({ clusterName: CLUSTER, region: 'eu-west-1', credentials: roleCredentials(`arn:aws:iam::${ACCOUNT}:role/intruder`), stsEndpoint: moto });

    expect(await listNamespaces(endpoint.kubeConfig, await intruder.token())).toEqual({ status: 401 });
    expect(await lastRefusal()).toBe(`arn:aws:iam::${ACCOUNT}:role/intruder has no access entry`);
  });

  it("checks the certificate against the cluster's own hostname when the override sets no TLS server name", async () => {
    const [viaOverride] = (await discover({ [CLUSTER_ARN]: await harnessOverride() })).filter((e) => e.identity.name === CLUSTER);
    if (viaOverride === undefined) throw new Error(`discovery did not find ${CLUSTER}`);
    const hostname = viaOverride.kubeConfig.getCurrentCluster()?.tlsServerName ?? '';

    const failure = await viaOverride.kubeConfig
      .makeApiClient(CoreV1Api)
      .listNamespace({}, setHeaderOptions('Authorization', `Bearer ${await viaOverride.bearerToken?.token()}`))
      .then(() => undefined, (error: unknown) => error as Error & { cause?: Error & { code?: string } });

    expect(hostname).toMatch(/\.eu-west-1\.eks\.amazonaws\.com$/);
    expect(failure?.cause?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(failure?.cause?.message).toContain(hostname);
  });

  it("moto answers a presigned STS GET as S3 ListBuckets (why the authenticator checks signatures itself)", async () => {
    const token = (await endpoint.bearerToken?.token()) ?? '';
    const url = Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8');

    const response = await fetch(url, { headers: { 'x-k8s-aws-id': CLUSTER, accept: 'application/json' } });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<ListAllMyBucketsResult');
  });
});
