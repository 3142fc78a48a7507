// EKS discovery against moto: clusters in two regions and behind assumed roles, pagination of
// ListClusters, an opted-out cluster, DescribeCluster mapped into the endpoints, a region that
// fails beside ones that work; and discovery alone (what dispatch runs): each cluster with the role
// that found it and those credentials. The accounts (3100000000xx) are this file's own, so clusters other
// files create in moto's default account do not show up.

import { CreateClusterCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEndpoint } from '../../shared/kube/cluster-endpoint.ts';
import { EKS_TOKEN_PREFIX, type AwsCredentials } from '../../shared/kube/eks-token.ts';
import { parseEksFleetConfig, type EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import { EksClusterDiscovery } from '../../shared/fleet/eks-cluster-discovery.ts';
import { EksFleetSource } from '../../shared/fleet/eks-fleet-source.ts';
import { clusterLabel } from '../../shared/fleet/cluster-identity.ts';
import { motoCallerIdentity, motoIssuedCredentials } from '../harness/eks-authenticator/moto-issued-credentials.ts';
import { servers } from './support/kube.ts';

const OWN_ACCOUNT = '310000000000';
const MEMBER_1 = '310000000001';
const MEMBER_2 = '310000000002';
const SCANNER_ROLE = (account: string): string => `arn:aws:iam::${account}:role/psa-scanner`;
const UNKNOWN_REGION = 'zz-nowhere-9'; // moto answers 500 for a region it does not know

function moto(): string {
  const endpoint = servers().motoEndpoint;
  if (endpoint === undefined) throw new Error('the harness was started without moto');
  return endpoint;
}

/** moto issues keys that belong to the account of the role assumed; fixed keys keep the developer's AWS settings out. */
async function credentialsIn(account: string, role = 'eks-admin'): Promise<AwsCredentials> {
  const sts = new STSClient({ endpoint: moto(), region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: 'fixture' }));
  if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) throw new Error('AssumeRole gave no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

async function createCluster(account: string, region: string, name: string, tags: Record<string, string> = {}): Promise<void> {
  const eks = new EKSClient({ endpoint: moto(), region, credentials: await credentialsIn(account) });
  await eks.send(new CreateClusterCommand({
    name, roleArn: `arn:aws:iam::${account}:role/eks-cluster`, resourcesVpcConfig: { subnetIds: ['subnet-1'] }, tags,
  }));
}

function config(overrides: Record<string, unknown> = {}): EksFleetConfig {
  return parseEksFleetConfig(
    {
      accounts: [
        { regions: ['eu-west-1'] },
        { roleArn: SCANNER_ROLE(MEMBER_1), regions: ['eu-west-1', 'us-east-2'] },
        { roleArn: SCANNER_ROLE(MEMBER_2), regions: ['eu-west-1'] },
      ],
      awsEndpoints: { eks: moto(), sts: moto() },
      listClustersPageSize: 2,
      ...overrides,
    },
    'eks-fleet-discovery.test.ts',
  );
}

/** The scanner's own credentials: a role session in OWN_ACCOUNT, as a Lambda's execution role would be. */
let ownCredentials: AwsCredentials;

beforeAll(async () => {
  ownCredentials = await credentialsIn(OWN_ACCOUNT, 'psa-dispatch');
  await Promise.all([
    createCluster(OWN_ACCOUNT, 'eu-west-1', 'fd-own'),
    // four in one region: two pages of two
    createCluster(MEMBER_1, 'eu-west-1', 'fd-a1', { team: 'payments' }),
    createCluster(MEMBER_1, 'eu-west-1', 'fd-a2'),
    createCluster(MEMBER_1, 'eu-west-1', 'fd-a3'),
    createCluster(MEMBER_1, 'eu-west-1', 'fd-opted-out', { 'psa-fleet-scanner/opt-out': 'true' }),
    createCluster(MEMBER_1, 'us-east-2', 'fd-b1'),
    createCluster(MEMBER_2, 'eu-west-1', 'fd-c1'),
  ]);
});

function labels(endpoints: readonly ClusterEndpoint[]): string[] {
  return endpoints.map((e) => clusterLabel(e.identity));
}

describe('EksFleetSource on moto', () => {
  it('finds the clusters of every account and region, paging through ListClusters, and skips the opted-out one', async () => {
    const discovery = await new EksFleetSource({ config: config(), credentials: async () => ownCredentials }).discover();

    expect(labels(discovery.endpoints)).toEqual([
      `${OWN_ACCOUNT}/eu-west-1/fd-own`,
      `${MEMBER_1}/eu-west-1/fd-a1`,
      `${MEMBER_1}/eu-west-1/fd-a2`,
      `${MEMBER_1}/eu-west-1/fd-a3`,
      `${MEMBER_1}/us-east-2/fd-b1`,
      `${MEMBER_2}/eu-west-1/fd-c1`,
    ]);
    expect(discovery.skipped).toEqual([
      {
        identity: { account: MEMBER_1, region: 'eu-west-1', name: 'fd-opted-out' },
        reason: { kind: 'opted-out', tag: { key: 'psa-fleet-scanner/opt-out', value: 'true' } },
      },
    ]);
    expect(discovery.failed).toEqual([]);
  });

  it('maps DescribeCluster into the endpoint: server, CA, cluster ARN as context, tags', async () => {
    const discovery = await new EksFleetSource({ config: config(), credentials: async () => ownCredentials }).discover();
    const eks = new EKSClient({ endpoint: moto(), region: 'eu-west-1', credentials: await credentialsIn(MEMBER_1) });
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'fd-a1' }));

    const endpoint = discovery.endpoints.find((e) => e.identity.name === 'fd-a1');

    expect(endpoint?.kubeConfig.getCurrentContext()).toBe(cluster?.arn);
    expect(endpoint?.kubeConfig.getCurrentCluster()).toEqual({
      name: cluster?.arn,
      server: cluster?.endpoint?.replace(/\/$/, ''),
      caData: cluster?.certificateAuthority?.data,
      skipTLSVerify: false,
    });
    expect(endpoint?.tags).toEqual({ team: 'payments' });
  });

  it("signs each cluster's token with the member account's role session, for that cluster", async () => {
    const discovery = await new EksFleetSource({ config: config(), credentials: async () => ownCredentials }).discover();
    const endpoint = discovery.endpoints.find((e) => e.identity.name === 'fd-b1');

    const token = (await endpoint?.bearerToken?.token()) ?? '';
    const url = new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
    const accessKeyId = url.searchParams.get('X-Amz-Credential')?.split('/')[0] ?? '';
    const issued = await motoIssuedCredentials(moto(), accessKeyId);
    if (issued === undefined) throw new Error(`moto did not issue ${accessKeyId}`);

    expect(url.origin).toBe(moto());
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^[A-Z0-9]+\/\d{8}\/us-east-2\/sts\/aws4_request$/);
    expect((await motoCallerIdentity(moto(), 'us-east-2', issued)).arn).toBe(`arn:aws:sts::${MEMBER_1}:assumed-role/psa-scanner/psa-fleet-scanner`);
  });

  it('applies a per-cluster endpoint override', async () => {
    const arn = `arn:aws:eks:eu-west-1:${MEMBER_2}:cluster/fd-c1`;
    const discovery = await new EksFleetSource({
      config: config({ endpointOverrides: { [arn]: { endpointUrl: 'https://10.1.2.3:443', tlsServerName: 'fd-c1.internal' } } }),
      credentials: async () => ownCredentials,
    }).discover();

    const cluster = discovery.endpoints.find((e) => e.identity.name === 'fd-c1')?.kubeConfig.getCurrentCluster();

    expect(cluster).toMatchObject({ server: 'https://10.1.2.3:443', tlsServerName: 'fd-c1.internal' });
  });

  it('reports a region that fails and still returns the others', async () => {
    const discovery = await new EksFleetSource({
      config: config({ accounts: [{ roleArn: SCANNER_ROLE(MEMBER_2), regions: [UNKNOWN_REGION, 'eu-west-1'] }] }),
      credentials: async () => ownCredentials,
    }).discover();

    expect(labels(discovery.endpoints)).toEqual([`${MEMBER_2}/eu-west-1/fd-c1`]);
    expect(discovery.failed).toHaveLength(1);
    expect(discovery.failed[0]).toMatchObject({ account: MEMBER_2, region: UNKNOWN_REGION, roleArn: SCANNER_ROLE(MEMBER_2), step: 'list-clusters' });
    expect(discovery.failed[0]?.cause).toBeInstanceOf(Error);
  });

  it('reports every account/region as a credentials failure when the own credentials fail, with the cause', async () => {
    const cause = new Error('no credentials in this environment');
    const discovery = await new EksFleetSource({
      config: config(),
      credentials: async () => {
        throw cause;
      },
    }).discover();

    expect(discovery.endpoints).toEqual([]);
    expect(discovery.failed.map((f) => [f.account, f.region, f.step])).toEqual([
      [MEMBER_1, 'eu-west-1', 'credentials'],
      [MEMBER_1, 'us-east-2', 'credentials'],
      [MEMBER_2, 'eu-west-1', 'credentials'],
      ['caller', 'eu-west-1', 'credentials'],
    ]);
    for (const failure of discovery.failed) expect(failure.message).toContain('no credentials in this environment');
  });
});

