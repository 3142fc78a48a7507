import { describe, expect, it } from 'vitest';
import { NotifyError } from '../../shared/notify/notifier.ts';
import { SnapshotStoreError } from '../../shared/store/snapshot-store-error.ts';
import { WorkItemError } from '../common/work-item.ts';
import { ClusterConnectError } from '../common/eks-cluster-connection.ts';
import { WorkItemRefusedError } from '../common/member-credentials.ts';
import { FleetPolicyLoadError } from '../common/s3-fleet-policy.ts';
import { isLastAttempt, itemErrorKind } from './scan-work-item.ts';

describe('a failed work item', () => {
  it('is on its last attempt from the receive that reaches maxReceiveCount', () => {
    const receive = (count: number) => ({ attributes: { ApproximateReceiveCount: String(count), SentTimestamp: '', SenderId: '', ApproximateFirstReceiveTimestamp: '' } });

    expect([1, 2, 3, 4].map((n) => isLastAttempt(receive(n), 3))).toEqual([false, false, true, true]);
  });

  it('is counted by the kind of its failure', () => {
    expect(
      [
        new WorkItemError('x'),
        new WorkItemRefusedError('x'),
        new FleetPolicyLoadError(['x']),
        new ClusterConnectError('credentials', 'x'),
        new ClusterConnectError('describe-cluster', 'x'),
        new ClusterConnectError('token', 'x'),
        new SnapshotStoreError('unavailable', 's3://b/k', 'x'),
        new NotifyError('throttled', 'arn', 'x'),
        new TypeError('x'),
      ].map(itemErrorKind),
    ).toEqual(['invalid-item', 'refused-item', 'fleet-policy', 'credentials', 'describe-cluster', 'token', 'store', 'notify', 'unexpected']);
  });
});
