// Which roles a work item may make the scan assume: decided before any AWS call (a refused item
// never reaches STS; the assumed roles themselves run against moto in test/e2e).
import { describe, expect, it } from 'vitest';
import { parseEksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import type { AwsCredentialsProvider } from '../../shared/kube/eks-token.ts';
import type { WorkItem } from './work-item.ts';
import { MemberCredentials, WorkItemRefusedError } from './member-credentials.ts';

const ROLE = 'arn:aws:iam::111122223333:role/psa-scanner';
const CONFIG = parseEksFleetConfig({ accounts: [{ roleArn: ROLE, regions: ['eu-west-1'] }, { regions: ['us-east-2'] }] }, 'test');
const OWN: AwsCredentialsProvider = async () => ({ accessKeyId: 'own', secretAccessKey: 'own' });
const item = (account: string, region: string, roleArn?: string): WorkItem => ({
  runId: '2026-11-29T02:00:00.000Z',
  cluster: { account, region, name: 'c' },
  ...(roleArn === undefined ? {} : { roleArn }),
});

function refusal(work: WorkItem): string {
  try {
    new MemberCredentials(CONFIG, OWN).for(work);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkItemRefusedError);
    return (error as Error).message;
  }
  throw new Error('allowed');
}

describe('MemberCredentials', () => {
  it("uses the function's own credentials for an account listed without a role", () => {
    expect(new MemberCredentials(CONFIG, OWN).for(item('999988887777', 'us-east-2'))).toBe(OWN);
  });

  it('gives one cached provider per role and region', () => {
    const credentials = new MemberCredentials(CONFIG, OWN);
    const provider = credentials.for(item('111122223333', 'eu-west-1', ROLE));

    expect(provider).not.toBe(OWN);
    expect(credentials.for(item('111122223333', 'eu-west-1', ROLE))).toBe(provider);
  });

  it('refuses a role FLEET_CONFIG does not list, a role of another account, and a region not searched', () => {
    expect(refusal(item('111122223333', 'eu-west-1', 'arn:aws:iam::111122223333:role/admin'))).toBe(
      "the item's role arn:aws:iam::111122223333:role/admin is not a roleArn of FLEET_CONFIG",
    );
    expect(refusal(item('444455556666', 'eu-west-1', ROLE))).toBe(`the item's cluster is in account 444455556666, its role ${ROLE} in another`);
    expect(refusal(item('111122223333', 'us-east-2', ROLE))).toBe(`FLEET_CONFIG does not search region us-east-2 with ${ROLE}`);
    expect(refusal(item('999988887777', 'eu-west-1'))).toBe('FLEET_CONFIG does not search region eu-west-1 with the own credentials');
  });
});
