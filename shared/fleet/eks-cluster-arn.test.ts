import { describe, expect, it } from 'vitest';
import { parseEksClusterArn } from './eks-cluster-arn.ts';

describe('parseEksClusterArn', () => {
  it('reads account, region and name from an EKS cluster ARN in any partition', () => {
    expect(parseEksClusterArn('arn:aws:eks:eu-west-1:111122223333:cluster/prod-1')).toEqual({ account: '111122223333', region: 'eu-west-1', name: 'prod-1' });
    expect(parseEksClusterArn('arn:aws-cn:eks:cn-north-1:111122223333:cluster/c_2')).toEqual({ account: '111122223333', region: 'cn-north-1', name: 'c_2' });
    expect(parseEksClusterArn('arn:aws-us-gov:eks:us-gov-west-1:111122223333:cluster/g')).toEqual({ account: '111122223333', region: 'us-gov-west-1', name: 'g' });
  });

  it('refuses what is not an EKS cluster ARN', () => {
    for (const value of [
      'prod-1',
      'arn:aws:eks:eu-west-1:111122223333:nodegroup/prod-1/ng/abc',
      'arn:aws:eks:eu-west-1:1111:cluster/prod-1',
      'arn:aws:ecs:eu-west-1:111122223333:cluster/prod-1',
      'arn:aws:eks:eu-west-1:111122223333:cluster/-bad',
      'arn:aws:eks:eu-west-1:111122223333:cluster/a/b',
    ]) {
      expect(parseEksClusterArn(value), value).toBeUndefined();
    }
  });
});