describe('EksClusterDiscovery on moto', () => {
  it('returns each cluster to scan with what reaches it and the role that found it, none for the own credentials', async () => {
    const discovery = await new EksClusterDiscovery({ config: config(), credentials: async () => ownCredentials }).discover();
    const eks = new EKSClient({ endpoint: moto(), region: 'eu-west-1', credentials: await credentialsIn(MEMBER_1) });
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: 'fd-a1' }));

    expect(discovery.clusters.map((c) => [clusterLabel(c.access.identity), c.roleArn])).toEqual([
      [`${OWN_ACCOUNT}/eu-west-1/fd-own`, undefined],
      [`${MEMBER_1}/eu-west-1/fd-a1`, SCANNER_ROLE(MEMBER_1)],
      [`${MEMBER_1}/eu-west-1/fd-a2`, SCANNER_ROLE(MEMBER_1)],
      [`${MEMBER_1}/eu-west-1/fd-a3`, SCANNER_ROLE(MEMBER_1)],
      [`${MEMBER_1}/us-east-2/fd-b1`, SCANNER_ROLE(MEMBER_1)],
      [`${MEMBER_2}/eu-west-1/fd-c1`, SCANNER_ROLE(MEMBER_2)],
    ]);
    expect(discovery.clusters.find((c) => c.access.identity.name === 'fd-a1')?.access).toEqual({
      identity: { account: MEMBER_1, region: 'eu-west-1', name: 'fd-a1' },
      arn: cluster?.arn,
      endpoint: cluster?.endpoint,
      certificateAuthorityData: cluster?.certificateAuthority?.data,
      tags: { team: 'payments' },
    });
    expect(discovery.skipped.map((s) => [clusterLabel(s.identity), s.reason.kind])).toEqual([[`${MEMBER_1}/eu-west-1/fd-opted-out`, 'opted-out']]);
    expect(discovery.failed).toEqual([]);
  });

  it("hands out the credentials that found each cluster: the member role's session, fetched once", async () => {
    const discovery = await new EksClusterDiscovery({ config: config(), credentials: async () => ownCredentials }).discover();
    const found = discovery.clusters.find((c) => c.access.identity.name === 'fd-b1');
    if (found === undefined) throw new Error('fd-b1 was not discovered');

    const credentials = await found.credentials();
    const { sessionToken } = credentials;
    if (sessionToken === undefined) throw new Error('an assumed role session has a session token');

    expect((await motoCallerIdentity(moto(), 'us-east-2', { ...credentials, sessionToken })).arn).toBe(`arn:aws:sts::${MEMBER_1}:assumed-role/psa-scanner/psa-fleet-scanner`);
    expect(await found.credentials()).toBe(credentials); // cached: one AssumeRole per account and region
  });
});
