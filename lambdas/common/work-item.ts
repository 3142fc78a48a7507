// One cluster to scan in one fleet run: the body of an SQS message from dispatch to scan. It names
// the cluster and the role to reach it with, nothing secret: the scan looks the cluster up again
// (DescribeCluster through that role) and mints its own EKS token. runId ties the scan to the run,
// so a redelivered item is recognised (its cluster's latest snapshot already carries the runId).
import { z } from 'zod';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';

export interface WorkItem {
  /** The run's scheduled time, ISO 8601 (`2026-11-29T02:00:00.000Z`). */
  readonly runId: string;
  readonly cluster: ClusterIdentity;
  /** The member account's role; absent: the scan function's own credentials (its own account). */
  readonly roleArn?: string;
}

// The formats of shared/fleet (eks-fleet-config.ts, eks-cluster-arn.ts), so an item dispatch could
// not have produced is refused before anything is called with it.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;

export const runIdSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time (the run\'s scheduled time)' });

export const workItemSchema = z.object({
  runId: runIdSchema,
  cluster: z.object({
    account: z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account ID' }),
    region: z.string().regex(REGION, { error: 'must be an AWS region such as eu-west-1' }),
    name: z.string().regex(CLUSTER_NAME, { error: 'must be an EKS cluster name (1-100 of letters, digits, _ and -, starting with a letter or digit)' }),
  }),
  roleArn: z.string().regex(ROLE_ARN, { error: 'must be an IAM role ARN' }).optional(),
});

export class WorkItemError extends Error {
  override readonly name = 'WorkItemError';
}

/** `cluster.account` from a zod issue path. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

/** The message body as a work item; WorkItemError says which field is wrong and why. */
export function parseWorkItem(body: string): WorkItem {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new WorkItemError(`the work item is not JSON: ${(error as Error).message}`);
  }
  const parsed = workItemSchema.safeParse(json);
  if (!parsed.success) {
    throw new WorkItemError(`the work item is not valid: ${parsed.error.issues.map((i) => `${fieldName(i.path)}: ${i.message}`).join('; ')}`);
  }
  const { runId, cluster, roleArn } = parsed.data;
  return { runId, cluster: { account: cluster.account, region: cluster.region, name: cluster.name }, ...(roleArn === undefined ? {} : { roleArn }) };
}

export function workItemBody(item: WorkItem): string {
  return JSON.stringify({ runId: item.runId, cluster: item.cluster, ...(item.roleArn === undefined ? {} : { roleArn: item.roleArn }) });
}

/** SQS message attributes: what a person looking at the queue or the DLQ sees without opening the body. */
export function workItemAttributes(item: WorkItem): Record<'cluster' | 'account' | 'region', { DataType: 'String'; StringValue: string }> {
  return {
    cluster: { DataType: 'String', StringValue: item.cluster.name },
    account: { DataType: 'String', StringValue: item.cluster.account },
    region: { DataType: 'String', StringValue: item.cluster.region },
  };
}
