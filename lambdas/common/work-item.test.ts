import { describe, expect, it } from 'vitest';
import { parseWorkItem, WorkItemError, workItemAttributes, workItemBody, type WorkItem } from './work-item.ts';

const ITEM: WorkItem = {
  runId: '2026-11-29T02:00:00.000Z',
  cluster: { account: '111122223333', region: 'eu-west-1', name: 'prod-eu' },
  roleArn: 'arn:aws:iam::111122223333:role/psa-scanner',
};

function refusal(body: string): string {
  try {
    parseWorkItem(body);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkItemError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('work items', () => {
  it('read back what dispatch wrote, with and without a role', () => {
    expect(parseWorkItem(workItemBody(ITEM))).toEqual(ITEM);
    const own: WorkItem = { runId: ITEM.runId, cluster: ITEM.cluster };
    expect(parseWorkItem(workItemBody(own))).toEqual(own);
  });

  it('carry nothing but the run, the cluster and the role', () => {
    expect(JSON.parse(workItemBody(ITEM))).toEqual({ runId: ITEM.runId, cluster: ITEM.cluster, roleArn: ITEM.roleArn });
  });

  it('ignore fields a newer dispatch may add', () => {
    expect(parseWorkItem(JSON.stringify({ ...ITEM, priority: 'high' }))).toEqual(ITEM);
  });

  it('name the cluster, account and region in their message attributes', () => {
    expect(workItemAttributes(ITEM)).toEqual({
      cluster: { DataType: 'String', StringValue: 'prod-eu' },
      account: { DataType: 'String', StringValue: '111122223333' },
      region: { DataType: 'String', StringValue: 'eu-west-1' },
    });
  });

  it('are refused with every wrong field named', () => {
    expect(refusal('{"runId":')).toMatch(/^the work item is not JSON: /);
    expect(refusal(JSON.stringify({ runId: 'yesterday', cluster: { account: '1', region: 'eu-west-1', name: '-x' }, roleArn: 'arn:aws:iam::1:user/x' }))).toBe(
      "the work item is not valid: runId: must be an ISO 8601 date-time (the run's scheduled time); cluster.account: must be a 12-digit AWS account ID; " +
        'cluster.name: must be an EKS cluster name (1-100 of letters, digits, _ and -, starting with a letter or digit); roleArn: must be an IAM role ARN',
    );
    expect(refusal(JSON.stringify({ runId: ITEM.runId }))).toMatch(/cluster: /);
  });
});
