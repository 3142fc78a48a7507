import { describe, expect, it } from 'vitest';
import { selectCluster, type DescribedCluster } from './eks-cluster-selection.ts';

const OPT_OUT = { key: 'psa-fleet-scanner/opt-out', value: 'true' };

const ACTIVE: DescribedCluster = {
  name: 'prod-1',
  arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-1',
  status: 'ACTIVE',
  endpoint: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
  certificateAuthority: { data: 'LS0tLS1CRUdJTg==' },
  tags: { team: 'payments' },
};

describe('selectCluster', () => {
  it('scans an ACTIVE cluster with what DescribeCluster said', () => {
    expect(selectCluster(ACTIVE, OPT_OUT)).toEqual({
      kind: 'scan',
      access: {
        identity: { account: '111122223333', region: 'eu-west-1', name: 'prod-1' },
        arn: ACTIVE.arn,
        endpoint: ACTIVE.endpoint,
        certificateAuthorityData: 'LS0tLS1CRUdJTg==',
        tags: { team: 'payments' },
      },
    });
  });

  it('skips a cluster tagged with the opt-out key and value, whatever its status', () => {
    const optedOut = { ...ACTIVE, status: 'UPDATING', tags: { 'psa-fleet-scanner/opt-out': 'true' } };

    expect(selectCluster(optedOut, OPT_OUT)).toEqual({
      kind: 'skip',
      identity: { account: '111122223333', region: 'eu-west-1', name: 'prod-1' },
      reason: { kind: 'opted-out', tag: OPT_OUT },
    });
  });

  it('compares the opt-out value exactly, under the configured key', () => {
    expect(selectCluster({ ...ACTIVE, tags: { 'psa-fleet-scanner/opt-out': 'false' } }, OPT_OUT).kind).toBe('scan');
    expect(selectCluster({ ...ACTIVE, tags: { 'psa-fleet-scanner/opt-out': 'TRUE' } }, OPT_OUT).kind).toBe('scan');
    expect(selectCluster({ ...ACTIVE, tags: { 'scan-me': 'no' } }, { key: 'scan-me', value: 'no' }).kind).toBe('skip');
  });

  it.each(['CREATING', 'UPDATING', 'DELETING', 'FAILED', 'PENDING'])('skips a %s cluster and says its status', (status) => {
    expect(selectCluster({ ...ACTIVE, status }, OPT_OUT)).toMatchObject({ kind: 'skip', reason: { kind: 'not-active', status } });
  });

  it('fails an ACTIVE cluster described without endpoint or CA', () => {
    expect(selectCluster({ ...ACTIVE, endpoint: undefined, certificateAuthority: {} }, OPT_OUT)).toEqual({
      kind: 'fail',
      message: 'ACTIVE cluster arn:aws:eks:eu-west-1:111122223333:cluster/prod-1 has no endpoint or certificateAuthority.data in DescribeCluster',
    });
  });

  it('fails a description without a cluster ARN', () => {
    expect(selectCluster({ ...ACTIVE, arn: undefined }, OPT_OUT)).toEqual({ kind: 'fail', message: 'DescribeCluster gave no EKS cluster ARN (arn: undefined)' });
  });
});
